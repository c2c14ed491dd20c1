import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { buildReleasePackage } from '../../apps/api/src/modules/procurement/ocds.js';
import { allFixtures, OCDS_OPTIONS } from '../../apps/api/src/modules/procurement/ocds.fixtures.js';

/**
 * OCDS 1.1.5 conformance of our release packages, against the official schemas and codelists.
 *
 *   npx tsx scripts/conformance/ocds.ts <reference-dir>                 packages built from the shared fixtures
 *   npx tsx scripts/conformance/ocds.ts <reference-dir> --file a.json   a package served by the API (repeatable)
 *
 * <reference-dir> holds release-package-schema.json, release-schema.json and codelists/*.csv (or has them under ocds/).
 * Exits 1 listing every error; closed codelists must match exactly, open ones warn on unlisted or deprecated codes.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: unknown };

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: npx tsx scripts/conformance/ocds.ts <reference-dir> [--file package.json ...]\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const files: string[] = [];
let refArg: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--file') {
    const f = args[++i];
    if (!f) usage('--file needs a path');
    files.push(f);
  } else if (a.startsWith('--file=')) files.push(a.slice('--file='.length));
  else if (!refArg) refArg = a;
  else usage(`unexpected argument ${a}`);
}
if (!refArg) usage('missing <reference-dir>');
let refDir = resolve(refArg);
if (!existsSync(join(refDir, 'release-schema.json')) && existsSync(join(refDir, 'ocds', 'release-schema.json'))) {
  refDir = join(refDir, 'ocds');
}
for (const f of ['release-package-schema.json', 'release-schema.json', 'codelists']) {
  if (!existsSync(join(refDir, f))) usage(`${join(refDir, f)} not found`);
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Schema;
const packageSchema = readJson(join(refDir, 'release-package-schema.json'));
const releaseSchema = readJson(join(refDir, 'release-schema.json'));

// The OCDS schemas are draft-04 and carry their own annotation keywords (codelist, openCodelist, deprecated…).
// both packages are CommonJS: under NodeNext the class and the plugin are their `default` export
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
ajv.addSchema(releaseSchema);
const validatePackage = ajv.compile(packageSchema);

/** Codelist file → its codes (and which of them are deprecated). */
const codelists = new Map<string, { codes: Set<string>; deprecated: Set<string> }>();
function codelist(file: string) {
  let list = codelists.get(file);
  if (!list) {
    const path = join(refDir, 'codelists', file);
    if (!existsSync(path)) {
      throw new Error(`codelist ${file} referenced by the schema is missing from ${refDir}/codelists`);
    }
    const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    list = {
      codes: new Set(rows.map((r) => r.Code!)),
      deprecated: new Set(rows.filter((r) => r.Deprecated).map((r) => r.Code!)),
    };
    codelists.set(file, list);
  }
  return list;
}

const definitions = (releaseSchema.definitions ?? {}) as Record<string, Schema>;
const deref = (s: Schema): Schema => {
  const ref = s.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    return deref(definitions[ref.slice('#/definitions/'.length)]!);
  }
  return s;
};

/** Walks a release beside its schema and checks every value of a field that names a codelist. */
function checkCodelists(schema: Schema, data: Json, path: string, errors: string[], warnings: string[]) {
  const s = deref(schema);
  if (typeof s.codelist === 'string' && data !== null && data !== undefined) {
    const { codes, deprecated } = codelist(s.codelist);
    const values = Array.isArray(data) ? data : [data];
    for (const v of values) {
      if (typeof v !== 'string') continue;
      if (s.openCodelist === false && !codes.has(v)) {
        errors.push(`${path}: "${v}" is not in the closed codelist ${s.codelist}`);
      } else if (deprecated.has(v)) errors.push(`${path}: "${v}" is deprecated in ${s.codelist}`);
      else if (!codes.has(v)) warnings.push(`${path}: "${v}" is not in the open codelist ${s.codelist}`);
    }
  }
  if (Array.isArray(data) && s.items && typeof s.items === 'object') {
    data.forEach((item, i) => checkCodelists(s.items as Schema, item, `${path}/${i}`, errors, warnings));
  } else if (data && typeof data === 'object' && !Array.isArray(data) && s.properties) {
    const props = s.properties as Record<string, Schema>;
    for (const [k, v] of Object.entries(data)) {
      if (props[k]) checkCodelists(props[k], v, `${path}/${k}`, errors, warnings);
    }
  }
}

type Obj = { [k: string]: Json };
const asObj = (v: Json | undefined): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const asArr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** Rules of the standard that JSON Schema cannot express: identifiers, references between sections, extensions. */
function checkSemantics(pkg: Obj, errors: string[]) {
  const extensions = asArr(pkg.extensions).map(String);
  asArr(pkg.releases).forEach((r, ri) => {
    const release = asObj(r);
    const at = `/releases/${ri}`;
    const ocid = String(release.ocid ?? '');
    if (!/^ocds-[a-z0-9]{6}-./.test(ocid)) {
      errors.push(`${at}/ocid: "${ocid}" does not start with a registered-style prefix ocds-xxxxxx-`);
    }
    if (String(release.id ?? '').includes('#')) errors.push(`${at}/id: must not contain #`);
    const parties = new Map(
      asArr(release.parties).map((p) => [String(asObj(p).id), asArr(asObj(p).roles).map(String)]),
    );
    const needRole = (refValue: Json | undefined, role: string, where: string) => {
      const id = String(asObj(refValue).id);
      const roles = parties.get(id);
      if (!roles) errors.push(`${where}: references party "${id}" missing from parties`);
      else if (!roles.includes(role)) errors.push(`${where}: party "${id}" lacks the role ${role}`);
    };
    if (release.buyer) needRole(release.buyer, 'buyer', `${at}/buyer`);
    const tender = asObj(release.tender);
    if (tender.procuringEntity) needRole(tender.procuringEntity, 'procuringEntity', `${at}/tender/procuringEntity`);
    asArr(tender.tenderers).forEach((t, i) => needRole(t, 'tenderer', `${at}/tender/tenderers/${i}`));
    const awardIds = new Set<string>();
    asArr(release.awards).forEach((a, ai) => {
      awardIds.add(String(asObj(a).id));
      asArr(asObj(a).suppliers).forEach((s, i) => needRole(s, 'supplier', `${at}/awards/${ai}/suppliers/${i}`));
    });
    asArr(release.contracts).forEach((c, ci) => {
      const awardID = String(asObj(c).awardID);
      if (!awardIds.has(awardID)) errors.push(`${at}/contracts/${ci}/awardID: "${awardID}" matches no award`);
    });
    // Fields of the lots extension are only meaningful when the package declares it.
    const lotIds = new Set(asArr(tender.lots).map((l) => String(asObj(l).id)));
    const usesLots =
      lotIds.size > 0 ||
      asArr(tender.items).some((i) => 'relatedLot' in asObj(i)) ||
      asArr(release.awards).some((a) => 'relatedLots' in asObj(a));
    if (usesLots && !extensions.some((e) => e.includes('ocds_lots_extension'))) {
      errors.push(`${at}: uses lots fields but the package does not declare the lots extension`);
    }
    asArr(tender.items).forEach((item, i) => {
      const rel = asObj(item).relatedLot;
      if (rel !== undefined && !lotIds.has(String(rel))) {
        errors.push(`${at}/tender/items/${i}/relatedLot: "${String(rel)}" matches no lot`);
      }
    });
    asArr(tender.lots).forEach((l, i) => {
      const status = asObj(l).status;
      if (status !== null && status !== undefined && !codelist('tenderStatus.csv').codes.has(String(status))) {
        errors.push(`${at}/tender/lots/${i}/status: "${String(status)}" is not in tenderStatus.csv`);
      }
    });
  });
}

function check(name: string, pkg: Json): boolean {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!validatePackage(pkg)) {
    for (const e of validatePackage.errors ?? []) {
      errors.push(
        `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.keyword === 'enum' ? '' : ` ${JSON.stringify(e.params)}`}`,
      );
    }
  }
  asArr(asObj(pkg).releases).forEach((r, i) => checkCodelists(releaseSchema, r, `/releases/${i}`, errors, warnings));
  checkSemantics(asObj(pkg), errors);
  const releases = asArr(asObj(pkg).releases).length;
  process.stdout.write(
    `${errors.length ? 'FAIL' : 'ok  '} ${name} (${releases} release${releases === 1 ? '' : 's'})\n`,
  );
  for (const e of errors) process.stdout.write(`       error   ${e}\n`);
  for (const w of warnings) process.stdout.write(`       warning ${w}\n`);
  return errors.length === 0;
}

const targets: { name: string; pkg: Json }[] = files.length
  ? files.map((f) => ({ name: f, pkg: JSON.parse(readFileSync(f, 'utf8')) as Json }))
  : allFixtures().map(({ name, input }) => ({ name, pkg: buildReleasePackage(input, OCDS_OPTIONS) as Json }));

let failed = 0;
for (const t of targets) if (!check(t.name, t.pkg)) failed++;
const commitFile = join(refDir, 'codelists', 'SOURCE_COMMIT.txt');
const tag = existsSync(commitFile) ? readFileSync(commitFile, 'utf8').trim() : '';
process.stdout.write(
  `OCDS conformance: ${targets.length - failed}/${targets.length} packages valid against ${String(packageSchema.id)} ` +
    `and ${codelists.size} codelists${tag ? ` (codelists commit ${tag.slice(0, 12)})` : ''}\n`,
);
process.exit(failed ? 1 : 0);

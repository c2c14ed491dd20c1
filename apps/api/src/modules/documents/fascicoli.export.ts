import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { soggettiXml, xmlDocument, type XmlNode } from './documents.metadata.js';

export const SINCRO_NS = 'http://www.uni.com/U3011/sincro-v2/';
export const LAWS_AND_REGULATIONS = 'Linee Guida sulla formazione, gestione e conservazione dei documenti informatici';
export const APPLICATION = { name: 'Province & Comuni', version: '0.1.0', producer: 'Unione delle Province d\u2019Italia' };

/** One file of an exported package, as PIndex.xml lists it. */
export interface PackageFile {
  id: string;
  path: string;
  /** SHA-256, hexadecimal. */
  sha256: string;
  format: string;
  extension?: string;
}

export const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
export const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A file name safe inside an archive: no folders, no control or reserved characters, at most 150 characters. */
export function zipSafeName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[/\\<>:"|?*]/g, '_')
    .replace(/^\.+/, '_')
    .trim();
  const safe = cleaned || 'documento';
  if (safe.length <= 150) return safe;
  const dot = safe.lastIndexOf('.');
  const ext = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
  return safe.slice(0, 150 - ext.length) + ext;
}

/** The UNI SInCRO v2 index (PIndex) of an exported fascicolo. */
export function pindexXml(p: {
  id: string;
  label: string;
  holder: string;
  files: PackageFile[];
  createdAt: Date;
}): string {
  const root: XmlNode = [
    'PIndex',
    [
      [
        'SelfDescription',
        [
          ['ID', `${p.id}-PIndex`],
          [
            'CreatingApplication',
            [
              ['Name', APPLICATION.name],
              ['Version', APPLICATION.version],
              ['Producer', APPLICATION.producer],
            ],
          ],
        ],
      ],
      [
        'PVolume',
        [
          ['ID', p.id],
          ['Label', p.label],
        ],
      ],
      [
        'FileGroup',
        [
          ['ID', `${p.id}-FG1`],
          ['Label', p.label],
          ...p.files.map((f): XmlNode => [
            'File',
            [
              ['ID', f.id],
              ['Path', f.path],
              ['Hash', hexToBase64(f.sha256), { hashFunction: 'SHA-256' }],
            ],
            { encoding: 'binary', format: f.format, ...(f.extension ? { extension: f.extension } : {}) },
          ]),
        ],
      ],
      [
        'Process',
        [
          ['Submitter', [['Agent', [['AgentName', [['FormalName', p.holder]]]], { type: 'organization', role: 'OtherRole' }]]],
          ['Holder', [['Agent', [['AgentName', [['FormalName', p.holder]]]], { type: 'organization', role: 'OtherRole' }]], { holderRole: 'soggetto produttore' }],
          ['TimeReference', [['TimeInfo', p.createdAt.toISOString()]]],
          ['LawsAndRegulations', LAWS_AND_REGULATIONS],
        ],
      ],
    ],
    { xmlns: SINCRO_NS, language: 'it', uri: `${SINCRO_NS}PIndex.xsd`, sincroVersion: '2.0' },
  ];
  return xmlDocument(root);
}

export interface FascicoloFacts {
  identifier: string;
  aggregationType: string;
  fascicoloType: string | null;
  title: string;
  enteName: string | null;
  enteIpa: string | null;
  classification: { indice: string; descrizione?: string; piano?: string } | null;
  responsible: string | null;
  openedOn: string;
  closedOn: string | null;
  progressive: string;
  retentionYears: number | null;
  note?: string;
  paroleChiave?: string[];
  documents: { identificativo: string; nome: string }[];
}

/** The aggregation metadata (Allegato 5 §6.3) of a fascicolo. */
export function fascicoloXml(f: FascicoloFacts): string {
  const soggetti = soggettiXml([
    ...(f.enteName
      ? [{ ruolo: 'Amministrazione che effettua la registrazione' as const, tipo: 'PAI' as const, denominazione: f.enteName, codiceIPA: f.enteIpa ?? undefined }]
      : []),
  ]);
  const root: XmlNode = [
    'AggregazioneDocumentaleInformatica',
    [
      [
        'IdAgg',
        [
          ['TipoAggregazione', f.aggregationType],
          ['IdAggregazione', f.identifier],
        ],
      ],
      ['TipologiaFascicolo', f.fascicoloType],
      soggetti ?? ['Soggetti', undefined],
      f.responsible
        ? [
            'Assegnazione',
            [
              ['TipoAssegnazione', 'per competenza'],
              ['SoggettoAssegnatario', [['Denominazione', f.responsible]]],
            ],
          ]
        : ['Assegnazione', undefined],
      ['DataApertura', f.openedOn],
      f.classification
        ? [
            'Classificazione',
            [
              ['IndiceDiClassificazione', f.classification.indice],
              ['Descrizione', f.classification.descrizione],
              ['PianoDiClassificazione', f.classification.piano],
            ],
          ]
        : ['Classificazione', undefined],
      ['Progressivo', f.progressive],
      [
        'ChiaveDescrittiva',
        [['Oggetto', f.title], ...(f.paroleChiave ?? []).map((p): XmlNode => ['ParoleChiave', p])],
      ],
      ['DataChiusura', f.closedOn],
      [
        'IndiceDocumenti',
        f.documents.map((d): XmlNode => [
          'IdDoc',
          [
            ['Identificativo', d.identificativo],
            ['NomeDelDocumento', d.nome],
          ],
        ]),
      ],
      ['TempoDiConservazione', f.retentionYears],
      ['Note', f.note],
    ],
  ];
  return xmlDocument(root);
}

/* ---------- verification of an exported package ---------- */

export interface VerifyReport {
  ok: boolean;
  /** Files listed in PIndex.xml whose entry is present and hashes as listed. */
  verified: string[];
  missing: string[];
  mismatched: { path: string; expected: string; actual: string }[];
  /** Entries refused for their name: absolute paths, `..` segments, backslashes, drive letters. */
  unsafe: string[];
  /** Entries present but not listed (PIndex.xml itself excluded). */
  unlisted: string[];
  errors: string[];
}

/** True when an entry name could write outside the folder the archive is extracted into. */
export function isUnsafeEntryName(name: string): boolean {
  if (name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.includes('\0')) return true;
  return name.split('/').some((seg) => seg === '..');
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The files PIndex.xml lists: path and SHA-256 in hexadecimal. */
export function parsePIndex(xml: string): { path: string; sha256: string }[] {
  if (!xml.includes(`xmlns="${SINCRO_NS}"`)) throw new Error('PIndex.xml is not in the UNI SInCRO v2 namespace');
  const files: { path: string; sha256: string }[] = [];
  for (const m of xml.matchAll(/<File\b[^>]*>([\s\S]*?)<\/File>/g)) {
    const body = m[1]!;
    const path = /<Path>([\s\S]*?)<\/Path>/.exec(body)?.[1];
    const hash = /<Hash\b[^>]*hashFunction="SHA-256"[^>]*>([\s\S]*?)<\/Hash>/.exec(body)?.[1];
    if (path === undefined || hash === undefined) throw new Error('A File of PIndex.xml has no Path or SHA-256 Hash');
    files.push({ path: unescapeXml(path.trim()), sha256: Buffer.from(hash.trim(), 'base64').toString('hex') });
  }
  return files;
}

const openZip = (path: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('Cannot open the archive')) : resolve(zip),
    ),
  );

/**
 * Re-reads an exported ZIP: every file listed in PIndex.xml must be present and hash as listed; entries with
 * unsafe names are refused (never opened) and reported. The archive is spooled to a temporary file (the ZIP
 * directory is at its end), then read entry by entry: memory stays flat.
 */
export async function verifyExport(zipStream: Readable): Promise<VerifyReport> {
  const dir = await mkdtemp(join(tmpdir(), 'fascicolo-verify-'));
  const path = join(dir, 'package.zip');
  const report: VerifyReport = { ok: false, verified: [], missing: [], mismatched: [], unsafe: [], unlisted: [], errors: [] };
  try {
    await pipeline(zipStream, createWriteStream(path));
    const zip = await openZip(path);
    const hashes = new Map<string, string>();
    let pindex: string | null = null;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = (entry.fileName as unknown as Buffer).toString('utf8');
        if (isUnsafeEntryName(name)) {
          report.unsafe.push(name);
          return zip.readEntry();
        }
        if (name.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error(`Cannot read ${name}`));
          const hash = createHash('sha256');
          const chunks: Buffer[] | null = name === 'PIndex.xml' ? [] : null;
          stream.on('data', (c: Buffer) => {
            hash.update(c);
            chunks?.push(c);
          });
          stream.on('error', reject);
          stream.on('end', () => {
            hashes.set(name, hash.digest('hex'));
            if (chunks) pindex = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
    zip.close();
    if (pindex === null) {
      report.errors.push('PIndex.xml is missing');
    } else {
      let listed: { path: string; sha256: string }[] = [];
      try {
        listed = parsePIndex(pindex);
      } catch (err) {
        report.errors.push((err as Error).message);
      }
      const seen = new Set<string>(['PIndex.xml']);
      for (const f of listed) {
        seen.add(f.path);
        if (isUnsafeEntryName(f.path)) {
          if (!report.unsafe.includes(f.path)) report.unsafe.push(f.path);
          continue;
        }
        const actual = hashes.get(f.path);
        if (actual === undefined) report.missing.push(f.path);
        else if (actual !== f.sha256) report.mismatched.push({ path: f.path, expected: f.sha256, actual });
        else report.verified.push(f.path);
      }
      report.unlisted = [...hashes.keys()].filter((k) => !seen.has(k));
    }
  } catch (err) {
    report.errors.push((err as Error).message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  report.ok =
    report.errors.length === 0 &&
    report.missing.length === 0 &&
    report.mismatched.length === 0 &&
    report.unsafe.length === 0 &&
    report.unlisted.length === 0 &&
    report.verified.length > 0;
  return report;
}

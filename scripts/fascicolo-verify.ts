import { createReadStream } from 'node:fs';
import { verifyExport } from '../apps/api/src/modules/documents/fascicoli.export.js';

/**
 * Checks an exported fascicolo ZIP: every file listed in PIndex.xml present with its SHA-256; entries
 * with absolute paths or `..` refused and reported. Usage: fascicolo-verify <file.zip>; exits 1 on failure.
 */
const file = process.argv[2];
if (!file) {
  process.stderr.write('Usage: fascicolo-verify <file.zip>\n');
  process.exit(2);
}
const r = await verifyExport(createReadStream(file));
for (const p of r.unsafe) process.stdout.write(`REFUSED unsafe entry: ${p}\n`);
for (const p of r.missing) process.stdout.write(`MISSING ${p}\n`);
for (const m of r.mismatched) process.stdout.write(`HASH MISMATCH ${m.path}: expected ${m.expected}, got ${m.actual}\n`);
for (const p of r.unlisted) process.stdout.write(`NOT LISTED in PIndex.xml: ${p}\n`);
for (const e of r.errors) process.stdout.write(`ERROR ${e}\n`);
process.stdout.write(`${r.ok ? 'OK' : 'FAILED'}: ${r.verified.length} files verified.\n`);
process.exit(r.ok ? 0 : 1);

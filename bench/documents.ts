import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, waitFor } from './lib.js';

/**
 * Documents and fascicolo export, server in a child process on PGlite with the demo data:
 * uploads BENCH_FILES (200) files of 1 MB random bytes wrapped as PDFs to a protocol of a Province, puts
 * them in a fascicolo of the UPI and exports it as a ZIP. Prints upload and export MB/s next to
 * `sha256sum` over the same files (the baseline), the ratio export/sha256sum (target >= 0.5) and the
 * growth of the server's resident memory during the export (VmRSS every 50 ms; target <= 100 MB).
 */
const count = Number(process.env.BENCH_FILES ?? 200);
const fileMb = 1;
const port = 3900 + Math.floor(Math.random() * 200);
const base = `http://127.0.0.1:${port}`;
const work = mkdtempSync(join(tmpdir(), 'pc-bench-docs-'));
const env = {
  ...process.env,
  LOG_LEVEL: 'warn',
  WEB_DIST: '/nonexistent',
  AUTH_RATE_LIMIT: '1000',
  HOST: '127.0.0.1',
  PORT: String(port),
  DEMO_DATA: 'true',
  DATA_DIR: join(work, 'data'),
  UPLOAD_MAX_MB: '5',
};


/** A valid PDF whose only page content stream is `size` random bytes. */
function pdfOf(size: number): Buffer {
  const payload = randomBytes(size);
  const head = Buffer.from(
    `%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n3 0 obj<</Length ${size}>>stream\n`,
    'latin1',
  );
  const tail = Buffer.from('\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, payload, tail]);
}

const rssKb = (pid: number) => {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
};

const server = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], { env, stdio: 'ignore' });
try {
  await waitFor(`${base}/api/v1/ready`, server);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
    body: JSON.stringify({ email: 'admin.upi@demo.provincecomuni.it', password: 'Demo-2026!pc' }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-requested-with': 'XMLHttpRequest' };
  const json = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers ?? {}) } });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const protocols = (await json('/api/v1/registry/protocols?pageSize=1')) as { items: { id: string }[] };
  const protocol = protocols.items[0]?.id;
  if (!protocol) throw new Error('no protocol in the demo data');
  const entes = (await json('/api/v1/enti?type=upi')) as { items: { id: string }[] };
  const upi = entes.items[0]!.id;

  // the files, also on disk for sha256sum
  const files: string[] = [];
  let totalBytes = 0;
  for (let i = 0; i < count; i++) {
    const b = pdfOf(fileMb * 1024 * 1024);
    const p = join(work, `doc-${String(i).padStart(3, '0')}.pdf`);
    writeFileSync(p, b);
    files.push(p);
    totalBytes += b.length;
  }
  const mb = totalBytes / 1024 / 1024;

  const t0 = performance.now();
  const ids: string[] = [];
  for (const p of files) {
    const form = new FormData();
    form.append('metadata', JSON.stringify({ ownerType: 'protocol', ownerId: protocol }));
    form.append('file', new Blob([readFileSync(p)], { type: 'application/pdf' }), p.split('/').pop());
    const r = await json('/api/v1/documents', { method: 'POST', body: form });
    ids.push(r.id as string);
  }
  const uploadS = (performance.now() - t0) / 1000;

  const f = await json('/api/v1/fascicoli', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Fascicolo di prova del banco', enteId: upi }),
  });
  for (const documentId of ids) {
    await json(`/api/v1/fascicoli/${f.id as string}/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId }),
    });
  }

  const pid = server.pid!;
  const rss0 = rssKb(pid);
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 50);
  const t1 = performance.now();
  const res = await fetch(`${base}/api/v1/fascicoli/${f.id as string}/export`, { headers });
  if (!res.ok || !res.body) throw new Error(`export: ${res.status}`);
  let zipBytes = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) zipBytes += chunk.length;
  const exportS = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssKb(pid));

  const t2 = performance.now();
  const sum = spawnSync('sha256sum', files, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (sum.status !== 0) throw new Error('sha256sum failed');
  const sumS = (performance.now() - t2) / 1000;

  const exportRate = mb / exportS;
  const sumRate = mb / sumS;
  const growth = (peak - rss0) / 1024;
  printTable([
    { measure: `upload ${count} × ${fileMb} MB PDF`, 'MB/s': (mb / uploadS).toFixed(1), value: `${uploadS.toFixed(1)} s`, target: '' },
    { measure: `export ZIP (${(zipBytes / 1024 / 1024).toFixed(0)} MB)`, 'MB/s': exportRate.toFixed(1), value: `${exportS.toFixed(2)} s`, target: '' },
    { measure: 'sha256sum of the same files (baseline)', 'MB/s': sumRate.toFixed(1), value: `${sumS.toFixed(2)} s`, target: '' },
    { measure: 'ratio export / sha256sum', 'MB/s': '', value: (exportRate / sumRate).toFixed(2), target: '>= 0.5' },
    { measure: 'server peak RSS growth during export', 'MB/s': '', value: `${growth.toFixed(1)} MB`, target: '<= 100 MB' },
  ]);
} finally {
  server.kill('SIGTERM');
  if (server.exitCode === null) await new Promise((r) => server.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}

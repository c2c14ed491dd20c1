import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { printTable, stop, waitFor } from './lib.js';
import { virtualUsers, type Persona, type VuRequest, type VuResult } from './vu.js';

/**
 * Mixed workload: 70 % reads of lists and pages, 20 % searches, 10 % writes (uploads and new requests), by
 * BENCH_USERS (200) virtual users for BENCH_SECONDS (60) against one API process — on PostgreSQL, then on PGlite.
 * A virtual user waits for each answer and thinks BENCH_THINK_MS (1000 ms on average, uniform 500–1500 ms) before its
 * next request, as a person working in the pages does; on PostgreSQL the same users also run without any think time,
 * each sending as fast as it is answered, which measures the capacity of the process (the saturation row).
 * Prints req/s, p50/p95/p99, errors and the server's peak RSS next to a bare Fastify hello-world (the baseline).
 * Then two API processes behind a loopback round-robin proxy on the same PostgreSQL: a session opened through one
 * works through the other, a file uploaded through one is read through the other, a notification raised by one is
 * delivered by whichever worker runs the job; and the same workload runs through the proxy.
 * BENCH_ONLY=pg runs only the single-process PostgreSQL phase.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const users = Number(process.env.BENCH_USERS ?? 200);
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Demo-2026!pc';
const demo = (local: string) => `${local}@demo.provincecomuni.it`;
const basePort = 3900 + Math.floor(Math.random() * 50) * 2;
/** BENCH_ONLY=pg runs only the PostgreSQL single-process phase (the default runs every phase). */
const only = process.env.BENCH_ONLY ?? '';
const thinkMs = Number(process.env.BENCH_THINK_MS ?? 1000);
const env = { ...process.env, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '100000', HOST: '127.0.0.1', DEMO_DATA: 'true' };

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function login(base: string, local: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
    body: JSON.stringify({ email: demo(local), password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${local}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}
async function getJson<T>(base: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

function pdf(tag: string): Buffer {
  return Buffer.from(`%PDF-1.4\n%${tag}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}
function multipart(metadata: object, file: Buffer) {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(metadata)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="verbale.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

type Req = VuRequest;

/** The requests of one persona, 7 reads, 2 searches and 1 write per cycle of ten. */
async function personas(base: string): Promise<Persona[]> {
  const today = new Date().toISOString().slice(0, 10);
  const inMonth = new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10);
  const upi = await login(base, 'admin.upi');
  const rup = await login(base, 'rup');
  const sit = await login(base, 'sit');
  const prov = await login(base, 'admin.provincia');
  const protocols = await getJson<{ items: { id: string; provincia?: { name: string } }[] }>(base, '/api/v1/registry/protocols?region=05&pageSize=10', upi);
  const protocolId = protocols.items[0]!.id;
  const categories = await getJson<{ items: { id: string; service: string }[] }>(base, '/api/v1/requests/categories?service=sit', rup);
  const categoryId = categories.items[0]!.id;
  const upload = multipart({ ownerType: 'protocol', ownerId: protocolId, title: 'Verbale di prova del carico' }, pdf('load'));
  const json = { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' };
  const common: Req[] = [
    { method: 'GET', path: '/api/v1/enti?type=comune&province=028' },
    { method: 'GET', path: '/api/v1/registry/protocols?pageSize=20' },
    { method: 'GET', path: '/api/v1/registry/conventions?pageSize=20' },
    { method: 'GET', path: '/api/v1/notifications/unread-count' },
    { method: 'GET', path: `/api/v1/calendar/items?from=${today}&to=${inMonth}` },
    { method: 'GET', path: '/api/v1/auth/me' },
    { method: 'GET', path: '/api/v1/notifications?pageSize=10' },
    { method: 'GET', path: '/api/v1/search?q=convenzione%20servizi' },
    { method: 'GET', path: '/api/v1/enti?q=abano' },
  ];
  const write: Record<string, Req> = {
    upi: { method: 'POST', path: '/api/v1/documents', headers: { 'content-type': upload.contentType, 'x-requested-with': 'XMLHttpRequest' }, body: upload.body },
    rup: {
      method: 'POST',
      path: '/api/v1/requests',
      headers: json,
      body: JSON.stringify({ service: 'sit', categoryId, subject: 'Supporto migrazione al cloud', description: 'Chiediamo supporto per la migrazione dei servizi.' }),
    },
    sit: { method: 'GET', path: '/api/v1/requests/dashboard' },
    prov: { method: 'GET', path: '/api/v1/requests?view=queue' },
  };
  // operators and administrators do not file requests: their tenth request is another read
  return [
    { name: 'upi', cookie: upi, requests: [...common, write.upi!] },
    { name: 'rup', cookie: rup, requests: [...common, write.rup!] },
    { name: 'sit', cookie: sit, requests: [...common, write.sit!] },
    { name: 'prov', cookie: prov, requests: [...common, write.prov!] },
  ];
}

type Mixed = VuResult;

/** The workload of all personas at once (users split among them), for `seconds`, with the given think time. */
async function mixed(base: string, label: string, think = thinkMs): Promise<Mixed> {
  const out = await virtualUsers(base, await personas(base), users, seconds, think);
  console.log(`${label}: ${out.requests} requests`);
  return out;
}

async function freshPostgres(name: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: admin });
  try {
    await c.connect();
  } catch {
    return null;
  }
  await c.query(`drop database if exists ${name}`);
  await c.query(`create database ${name}`);
  await c.end();
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

/**
 * Waits until a started server has finished its start-up work (the aggregates of the demo's indicator values, computed
 * after it listens): the figures are of a server in its steady state, not of its first minute.
 */
async function settled(base: string) {
  const t0 = Date.now();
  while (Date.now() - t0 < 600_000) {
    const r = (await (await fetch(`${base}/api/v1/ready`)).json()) as { startup?: string };
    if (r.startup === 'done') return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error('start-up work not done in 600 s');
}

function startApi(port: number, extra: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], { env: { ...env, ...extra, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
}

const rows: Record<string, string | number>[] = [];
const row = (name: string, r: Omit<Mixed, 'requests' | 'max'> & { max?: number }, rss: number | string, target: string) =>
  rows.push({ run: name, 'req/s': r.rps, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, 'max ms': r.max ?? '', errors: r.errors, non2xx: r.non2xx, 'peak RSS MB': rss, target });
const thinking = thinkMs > 0 ? `think ${thinkMs} ms` : 'no think time';

// baseline
if (!only) {
  const port = basePort;
  const bare = spawn(process.execPath, ['bench/hello-server.mjs', String(port)], { stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${port}/`, bare);
  const hello: Persona[] = [{ name: 'bare', cookie: '', requests: [{ method: 'GET', path: '/' }] }];
  const base = `http://127.0.0.1:${port}`;
  const secs = Math.min(seconds, 20);
  if (thinkMs > 0) row(`bare Fastify hello-world, ${users} users, ${thinking} (baseline)`, await virtualUsers(base, hello, users, secs, thinkMs), peakRssMb(bare.pid!), '');
  row(`bare Fastify hello-world, ${users} users, no think time (baseline)`, await virtualUsers(base, hello, users, secs, 0), peakRssMb(bare.pid!), '');
  await stop(bare);
}

// one process on PostgreSQL, then on PGlite
const pgUrl = await freshPostgres('pc_bench_load');
for (const kind of only === 'pg' ? (['postgres'] as const) : (['postgres', 'pglite'] as const)) {
  if (kind === 'postgres' && !pgUrl) {
    console.log(`PostgreSQL not reachable at ${admin}: skipped`);
    continue;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pc-load-'));
  const port = basePort + 1;
  const server = startApi(port, kind === 'postgres' ? { DATABASE_URL: pgUrl!, DATA_DIR: dataDir } : { DATA_DIR: dataDir });
  try {
    await waitFor(`http://127.0.0.1:${port}/api/v1/ready`, server);
    await settled(`http://127.0.0.1:${port}`);
    const r = await mixed(`http://127.0.0.1:${port}`, kind);
    row(`mixed 70/20/10, ${users} users, ${thinking}, 1 process, ${kind}`, r, peakRssMb(server.pid!), kind === 'postgres' ? 'errors 0, p99 <= 500 ms' : '');
    if (kind === 'postgres' && thinkMs > 0) {
      const s = await mixed(`http://127.0.0.1:${port}`, `${kind}, saturation`, 0);
      row(`same, no think time (capacity), 1 process, ${kind}`, s, peakRssMb(server.pid!), 'errors 0');
    }
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// two processes behind a loopback proxy
if (pgUrl && !only) {
  const url2 = await freshPostgres('pc_bench_load2');
  const ports = [basePort + 2, basePort + 3];
  const dirs = ports.map(() => mkdtempSync(join(tmpdir(), 'pc-load-')));
  // the first process prepares the database; the second starts on it
  const a = startApi(ports[0]!, { DATABASE_URL: url2!, DATA_DIR: dirs[0]!, FILES_DIR: join(dirs[0]!, 'shared-files') });
  await waitFor(`http://127.0.0.1:${ports[0]}/api/v1/ready`, a);
  await settled(`http://127.0.0.1:${ports[0]}`);
  const b = startApi(ports[1]!, { DATABASE_URL: url2!, DATA_DIR: dirs[1]!, FILES_DIR: join(dirs[0]!, 'shared-files') });
  await waitFor(`http://127.0.0.1:${ports[1]}/api/v1/ready`, b);
  await settled(`http://127.0.0.1:${ports[1]}`);
  let next = 0;
  const served = [0, 0];
  const proxy: Server = createServer((req, res) => {
    const i = next++ % 2;
    served[i]!++;
    const up = httpRequest({ host: '127.0.0.1', port: ports[i], method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(basePort + 4, '127.0.0.1', () => r()));
  const via = `http://127.0.0.1:${basePort + 4}`;
  const checks: Record<string, string>[] = [];
  try {
    // a session opened through one process works through the other (the proxy alternates)
    const cookie = await login(via, 'admin.upi');
    const me = await Promise.all([0, 1, 2, 3].map(() => fetch(`${via}/api/v1/auth/me`, { headers: { cookie } }).then((r) => r.status)));
    checks.push({ check: 'session across processes', result: me.every((s) => s === 200) ? 'ok' : `failed ${me.join(',')}` });
    // a file uploaded through one is read through the other
    const protocols = await getJson<{ items: { id: string }[] }>(via, '/api/v1/registry/protocols?pageSize=1', cookie);
    const file = pdf(`two-${Date.now()}`);
    const up = multipart({ ownerType: 'protocol', ownerId: protocols.items[0]!.id, title: 'Documento tra processi' }, file);
    const created = await fetch(`${via}/api/v1/documents`, { method: 'POST', headers: { cookie, 'content-type': up.contentType, 'x-requested-with': 'XMLHttpRequest' }, body: up.body });
    const doc = (await created.json()) as { id: string };
    const reads = await Promise.all([0, 1].map(() => fetch(`${via}/api/v1/documents/${doc.id}/content`, { headers: { cookie } }).then(async (r) => Buffer.from(await r.arrayBuffer()))));
    checks.push({ check: 'upload across processes', result: reads.every((r) => r.equals(file)) ? 'ok' : 'failed' });
    // a request filed through one process notifies the operators; whichever worker runs the job delivers it
    const rup = await login(via, 'rup');
    const sit = await login(via, 'sit');
    const before = (await getJson<{ unread: number }>(via, '/api/v1/notifications/unread-count', sit)).unread;
    const cats = await getJson<{ items: { id: string }[] }>(via, '/api/v1/requests/categories?service=sit', rup);
    await fetch(`${via}/api/v1/requests`, {
      method: 'POST',
      headers: { cookie: rup, 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify({ service: 'sit', categoryId: cats.items[0]!.id, subject: 'Richiesta tra due processi', description: 'Verifica della consegna.' }),
    });
    let after = before;
    for (let i = 0; i < 50 && after <= before; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = (await getJson<{ unread: number }>(via, '/api/v1/notifications/unread-count', sit)).unread;
    }
    checks.push({ check: 'notification across processes', result: after > before ? 'ok' : 'failed' });
    const r = await mixed(via, 'two processes');
    row(`mixed 70/20/10, ${users} users, ${thinking}, 2 processes + proxy, postgres`, r, `${peakRssMb(a.pid!)} + ${peakRssMb(b.pid!)}`, 'errors 0');
    checks.push({ check: 'requests served by each process', result: served.join(' / ') });
  } finally {
    await new Promise<void>((r) => proxy.close(() => r()));
    await stop(a);
    await stop(b);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  printTable(checks);
}

printTable(rows);

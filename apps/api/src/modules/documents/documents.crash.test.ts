import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildServer, childEnv, exited, randomPort } from '../../../test/child-server.js';

/**
 * A kill -9 during an upload leaves no half-written document visible: the real server runs in a child
 * process on PGlite with the demo data, receives a large upload sent slowly, is killed with SIGKILL while
 * the bytes arrive, and is started again on the same data folder. No document row, no new blob under its
 * hash; the partial upload lived only in `files/tmp/`, which the start sweeps of stale files.
 */
const work = mkdtempSync(join(tmpdir(), 'pc-crash-'));
const dataDir = join(work, 'data');
const filesDir = join(dataDir, 'files');
const server = new ChildServer(childEnv({ PORT: String(randomPort()), DEMO_DATA: 'true', DEMO_INDICATOR_PROVINCES: '029', DATA_DIR: dataDir, UPLOAD_MAX_MB: '50' }));
const base = server.base;
const start = () => server.start();
const waitReady = (child: ChildProcess) => server.waitReady(child, 50_000);
const login = () => server.login('admin.upi@demo.provincecomuni.it', 'Demo-2026!pc');
const getJson = <T>(path: string, headers: Record<string, string>) => server.getJson<T>(path, headers);

/** Blob files under `files/ab/cd/`, by name (their SHA-256). */
function blobs(): string[] {
  const out: string[] = [];
  for (const a of safeReaddir(filesDir).filter((n) => /^[0-9a-f]{2}$/.test(n))) {
    for (const b of safeReaddir(join(filesDir, a))) {
      for (const f of safeReaddir(join(filesDir, a, b))) out.push(`${a}/${b}/${f}`);
    }
  }
  return out.sort();
}

function safeReaddir(p: string): string[] {
  try {
    return readdirSync(p);
  } catch {
    return [];
  }
}

const tmpFiles = () => safeReaddir(join(filesDir, 'tmp')).map((n) => ({ name: n, size: statSync(join(filesDir, 'tmp', n)).size }));

afterAll(async () => {
  await server.killAll();
  rmSync(work, { recursive: true, force: true });
});

describe('crash during an upload', () => {
  it('a kill -9 mid-upload leaves no document, no blob, only a temporary file that the start sweeps', async () => {
    const first = start();
    await waitReady(first);
    let headers = await login();
    const protocols = await getJson<{ items: { id: string }[] }>('/api/v1/registry/protocols?pageSize=1', headers);
    const ownerId = protocols.items[0]!.id;
    const listPath = `/api/v1/documents?ownerType=protocol&ownerId=${ownerId}`;
    const before = await getJson<{ total: number; items: { fileName: string }[] }>(listPath, headers);
    const blobsBefore = blobs();

    // a 20 MB PDF-looking file, sent in 256 KB chunks with pauses: the server is killed after ~6 MB
    const size = 20 * 1024 * 1024;
    const payload = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), randomBytes(size - 9)]);
    const payloadHash = createHash('sha256').update(payload).digest('hex');
    const boundary = `----crash${randomBytes(8).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify({ ownerType: 'protocol', ownerId })}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="interrotto.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const req = request(`${base}/api/v1/documents`, {
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + payload.length + tail.length },
    });
    const outcome = new Promise<string>((resolve) => {
      req.on('response', (res) => {
        res.resume();
        resolve(`response ${res.statusCode}`);
      });
      req.on('error', (err) => resolve(`error ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
    req.write(head);
    const chunk = 256 * 1024;
    let sent = 0;
    let partial: { name: string; size: number }[] = [];
    while (sent < payload.length) {
      const ok = req.write(payload.subarray(sent, sent + chunk));
      sent += chunk;
      if (!ok) await new Promise((r) => req.once('drain', r));
      await new Promise((r) => setTimeout(r, 20));
      partial = tmpFiles().filter((f) => f.size > 0);
      if (sent >= 6 * 1024 * 1024 && partial.length > 0) break;
    }
    // the upload is streaming to a temporary file, far from complete
    expect(sent).toBeLessThan(payload.length);
    expect(partial).toHaveLength(1);
    expect(partial[0]!.name).toMatch(/\.part$/);

    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');
    expect(await outcome).not.toMatch(/^response 2/);

    // what the crash left: a partial temporary file, nothing under a hash
    const left = tmpFiles();
    expect(left.map((f) => f.name)).toEqual([partial[0]!.name]);
    expect(left[0]!.size).toBeLessThan(payload.length);
    expect(blobs()).toEqual(blobsBefore);

    // the start removes temporary files older than a day: make the leftover look stale
    const stale = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(join(filesDir, 'tmp', left[0]!.name), stale, stale);

    const again = start();
    await waitReady(again);
    headers = await login();
    const after = await getJson<{ total: number; items: { fileName: string }[] }>(listPath, headers);
    expect(after.total).toBe(before.total);
    expect(after.items.map((d) => d.fileName)).not.toContain('interrotto.pdf');
    expect(blobs()).toEqual(blobsBefore);
    expect(blobs().some((b) => b.endsWith(payloadHash))).toBe(false);
    expect(tmpFiles()).toEqual([]);

    again.kill('SIGTERM');
    await exited(again);
    // two server starts: room for a busy machine
  }, 150_000);
});

import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** 50 connections for `seconds` against one URL on loopback; bounded in time, stops by itself. */
export async function load(name: string, url: string, headers: Record<string, string> = {}, seconds = 10): Promise<LoadResult> {
  const r = await autocannon({ url, connections: 50, duration: seconds, headers });
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

export function printTable(rows: Record<string, string | number>[]) {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}

/** Waits until `url` answers 2xx (a server starting in `child`), for at most 180 s. */
export async function waitFor(url: string, child: ChildProcess) {
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() - t0 > 180_000) throw new Error('server not ready in 180 s');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops a server process and waits for its exit. */
export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

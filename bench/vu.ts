import { Agent, request } from 'node:http';

/** One request of a virtual user's cycle. */
export interface VuRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A kind of user: its session cookie and the cycle of requests it repeats. */
export interface Persona {
  name: string;
  cookie: string;
  requests: VuRequest[];
}

export interface VuResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

/** The value below which a share `p` of the sorted latencies fall (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function send(base: URL, agent: Agent, r: VuRequest, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        agent,
        headers: { cookie, ...r.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `users` virtual users for `seconds`: each keeps one connection, sends the next request of its persona's cycle,
 * waits for the whole answer, then thinks for a time drawn uniformly in [thinkMs/2, 3·thinkMs/2] before the next one
 * (thinkMs 0: no pause, every user sends as fast as the server answers). Users are spread over the personas and start
 * spread over the first think time. Latency is measured from sending to the last byte of the answer.
 */
export async function virtualUsers(baseUrl: string, personas: Persona[], users: number, seconds: number, thinkMs: number): Promise<VuResult> {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: users });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let seed = 20261127;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  const user = async (u: number) => {
    const p = personas[u % personas.length]!;
    let i = Math.floor(rnd() * p.requests.length);
    if (thinkMs > 0) await sleep(rnd() * thinkMs);
    while (performance.now() < end) {
      const r = p.requests[i++ % p.requests.length]!;
      const s = performance.now();
      try {
        const status = await send(base, agent, r, p.cookie);
        if (status < 200 || status >= 300) non2xx++;
        latencies.push(performance.now() - s);
      } catch {
        errors++;
      }
      if (thinkMs > 0) await sleep(thinkMs * (0.5 + rnd()));
    }
  };
  await Promise.all(Array.from({ length: users }, (_, u) => user(u)));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const ms = (x: number) => Math.round(x);
  return {
    requests: sorted.length + errors,
    rps: Math.round(sorted.length / elapsed),
    p50: ms(percentile(sorted, 0.5)),
    p95: ms(percentile(sorted, 0.95)),
    p99: ms(percentile(sorted, 0.99)),
    max: ms(sorted.at(-1) ?? 0),
    errors,
    non2xx,
  };
}

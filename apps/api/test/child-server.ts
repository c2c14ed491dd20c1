import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (the platform's processes start there). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The environment of a child process of the platform: the parent's, without the platform's own settings and those
 * the test runner adds (such as BASE_URL), plus `extra`.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    // the child is a whole server with its own environment, built here from the parent's
    Object.entries(process.env).filter(([k]) => !['BASE_URL', 'DATABASE_URL', 'TEST_DATABASE_URL', 'FILES_DIR', 'NODE_ENV'].includes(k)),
  );
  return { ...inherited, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000', HOST: '127.0.0.1', ...extra };
}

/** A real server process of the platform, started and killed by a test. */
export class ChildServer {
  readonly base: string;
  readonly children: ChildProcess[] = [];
  stderr = '';
  constructor(readonly env: NodeJS.ProcessEnv) {
    this.base = `http://127.0.0.1:${env.PORT}`;
  }

  start(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], { cwd: repoRoot, env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (c: Buffer) => (this.stderr = (this.stderr + c.toString()).slice(-4000)));
    this.children.push(child);
    return child;
  }

  async waitReady(child: ChildProcess, timeoutMs = 60_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}): ${this.stderr}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`server not ready in ${timeoutMs / 1000} s: ${this.stderr}`);
      try {
        if ((await fetch(`${this.base}/api/v1/ready`)).ok) return;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Headers of a signed-in client (session cookie + X-Requested-With). */
  async login(email: string, password: string): Promise<Record<string, string>> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-requested-with': 'XMLHttpRequest' };
  }

  async getJson<T>(path: string, headers: Record<string, string>): Promise<T> {
    const res = await fetch(`${this.base}${path}`, { headers });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Kills every process still running (SIGKILL): for afterAll. */
  async killAll(): Promise<void> {
    for (const c of this.children) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await exited(c);
      }
    }
  }
}

export const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

export const randomPort = () => 20_000 + Math.floor(Math.random() * 20_000);

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SOFFICE_HINT = 'Installare LibreOffice: apt-get install -y --no-install-recommends libreoffice-writer-nogui';

/** PDF export filter asking for PDF/A-2b (SelectPdfVersion 2), in the JSON syntax of LibreOffice 7.4 and later. */
const PDFA2_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}';

export interface OfficeOptions {
  /** Explicit path of `soffice`; when unset, `soffice` then `libreoffice` are looked up in PATH. */
  sofficePath?: string;
  /** Directories searched for soffice/libreoffice (a PATH value). */
  searchPath?: string;
  /** Conversions allowed at the same time (each with its own profile). */
  concurrency?: number;
  /** Milliseconds after which a conversion is killed. */
  timeoutMs?: number;
}

export interface Office {
  /** The executable found, or null when LibreOffice is not installed. */
  readonly sofficePath: string | null;
  /** The installed version (e.g. "LibreOffice 7.4.7.2"), or null. */
  version(): Promise<string | null>;
  /** Converts a document (DOCX, ODT, …) to PDF/A-2b. */
  toPdfA(input: Uint8Array, fileName: string): Promise<Buffer>;
}

const isExecutable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** SOFFICE_PATH when given (null if it is not an executable), else the first of soffice/libreoffice in PATH. */
export function findSoffice(explicit: string | undefined, path: string): string | null {
  if (explicit) return isExecutable(explicit) ? explicit : null;
  for (const name of ['soffice', 'libreoffice']) {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const p = join(dir, name);
      if (isExecutable(p)) return p;
    }
  }
  return null;
}

/** Runs a command in its own process group; on timeout the whole group is killed. */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      reject(new Error(`${cmd} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** A FIFO limiting how many tasks run at once. */
function createQueue(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (active >= concurrency) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * LibreOffice headless. Every conversion gets a fresh user profile (`-env:UserInstallation`) and its own
 * temporary folder, both removed afterwards; conversions pass through a queue so that at most
 * `concurrency` run at once, and one that exceeds the timeout is killed with its process group.
 */
export function createOffice(o: OfficeOptions = {}): Office {
  const sofficePath = findSoffice(o.sofficePath, o.searchPath ?? '');
  const enqueue = createQueue(Math.max(1, o.concurrency ?? 1));
  const timeoutMs = o.timeoutMs ?? 120_000;
  let versionPromise: Promise<string | null> | null = null;

  return {
    sofficePath,
    version() {
      if (!sofficePath) return Promise.resolve(null);
      versionPromise ??= run(sofficePath, ['--version'], 30_000)
        .then((r) => (r.code === 0 ? r.out.trim().split('\n')[0]!.trim() || null : null))
        .catch(() => null);
      return versionPromise;
    },
    async toPdfA(input, fileName) {
      if (!sofficePath) throw new Error('LibreOffice (soffice) is not installed');
      return enqueue(async () => {
        const work = await mkdtemp(join(tmpdir(), 'pc-office-'));
        try {
          const profile = join(work, 'profile');
          const outDir = join(work, 'out');
          const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '_') || 'document.docx';
          const src = join(work, safeName);
          await writeFile(src, input);
          const { code, out } = await run(
            sofficePath,
            [
              '--headless',
              '--norestore',
              `-env:UserInstallation=${pathToFileURL(profile).href}`,
              '--convert-to',
              PDFA2_FILTER,
              '--outdir',
              outDir,
              src,
            ],
            timeoutMs,
          );
          const pdf = (await readdir(outDir).catch(() => [])).find((f) => f.toLowerCase().endsWith('.pdf'));
          if (code !== 0 || !pdf) throw new Error(`PDF/A conversion failed (exit ${code}): ${out.slice(0, 500)}`);
          return await readFile(join(outDir, pdf));
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      });
    },
  };
}

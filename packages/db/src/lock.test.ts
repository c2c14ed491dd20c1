import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.js';

describe('data directory lock', () => {
  it('refuses a directory held by another live process, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-lock-'));
    writeFileSync(join(dir, '.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.ppid}`));
  });

  it('takes over a lock left by a dead process and releases it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-lock-'));
    writeFileSync(join(dir, '.lock'), '2147483646');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});

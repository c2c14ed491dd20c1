import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocx } from '../modules/documents/templates.fixtures.js';
import { executableSearchPath } from '../config/env.js';
import { createOffice, findSoffice } from './office.js';

const hasSoffice = findSoffice(undefined, executableSearchPath()) !== null;

describe('office', () => {
  it('finds nothing when SOFFICE_PATH names a missing binary', async () => {
    expect(findSoffice('/nonexistent/soffice', executableSearchPath())).toBeNull();
    const office = createOffice({ sofficePath: '/nonexistent/soffice' });
    expect(office.sofficePath).toBeNull();
    expect(await office.version()).toBeNull();
    await expect(office.toPdfA(buildDocx(['x']), 'x.docx')).rejects.toThrow(/not installed/);
  });

  it('looks soffice up in PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-path-'));
    try {
      writeFileSync(join(dir, 'libreoffice'), '#!/bin/sh\n');
      chmodSync(join(dir, 'libreoffice'), 0o755);
      expect(findSoffice(undefined, dir)).toBe(join(dir, 'libreoffice'));
      expect(findSoffice(undefined, '/nonexistent')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kills a conversion that exceeds the timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-slow-'));
    try {
      writeFileSync(join(dir, 'soffice'), '#!/bin/sh\nsleep 30\n');
      chmodSync(join(dir, 'soffice'), 0o755);
      const office = createOffice({ sofficePath: join(dir, 'soffice'), timeoutMs: 300 });
      await expect(office.toPdfA(buildDocx(['x']), 'x.docx')).rejects.toThrow(/timed out/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(hasSoffice)(
    'converts a DOCX to PDF/A-2b with LibreOffice, two conversions queued',
    async () => {
      const office = createOffice({ searchPath: executableSearchPath() });
      expect(await office.version()).toMatch(/LibreOffice/);
      const [a, b] = await Promise.all([
        office.toPdfA(buildDocx(['Determina dirigenziale']), 'determina.docx'),
        office.toPdfA(buildDocx(['Seconda prova']), 'prova.docx'),
      ]);
      for (const pdf of [a!, b!]) {
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const text = pdf.toString('latin1');
        // the XMP metadata declare PDF/A-2 (B): as an element or as an attribute, by LibreOffice version
        expect(text).toMatch(/pdfaid:part(>|="|=')2/);
        expect(text).toMatch(/pdfaid:conformance(>|="|=')B/);
      }
    },
    180_000,
  );
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samples } from '../../../test/files.js';
import {
  contentDisposition,
  isAcceptedFormat,
  isPkcs7SignedData,
  safeFileName,
  sniffMediaType,
} from './documents.formats.js';

const dir = mkdtempSync(join(tmpdir(), 'pc-sniff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Sniffs bytes written to a temporary file under a given client name. */
const sniff = (bytes: Buffer, name = 'file') => {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, bytes);
  return sniffMediaType(path, name);
};

describe('media type sniffing', () => {
  it.each([
    ['pdf', 'application/pdf'],
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['odt', 'application/vnd.oasis.opendocument.text'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['zip', 'application/zip'],
    ['p7m', 'application/pkcs7-mime'],
    ['p7mDer', 'application/pkcs7-mime'],
    ['xml', 'application/xml'],
    ['svg', 'image/svg+xml'],
    ['json', 'application/json'],
    ['eml', 'message/rfc822'],
    ['text', 'text/plain'],
  ] as const)('recognises %s from its bytes, whatever the name', async (sample, mediaType) => {
    expect(await sniff(samples[sample](), 'scan.jpg')).toBe(mediaType);
  });

  it('tells a P7M saved in base64 (bare or PEM) from text', async () => {
    const b64 = samples.p7mDer().toString('base64');
    expect(await sniff(Buffer.from(b64.replace(/(.{64})/g, '$1\n')))).toBe('application/pkcs7-mime');
    expect(await sniff(Buffer.from(`-----BEGIN PKCS7-----\n${b64}\n-----END PKCS7-----\n`))).toBe(
      'application/pkcs7-mime',
    );
    expect(isPkcs7SignedData(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]))).toBe(false);
  });

  it('reads past a UTF-8 byte order mark', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await sniff(Buffer.concat([bom, samples.json()]))).toBe('application/json');
    expect(await sniff(Buffer.concat([bom, samples.svg()]))).toBe('image/svg+xml');
    expect(await sniff(Buffer.concat([bom, samples.text()]))).toBe('text/plain');
  });

  it('uses the name only to tell CSV from plain text', async () => {
    expect(await sniff(samples.csv(), 'comuni.csv')).toBe('text/csv');
    expect(await sniff(samples.csv(), 'comuni.txt')).toBe('text/plain');
    expect(await sniff(samples.pdf(), 'comuni.csv')).toBe('application/pdf');
  });

  it('answers application/octet-stream for bytes that are neither a known format nor UTF-8 text', async () => {
    expect(await sniff(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]))).toBe('application/octet-stream');
    expect(await sniff(samples.latin1(), 'nota.txt')).toBe('application/octet-stream');
    expect(await sniff(Buffer.from('testo con un NUL\0 in mezzo'), 'nota.txt')).toBe('application/octet-stream');
  });

  it('recognises executables and HTML, so that they can be refused', async () => {
    expect(await sniff(samples.elf(), 'relazione.pdf')).toBe('application/x-elf');
    expect(await sniff(samples.exe(), 'relazione.pdf')).toBe('application/x-msdownload');
    expect(await sniff(samples.html(), 'pagina.txt')).toBe('text/html');
    expect(await sniff(samples.docm(), 'lettera.docx')).toBe('application/vnd.ms-word.document.macroenabled.12');
  });
});

describe('accepted formats (AgID Allegato 2)', () => {
  it('accepts the documentary formats', () => {
    for (const t of [
      'application/pdf',
      'application/xml',
      'text/plain',
      'text/csv',
      'image/png',
      'image/jpeg',
      'image/tiff',
      'image/svg+xml',
      'application/zip',
      'application/pkcs7-mime',
      'message/rfc822',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]) {
      expect(isAcceptedFormat(t), t).toBe(true);
    }
  });

  it('refuses executables, active content, macro-enabled documents and unknown bytes', () => {
    for (const t of [
      'application/x-elf',
      'application/x-msdownload',
      'text/html',
      'application/vnd.ms-word.document.macroenabled.12',
      'application/x-cfb',
      'application/octet-stream',
      'toString',
      '__proto__',
    ]) {
      expect(isAcceptedFormat(t), t).toBe(false);
    }
  });
});

describe('stored file names', () => {
  it('keeps only the last segment of a path and drops control and direction-override characters', () => {
    expect(safeFileName('../../etc/passwd.txt', 'text/plain')).toBe('passwd.txt');
    expect(safeFileName('C:\\Users\\anna\\Verbale 3.pdf', 'application/pdf')).toBe('Verbale 3.pdf');
    expect(safeFileName('fattura\u202Efdp.exe', 'application/pdf')).toBe('fatturafdp.exe.pdf');
    expect(safeFileName('a\u0000b\r\n.pdf', 'application/pdf')).toBe('ab.pdf');
  });

  it('adds the extension of the content when the name does not carry it', () => {
    expect(safeFileName('script.bat', 'text/plain')).toBe('script.bat.txt');
    expect(safeFileName('Relazione.PDF', 'application/pdf')).toBe('Relazione.PDF');
    expect(safeFileName('firmato.pdf.p7m', 'application/pkcs7-mime')).toBe('firmato.pdf.p7m');
    expect(safeFileName('', 'application/pdf')).toBe('documento.pdf');
    expect(safeFileName('...', 'image/png')).toBe('documento.png');
  });

  it('shortens long names to 200 characters, keeping the extension', () => {
    const name = safeFileName(`${'à'.repeat(300)}.pdf`, 'application/pdf');
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('à.pdf')).toBe(true);
  });
});

describe('Content-Disposition', () => {
  it('is an attachment with an ASCII fallback and the UTF-8 name (RFC 6266)', () => {
    expect(contentDisposition('Delibera n. 5 "bozza" è 100%.pdf')).toBe(
      `attachment; filename="Delibera n. 5 _bozza_ e 100_.pdf"; filename*=UTF-8''Delibera%20n.%205%20%22bozza%22%20%C3%A8%20100%25.pdf`,
    );
    expect(contentDisposition("l'atto (1).pdf")).toBe(
      `attachment; filename="l'atto (1).pdf"; filename*=UTF-8''l%27atto%20%281%29.pdf`,
    );
  });
});

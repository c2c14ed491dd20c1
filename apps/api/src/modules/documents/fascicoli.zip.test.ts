import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { zipStream, type ZipEntry } from './fascicoli.zip.js';

const collect = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
};

interface ReadEntry {
  name: string;
  crc: number;
  method: number;
  size: number;
  data: Buffer;
}

/** Reads every entry back with yauzl, checking sizes and CRC-32 (yauzl validates both while reading). */
function readZip(buf: Buffer): Promise<ReadEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out: ReadEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2 ?? new Error('no stream'));
          collect(s)
            .then((data) => {
              out.push({ name: e.fileName, crc: e.crc32, method: e.compressionMethod, size: e.uncompressedSize, data });
              zip.readEntry();
            })
            .catch(reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** A stream of `data` in chunks of `chunk` bytes. */
const chunked = (data: Buffer, chunk: number) => () => {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) parts.push(data.subarray(i, i + chunk));
  return Readable.from(parts);
};

describe('zipStream', () => {
  const big = randomBytes(300 * 1024 + 7);
  const xml = Buffer.from(`<?xml version="1.0"?>\n<a>${'<b>ripetuto</b>'.repeat(500)}</a>\n`, 'utf8');
  const entries: ZipEntry[] = [
    { name: 'documenti/001-grande.bin', size: big.length, open: chunked(big, 65_536) },
    { name: 'documenti/002-perché è così — 日本.pdf', size: 5, open: chunked(Buffer.from('%PDF-'), 2) },
    { name: 'documenti/003-vuoto.txt', size: 0, open: chunked(Buffer.alloc(0), 1) },
    { name: 'metadati/001.xml', data: xml, compress: true },
    { name: 'casuale.bin', data: randomBytes(1000), compress: true },
    { name: 'PIndex.xml', data: Buffer.from('<PIndex/>'), compress: false },
  ];
  const expected = [big, Buffer.from('%PDF-'), Buffer.alloc(0), xml, (entries[4] as { data: Buffer }).data, Buffer.from('<PIndex/>')];

  for (const forceZip64 of [false, true]) {
    it(`is read back by yauzl: names, sizes, CRC-32 and content${forceZip64 ? ' (ZIP64 records)' : ''}`, async () => {
      const zip = await collect(zipStream(entries, { forceZip64, mtime: new Date(2026, 2, 15, 10, 30, 20) }));
      const read = await readZip(zip);
      expect(read.map((r) => r.name)).toEqual(entries.map((e) => e.name));
      read.forEach((r, i) => {
        expect(r.data.equals(expected[i]!)).toBe(true);
        expect(r.size).toBe(expected[i]!.length);
        expect(r.crc).toBe(crc32(expected[i]!));
      });
      // stored files stay stored; compressible XML is deflated, random bytes are not
      expect(read.map((r) => r.method)).toEqual([0, 0, 0, 8, 0, 0]);
    });
  }

  it('keeps the modification time (DOS, two-second precision)', async () => {
    const zip = await collect(zipStream([{ name: 'a.txt', data: Buffer.from('a') }], { mtime: new Date(2026, 2, 15, 10, 30, 21) }));
    const entry = await new Promise<yauzl.Entry>((resolve, reject) =>
      yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
        if (err || !z) return reject(err ?? new Error('no zip'));
        z.on('entry', resolve);
        z.readEntry();
      }),
    );
    expect(entry.getLastModDate().getTime()).toBe(new Date(2026, 2, 15, 10, 30, 20).getTime());
  });

  it('writes the ZIP64 end record for more than 65535 entries', async () => {
    const many = Array.from({ length: 65_540 }, (_, i): ZipEntry => ({ name: `f${i}`, data: Buffer.from(String(i)) }));
    const zip = await collect(zipStream(many));
    const count = await new Promise<number>((resolve, reject) =>
      yauzl.fromBuffer(zip, { lazyEntries: false }, (err, z) => {
        if (err || !z) return reject(err ?? new Error('no zip'));
        resolve(z.entryCount);
        z.close();
      }),
    );
    expect(count).toBe(65_540);
  });

  it('fails when a file yields another number of bytes than announced', async () => {
    const s = zipStream([{ name: 'a.bin', size: 10, open: chunked(Buffer.alloc(9), 4) }]);
    await expect(collect(s)).rejects.toThrow(/9 bytes read, 10 expected/);
  });

  it('opens files one at a time, when the archive reaches them', async () => {
    const opened: string[] = [];
    const open = (name: string) => () => {
      opened.push(name);
      return Readable.from([Buffer.from(name)]);
    };
    const s = zipStream([
      { name: 'a', size: 1, open: open('a') },
      { name: 'b', size: 1, open: open('b') },
    ]);
    expect(opened).toEqual([]);
    const read = await readZip(await collect(s));
    expect(opened).toEqual(['a', 'b']);
    expect(read.map((r) => r.data.toString())).toEqual(['a', 'b']);
  });
});

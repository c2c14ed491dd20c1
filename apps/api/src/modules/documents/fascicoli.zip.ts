import { Readable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A streaming ZIP writer for exports. Files read from storage are stored as they are (no compression):
 * their local header sets bit 3, so CRC-32 and sizes follow the data in a data descriptor and every file
 * is read once, chunk by chunk, with the CRC computed by zlib (native). Small buffers (the XML metadata)
 * are deflated when that makes them smaller. ZIP64 records are written for entries of 4 GiB or more, for
 * offsets past 4 GiB and for more than 65 535 entries. Names are UTF-8 (bit 11).
 */
export type ZipEntry =
  | { name: string; data: Buffer; compress?: boolean }
  | {
      name: string;
      /** The exact number of bytes `open()` yields; the archive fails when it differs. */
      size: number;
      open: () => Readable;
    };

export interface ZipOptions {
  /** Modification time of every entry (DOS time, local). */
  mtime?: Date;
  /** Write ZIP64 fields for every entry and the end record, even when not needed (for tests). */
  forceZip64?: boolean;
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const STORED = 0;
const DEFLATE = 8;
const VERSION_20 = 20;
const VERSION_ZIP64 = 45;
/** Made by Unix (3), so that the external attributes carry the file mode. */
const MADE_BY_UNIX = 3 << 8;
const FILE_MODE = (0o100644 << 16) >>> 0;

function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
  };
}

interface Written {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  zip64: boolean;
}

function localHeader(name: Buffer, flags: number, method: number, dt: { date: number; time: number }, crc: number, csize: number, size: number, zip64: boolean) {
  const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(size), 4);
    extra.writeBigUInt64LE(BigInt(csize), 12);
  }
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_20, 4);
  h.writeUInt16LE(flags, 6);
  h.writeUInt16LE(method, 8);
  h.writeUInt16LE(dt.time, 10);
  h.writeUInt16LE(dt.date, 12);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(zip64 ? MAX32 : csize, 18);
  h.writeUInt32LE(zip64 ? MAX32 : size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(extra.length, 28);
  return Buffer.concat([h, name, extra]);
}

function dataDescriptor(crc: number, size: number, zip64: boolean) {
  const b = Buffer.alloc(zip64 ? 24 : 16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc, 4);
  if (zip64) {
    b.writeBigUInt64LE(BigInt(size), 8);
    b.writeBigUInt64LE(BigInt(size), 16);
  } else {
    b.writeUInt32LE(size, 8);
    b.writeUInt32LE(size, 12);
  }
  return b;
}

function centralHeader(e: Written, dt: { date: number; time: number }, force: boolean) {
  const big = (n: number) => force || n >= MAX32;
  const fields = [e.size, e.compressedSize, e.offset].filter(big);
  const extra = Buffer.alloc(fields.length ? 4 + 8 * fields.length : 0);
  if (fields.length) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8 * fields.length, 2);
    fields.forEach((n, i) => extra.writeBigUInt64LE(BigInt(n), 4 + 8 * i));
  }
  const version = fields.length || e.zip64 ? VERSION_ZIP64 : VERSION_20;
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(MADE_BY_UNIX | version, 4);
  h.writeUInt16LE(version, 6);
  h.writeUInt16LE(e.flags, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(dt.time, 12);
  h.writeUInt16LE(dt.date, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(big(e.compressedSize) ? MAX32 : e.compressedSize, 20);
  h.writeUInt32LE(big(e.size) ? MAX32 : e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt16LE(extra.length, 30);
  h.writeUInt16LE(0, 32); // comment length
  h.writeUInt16LE(0, 34); // disk number start
  h.writeUInt16LE(0, 36); // internal attributes
  h.writeUInt32LE(FILE_MODE, 38);
  h.writeUInt32LE(big(e.offset) ? MAX32 : e.offset, 42);
  return Buffer.concat([h, e.name, extra]);
}

function endRecords(count: number, cdSize: number, cdOffset: number, force: boolean) {
  const zip64 = force || count > MAX16 || cdSize >= MAX32 || cdOffset >= MAX32;
  const parts: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
    rec.writeUInt16LE(VERSION_ZIP64, 14);
    rec.writeUInt32LE(0, 16);
    rec.writeUInt32LE(0, 20);
    rec.writeBigUInt64LE(BigInt(count), 24);
    rec.writeBigUInt64LE(BigInt(count), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeUInt32LE(0, 4);
    loc.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
    loc.writeUInt32LE(1, 16);
    parts.push(rec, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(zip64 ? MAX16 : count, 8);
  end.writeUInt16LE(zip64 ? MAX16 : count, 10);
  end.writeUInt32LE(zip64 ? MAX32 : cdSize, 12);
  end.writeUInt32LE(zip64 ? MAX32 : cdOffset, 16);
  end.writeUInt16LE(0, 20);
  parts.push(end);
  return Buffer.concat(parts);
}

async function* zipChunks(entries: Iterable<ZipEntry>, o: ZipOptions): AsyncGenerator<Buffer> {
  const dt = dosDateTime(o.mtime ?? new Date());
  const force = o.forceZip64 === true;
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    if (name.length > MAX16) throw new Error(`ZIP entry name too long: ${entry.name}`);
    if ('data' in entry) {
      const crc = crc32(entry.data);
      const deflated = entry.compress ? deflateRawSync(entry.data, { level: 1 }) : null;
      const useDeflate = deflated !== null && deflated.length < entry.data.length;
      const body = useDeflate ? deflated : entry.data;
      const zip64 = force || entry.data.length >= MAX32;
      const e: Written = { name, flags: FLAG_UTF8, method: useDeflate ? DEFLATE : STORED, crc, compressedSize: body.length, size: entry.data.length, offset, zip64 };
      const header = localHeader(name, e.flags, e.method, dt, crc, body.length, entry.data.length, zip64);
      yield header;
      yield body;
      offset += header.length + body.length;
      written.push(e);
    } else {
      const zip64 = force || entry.size >= MAX32;
      const flags = FLAG_UTF8 | FLAG_DESCRIPTOR;
      const header = localHeader(name, flags, STORED, dt, 0, 0, 0, zip64);
      yield header;
      let crc = 0;
      let size = 0;
      for await (const chunk of entry.open() as AsyncIterable<Buffer>) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
      if (size !== entry.size) throw new Error(`ZIP entry ${entry.name}: ${size} bytes read, ${entry.size} expected`);
      const descriptor = dataDescriptor(crc, size, zip64);
      yield descriptor;
      written.push({ name, flags, method: STORED, crc, compressedSize: size, size, offset, zip64 });
      offset += header.length + size + descriptor.length;
    }
  }
  const cdOffset = offset;
  let cdSize = 0;
  // the central directory in batches: few large writes, bounded memory
  let batch: Buffer[] = [];
  let batchBytes = 0;
  for (const e of written) {
    const h = centralHeader(e, dt, force);
    batch.push(h);
    batchBytes += h.length;
    cdSize += h.length;
    if (batchBytes >= 1 << 20) {
      yield Buffer.concat(batch);
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) yield Buffer.concat(batch);
  yield endRecords(written.length, cdSize, cdOffset, force);
}

/**
 * The archive of `entries`, in order, as a byte stream. Entries are consumed lazily: a file entry is
 * opened only when the archive reaches it and read to its end before the next one.
 */
export function zipStream(entries: Iterable<ZipEntry>, o: ZipOptions = {}): Readable {
  return Readable.from(zipChunks(entries, o), { objectMode: false, highWaterMark: 1 << 20 });
}

import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import PizZip from 'pizzip';

/** Most text kept per version (characters), enough for search without bloating the row. */
export const MAX_TEXT_CHARS = 1_000_000;
/** Largest file whose text is extracted; bigger files are stored without text. */
const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

const cap = (s: string) => {
  // NUL is not accepted in a PostgreSQL text column
  const clean = s.replaceAll(String.fromCharCode(0), '').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  return clean.length > MAX_TEXT_CHARS ? clean.slice(0, MAX_TEXT_CHARS) : clean;
};

/** Most bytes a part of a DOCX may inflate to: a "zip bomb" (a few KB inflating to gigabytes) stops there. */
export const MAX_PART_BYTES = 32 * 1024 * 1024;

interface ZipEntryData {
  compressionMethod: string;
  getCompressedContent(): Uint8Array | string;
}

/**
 * The text of one part of the archive, inflated with a hard limit on its size (whatever the archive declares);
 * a part over the limit, or compressed with a method other than store/deflate, throws.
 */
function partText(zip: PizZip, name: string): string | null {
  const file = zip.file(name) as (PizZip.ZipObject & { _data?: ZipEntryData }) | null;
  if (!file) return null;
  const data = file._data;
  if (!data || typeof data.getCompressedContent !== 'function') throw new Error('Unreadable archive entry');
  const raw = data.getCompressedContent();
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : Buffer.from(raw);
  let out: Buffer;
  if (data.compressionMethod === '\x08\x00') out = inflateRawSync(bytes, { maxOutputLength: MAX_PART_BYTES });
  else if (data.compressionMethod === '\x00\x00') out = bytes;
  else throw new Error('Unsupported compression method');
  if (out.length > MAX_PART_BYTES) throw new Error('Archive entry too large');
  return out.toString('utf8');
}

/** The text of a WordprocessingML document: paragraphs become lines, tabs spaces, tags are dropped. */
export function docxText(bytes: Uint8Array): string {
  const zip = new PizZip(bytes);
  const parts = ['word/document.xml', ...Object.keys(zip.files).filter((n) => /^word\/(header|footer)\d*\.xml$/.test(n))];
  const texts: string[] = [];
  for (const name of parts) {
    const xml = partText(zip, name);
    if (!xml) continue;
    texts.push(
      decodeEntities(
        xml
          .replace(/<w:tab\/>|<w:br\/>/g, ' ')
          .replace(/<\/w:p>/g, '\n')
          .replace(/<[^>]+>/g, ''),
      ),
    );
  }
  return texts.join('\n');
}

/** The text of a PDF's pages, through pdf.js (no text when it has none, e.g. a scan). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } finally {
    await pdf.destroy();
  }
}

/** The extractor of a media type, or null when it has no text we read. */
function extractorOf(mediaType: string): ((b: Uint8Array) => string | Promise<string>) | null {
  if (mediaType === 'application/pdf') return pdfText;
  if (mediaType === DOCX) return docxText;
  if (mediaType.startsWith('text/plain') || mediaType.startsWith('text/csv')) {
    return (b) => new TextDecoder('utf-8').decode(b.subarray(0, MAX_TEXT_CHARS * 4));
  }
  return null;
}

/**
 * Whether reading the text of a file of this media type means parsing it (PDF through pdf.js, DOCX through its
 * archive): such files are read by a background job after the upload, not while the uploader waits. Plain text
 * and CSV are only decoded, at once. Files over the size limit have no text either way.
 */
export function extractsInBackground(mediaType: string, size: number): boolean {
  return (mediaType === 'application/pdf' || mediaType === DOCX) && size <= MAX_SOURCE_BYTES;
}

/** The searchable text of bytes of a known media type; null when there is none or it cannot be read. */
export async function extractText(bytes: Uint8Array, mediaType: string): Promise<string | null> {
  const extractor = extractorOf(mediaType);
  if (!extractor) return null;
  try {
    const text = cap(await extractor(bytes));
    return text.length > 0 ? text : null;
  } catch {
    return null;
  }
}

/**
 * The searchable text of a file on disk (an upload not yet stored). Never throws: a file that cannot be
 * read is simply stored without text.
 */
export async function extractFileText(path: string, mediaType: string, size: number): Promise<string | null> {
  if (!extractorOf(mediaType) || size > MAX_SOURCE_BYTES) return null;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(size);
      await fh.read(buf, 0, size, 0);
      return await extractText(buf, mediaType);
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}

import { open } from 'node:fs/promises';
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

/** The text of a WordprocessingML document: paragraphs become lines, tabs spaces, tags are dropped. */
export function docxText(bytes: Uint8Array): string {
  const zip = new PizZip(bytes);
  const parts = ['word/document.xml', ...Object.keys(zip.files).filter((n) => /^word\/(header|footer)\d*\.xml$/.test(n))];
  const texts: string[] = [];
  for (const name of parts) {
    const xml = zip.file(name)?.asText();
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

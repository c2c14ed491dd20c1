import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

/**
 * Formats accepted for upload, from AgID's Linee Guida sulla formazione, gestione e conservazione dei
 * documenti informatici, Allegato 2 (formati di file). Deliberately left out, though listed there:
 * HTML (active content served to other users), macro-enabled OOXML, audio and video, fonts.
 * The first extension is the one added to a file name that does not match its content.
 */
export const ACCEPTED_FORMATS: Readonly<Record<string, { label: string; extensions: readonly string[] }>> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'application/xml': { label: 'XML', extensions: ['xml', 'xsd', 'xsl', 'xslt'] },
  'application/json': { label: 'JSON', extensions: ['json'] },
  'text/plain': { label: 'TXT', extensions: ['txt', 'text', 'md', 'log'] },
  'text/csv': { label: 'CSV', extensions: ['csv'] },
  'application/rtf': { label: 'RTF', extensions: ['rtf'] },
  'application/epub+zip': { label: 'EPUB', extensions: ['epub'] },
  'application/vnd.oasis.opendocument.text': { label: 'ODT', extensions: ['odt'] },
  'application/vnd.oasis.opendocument.spreadsheet': { label: 'ODS', extensions: ['ods'] },
  'application/vnd.oasis.opendocument.presentation': { label: 'ODP', extensions: ['odp'] },
  'application/vnd.oasis.opendocument.graphics': { label: 'ODG', extensions: ['odg'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'DOCX', extensions: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'XLSX', extensions: ['xlsx'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { label: 'PPTX', extensions: ['pptx'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  'image/tiff': { label: 'TIFF', extensions: ['tif', 'tiff'] },
  'image/gif': { label: 'GIF', extensions: ['gif'] },
  'image/jp2': { label: 'JPEG 2000', extensions: ['jp2'] },
  'image/svg+xml': { label: 'SVG', extensions: ['svg'] },
  'image/vnd.dwg': { label: 'DWG', extensions: ['dwg'] },
  'application/zip': { label: 'ZIP', extensions: ['zip'] },
  'application/gzip': { label: 'GZIP', extensions: ['gz', 'tgz'] },
  'application/x-tar': { label: 'TAR', extensions: ['tar'] },
  'application/x-7z-compressed': { label: '7-Zip', extensions: ['7z'] },
  'application/pkcs7-mime': { label: 'P7M (CAdES)', extensions: ['p7m', 'p7s'] },
  'message/rfc822': { label: 'EML', extensions: ['eml'] },
};

export const isAcceptedFormat = (mediaType: string) => Object.hasOwn(ACCEPTED_FORMATS, mediaType);

/** The accepted formats by label, for messages: "PDF, XML, …". */
export const acceptedLabels = () => [...new Set(Object.values(ACCEPTED_FORMATS).map((f) => f.label))].join(', ');

const HEAD_BYTES = 64 * 1024;
/** JSON is parsed whole to tell it from text, up to this size. */
const JSON_MAX_BYTES = 16 * 1024 * 1024;
/** OID 1.2.840.113549.1.7.2 (PKCS#7 signedData), DER-encoded with its tag and length. */
const SIGNED_DATA_OID = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

/** A CMS/PKCS#7 signedData (CAdES, .p7m/.p7s) in DER or BER: SEQUENCE { OID signedData, … }. */
export function isPkcs7SignedData(head: Uint8Array): boolean {
  if (head[0] !== 0x30 || head.length < 2) return false;
  const len = head[1]!;
  // short form, indefinite length (BER, 0x80, common in .p7m), or long form with 1-4 length bytes
  const offset = len <= 0x80 ? 2 : len <= 0x84 ? 2 + (len & 0x7f) : -1;
  return offset > 0 && Buffer.from(head.subarray(offset, offset + SIGNED_DATA_OID.length)).equals(SIGNED_DATA_OID);
}

/** A PKCS#7 in base64, bare or between PEM lines, as some signing tools save .p7m files. */
function isBase64Pkcs7(text: string): boolean {
  const body = text.replace(/-----(BEGIN|END) (PKCS7|CMS)-----/g, '').replace(/\s+/g, '');
  if (body.length < 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body.slice(0, 4096))) return false;
  return isPkcs7SignedData(Buffer.from(body.slice(0, 64), 'base64'));
}

/**
 * True when the whole file is UTF-8 text: valid encoding and no control characters except
 * tab, line feed, vertical tab, form feed and carriage return.
 */
async function isUtf8Text(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000e-\u001f\u007f]/;
  try {
    for await (const chunk of createReadStream(path)) {
      if (control.test(decoder.decode(chunk as Buffer, { stream: true }))) return false;
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** The text after the first `token`, or '' when there is none. */
const after = (s: string, token: string, from = 0) => {
  const i = s.indexOf(token, from);
  return i < 0 ? '' : s.slice(i + token.length);
};

/** Name of the root element of a markup text, skipping the XML declaration, comments and DOCTYPE. */
function rootElement(text: string): string | null {
  let s = text;
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('<?')) s = after(s, '?>');
    else if (s.startsWith('<!--')) s = after(s, '-->');
    else if (/^<!doctype\s+html[\s>]/i.test(s)) return 'html';
    else if (/^<!doctype/i.test(s)) {
      // an internal subset [ … ] may contain '>'
      const bracket = s.indexOf('[');
      s = bracket >= 0 && bracket < s.indexOf('>') ? after(s, '>', s.indexOf(']', bracket)) : after(s, '>');
    } else break;
  }
  const m = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(s);
  return m ? m[1]!.toLowerCase() : null;
}

/** An RFC 5322 message: a block of header fields including From and one of Date/Message-ID/MIME-Version/Received. */
function looksLikeEmail(text: string): boolean {
  const header = text.split(/\r?\n\r?\n/, 1)[0]!;
  const lines = header.split(/\r?\n/);
  if (!lines.every((l) => /^[!-9;-~]+:/.test(l) || /^[ \t]/.test(l))) return false;
  const names = new Set(lines.map((l) => l.slice(0, l.indexOf(':')).toLowerCase()));
  return names.has('from') && ['date', 'message-id', 'mime-version', 'received'].some((n) => names.has(n));
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * The media type of a file, from its bytes. The client's name and type are never trusted: the name only
 * tells CSV from plain text once the content is known to be text. Unknown binary content is
 * application/octet-stream.
 */
export async function sniffMediaType(path: string, fileName = ''): Promise<string> {
  const head = await readHead(path);
  if (isPkcs7SignedData(head)) return 'application/pkcs7-mime';
  const detected = await fileTypeFromFile(path);
  // file-type recognises XML only by its declaration: SVG and XHTML are told apart below
  if (detected && detected.mime !== 'application/xml') return detected.mime;
  if (!(await isUtf8Text(path))) return detected?.mime ?? 'application/octet-stream';

  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) {
    const root = rootElement(start);
    if (root === 'html') return 'text/html';
    if (root === 'svg') return 'image/svg+xml';
    if (root) return 'application/xml';
  }
  if (/^[[{]/.test(start)) {
    const whole =
      head.length < HEAD_BYTES ? head : (await stat(path)).size <= JSON_MAX_BYTES ? await readFile(path) : null;
    if (whole && isJson(whole.toString('utf8').replace(/^\uFEFF/, ''))) return 'application/json';
  }
  if (isBase64Pkcs7(text)) return 'application/pkcs7-mime';
  if (looksLikeEmail(text)) return 'message/rfc822';
  if (/\.csv$/i.test(fileName.trim())) return 'text/csv';
  return 'text/plain';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The name a stored file gets: the last segment of the client's name, without control, format
 * (bidirectional override) or reserved characters, and with an extension matching its content
 * (`invoice.pdf.exe` sniffed as PDF becomes `invoice.pdf.exe.pdf`). It is metadata only: files
 * are stored by hash.
 */
export function safeFileName(name: string, mediaType: string): string {
  const extensions = ACCEPTED_FORMATS[mediaType]?.extensions ?? [];
  let base = (name.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (!base) base = 'documento';
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const suffix = extensions.length && !extensions.includes(ext) ? `.${extensions[0]}` : '';
  // at most 200 characters, keeping a matching extension at the end
  const chars = [...base];
  if (chars.length + suffix.length > 200) {
    const kept = !suffix && dot > 0 ? [...base.slice(dot)] : [];
    base = chars.slice(0, 200 - suffix.length - kept.length).join('') + kept.join('');
  }
  return base + suffix;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

import { crc32 } from 'node:zlib';

/** Small files of known formats, built byte by byte (tests of sniffing and upload). */
export const samples = {
  pdf: () =>
    Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    ),
  png: () =>
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    ),
  jpeg: () =>
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64)]),
  /** The start of a Linux executable. */
  elf: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0x01)]),
  /** The start of a Windows executable. */
  exe: () =>
    Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(58),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(64),
      Buffer.from('PE\0\0'),
    ]),
  /** A CMS signedData in BER with indefinite length, as Italian signing tools write .p7m files. */
  p7m: () =>
    Buffer.from([
      0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80, 0x30, 0x80, 0x02, 0x01,
      0x01, 0, 0, 0, 0, 0, 0,
    ]),
  /** The same in DER, long-form length. */
  p7mDer: () =>
    Buffer.concat([
      Buffer.from([0x30, 0x82, 0x01, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]),
      Buffer.alloc(245),
    ]),
  text: () => Buffer.from('Verbale della seduta: perché è così.\nPunto 1 — approvato.\n'),
  csv: () => Buffer.from('codice;comune;popolazione\n028060;Padova;206726\n'),
  xml: () => Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<fattura><numero>1</numero></fattura>\n'),
  svg: () =>
    Buffer.from(
      '<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n',
    ),
  html: () => Buffer.from('<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n'),
  json: () => Buffer.from('{"ente": "Padova", "anno": 2026}\n'),
  eml: () =>
    Buffer.from(
      'From: ufficio@provincia.padova.it\r\nTo: sua@provincia.padova.it\r\nDate: Thu, 26 Nov 2026 10:00:00 +0100\r\nSubject: Richiesta\r\nMIME-Version: 1.0\r\n\r\nTesto.\r\n',
    ),
  /** Latin-1 text is not UTF-8: it is not recognised as text. */
  latin1: () => Buffer.from('perch\xe9 cos\xec\n', 'latin1'),
  /** OpenDocument text: a ZIP whose first entry `mimetype` names the type. */
  odt: () =>
    zip([
      ['mimetype', 'application/vnd.oasis.opendocument.text'],
      ['content.xml', '<office:document-content/>'],
    ]),
  docx: () =>
    zip([
      [
        '[Content_Types].xml',
        contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
      ],
      ['word/document.xml', '<w:document/>'],
    ]),
  docm: () =>
    zip([
      ['[Content_Types].xml', contentTypes('application/vnd.ms-word.document.macroEnabled.main+xml')],
      ['word/document.xml', '<w:document/>'],
    ]),
  zip: () =>
    zip([
      ['relazione.txt', 'testo'],
      ['tavola.txt', 'altro'],
    ]),
};

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

/** A ZIP archive of stored (uncompressed) entries. */
export function zip(entries: [name: string, content: string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name);
    const data = Buffer.from(content);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += local.length + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A multipart/form-data body built by the platform's own FormData, as a browser sends it. */
export async function multipart(fields: {
  file?: { bytes: Uint8Array; name: string };
  metadata?: unknown;
  /** Other text fields, sent before the file. */
  text?: Record<string, string>;
}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields.text ?? {})) fd.append(k, v);
  if (fields.metadata !== undefined) {
    fd.append('metadata', typeof fields.metadata === 'string' ? fields.metadata : JSON.stringify(fields.metadata));
  }
  if (fields.file) fd.append('file', new Blob([new Uint8Array(fields.file.bytes)]), fields.file.name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

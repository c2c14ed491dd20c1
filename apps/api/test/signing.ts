import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Throw-away signatures for tests: an RSA key with a self-signed certificate of an Italian signer, an
 * attached CAdES (.p7m) over some bytes and a PAdES PDF whose /Contents holds a detached CMS.
 */
pkijs.setEngine('test', new pkijs.CryptoEngine({ name: 'test', crypto: webcrypto as unknown as Crypto }));
const subtle = webcrypto.subtle;

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

const toArrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export interface TestSigner {
  certificate: pkijs.Certificate;
  privateKey: CryptoKey;
}

export interface SignerOptions {
  commonName?: string;
  givenName?: string;
  surname?: string;
  serialNumber?: string;
  notBefore?: Date;
  notAfter?: Date;
}

const name = (values: [type: string, value: asn1js.BaseStringBlock][]) =>
  new pkijs.RelativeDistinguishedNames({
    typesAndValues: values.map(([type, value]) => new pkijs.AttributeTypeAndValue({ type, value })),
  });

/** A fresh RSA-2048 key and a self-signed certificate: CN=Mario Rossi, serialNumber=TINIT-RSSMRA80A01H501U. */
export async function createTestSigner(o: SignerOptions = {}): Promise<TestSigner> {
  const keys = (await subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: 4242 });
  cert.subject = name([
    ['2.5.4.6', new asn1js.PrintableString({ value: 'IT' })],
    ['2.5.4.10', new asn1js.Utf8String({ value: 'Provincia di Padova' })],
    ['2.5.4.4', new asn1js.Utf8String({ value: o.surname ?? 'Rossi' })],
    ['2.5.4.42', new asn1js.Utf8String({ value: o.givenName ?? 'Mario' })],
    ['2.5.4.5', new asn1js.PrintableString({ value: o.serialNumber ?? 'TINIT-RSSMRA80A01H501U' })],
    ['2.5.4.3', new asn1js.Utf8String({ value: o.commonName ?? 'Mario Rossi' })],
  ]);
  cert.issuer = name([
    ['2.5.4.6', new asn1js.PrintableString({ value: 'IT' })],
    ['2.5.4.10', new asn1js.Utf8String({ value: 'Test CA' })],
    ['2.5.4.3', new asn1js.Utf8String({ value: 'Test Qualified CA' })],
  ]);
  cert.notBefore.value = o.notBefore ?? new Date(Date.now() - 24 * 3600 * 1000);
  cert.notAfter.value = o.notAfter ?? new Date(Date.now() + 365 * 24 * 3600 * 1000);
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign(keys.privateKey, 'SHA-256');
  return { certificate: cert, privateKey: keys.privateKey };
}

/** A CMS signedData over `content`, with signed attributes (contentType, signingTime, messageDigest). */
async function signedData(
  signer: TestSigner,
  content: Uint8Array,
  attached: boolean,
  signingTime = new Date(),
): Promise<Buffer> {
  const digest = await subtle.digest('SHA-256', toArrayBuffer(content));
  const cms = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OIDS.data,
      ...(attached ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) } : {}),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: signer.certificate.issuer,
          serialNumber: signer.certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: OIDS.contentType,
              values: [new asn1js.ObjectIdentifier({ value: OIDS.data })],
            }),
            new pkijs.Attribute({ type: OIDS.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
            new pkijs.Attribute({ type: OIDS.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
          ],
        }),
      }),
    ],
    certificates: [signer.certificate],
  });
  await cms.sign(signer.privateKey, 0, 'SHA-256', attached ? undefined : toArrayBuffer(content));
  const info = new pkijs.ContentInfo({ contentType: OIDS.signedData, content: cms.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

/** An attached (enveloping) CAdES .p7m carrying `content`, DER-encoded. */
export const signCades = (signer: TestSigner, content: Uint8Array, signingTime?: Date) =>
  signedData(signer, content, true, signingTime);

const CONTENTS_BYTES = 8192;
const RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

/**
 * A one-page PDF signed the PAdES way: a signature dictionary whose /ByteRange covers the whole file
 * but the /Contents hex string, which holds a detached CMS over those ranges.
 */
export async function signPdf(signer: TestSigner, text = 'Determina dirigenziale n. 12'): Promise<Buffer> {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const placeholder = `<${'0'.repeat(CONTENTS_BYTES * 2)}>`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[5 0 R]/SigFlags 3>>>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Annots[5 0 R]>>',
    `<</Length ${stream.length}>>stream\n${stream}\nendstream`,
    '<</Type/Annot/Subtype/Widget/FT/Sig/Rect[0 0 0 0]/T(Firma1)/V 6 0 R>>',
    `<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached${RANGE_PLACEHOLDER}/Contents ${placeholder}/M(D:20261126100000Z)>>`,
  ];
  let pdf = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;

  const start = pdf.indexOf(placeholder);
  const end = start + placeholder.length;
  const range = `/ByteRange [0 ${start} ${end} ${pdf.length - end}]`;
  pdf = pdf.replace(RANGE_PLACEHOLDER, range.padEnd(RANGE_PLACEHOLDER.length, ' '));
  const bytes = Buffer.from(pdf, 'latin1');
  const covered = Buffer.concat([bytes.subarray(0, start), bytes.subarray(end)]);
  const cms = await signedData(signer, covered, false);
  if (cms.length > CONTENTS_BYTES) throw new Error('The signature does not fit its placeholder');
  const hex = cms.toString('hex').padEnd(CONTENTS_BYTES * 2, '0');
  bytes.write(hex, start + 1, 'latin1');
  return bytes;
}

/** A copy of `bytes` with one byte changed at `offset` (negative: from the end). */
export function flipByte(bytes: Buffer, offset: number): Buffer {
  const copy = Buffer.from(bytes);
  const at = offset < 0 ? copy.length + offset : offset;
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

/** The index of `needle` in `bytes` (latin1), for tampering with a precise place. */
export const indexOf = (bytes: Buffer, needle: string) => bytes.indexOf(Buffer.from(needle, 'latin1'));

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

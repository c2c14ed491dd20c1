import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fileTypeFromBuffer } from 'file-type';
import { isPkcs7SignedData } from './documents.formats.js';

/**
 * What the digital signatures of a file carry (CAdES .p7m, PAdES PDF) and whether they verify
 * cryptographically against the signed bytes. The certificate chain is not checked against the EU
 * Trusted Lists (that needs the network): the answer says so plainly.
 */

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

export interface SignerInfoReport {
  commonName: string | null;
  givenName?: string;
  surname?: string;
  /** Italian codice fiscale, from the subject serialNumber (`TINIT-<CF>` or `IT:<CF>`). */
  fiscalCode?: string;
  organization?: string;
  /** The issuer's distinguished name, e.g. "CN=…, O=…, C=IT". */
  issuer: string;
  /** Serial number of the signer's certificate (hexadecimal). */
  serialNumber: string;
  /** The signing time the signer declared (signed attribute), ISO 8601. */
  signingTime?: string;
  notBefore: string;
  notAfter: string;
  /** The certificate was within its validity period at the declared signing time; null without one. */
  validAtSigningTime: boolean | null;
  digestAlgorithm: string;
  /** The signature verifies against the signed content with the signer's certificate. */
  verified: boolean;
  /** Why it does not verify. */
  reason?: string;
  /** PAdES: the byte ranges of this signature cover the whole file (no later incremental update). */
  coversWholeFile?: boolean;
}

export interface SignatureInspection {
  format: 'CAdES' | 'PAdES';
  signers: SignerInfoReport[];
  /** CAdES: the type of the signed content, from its bytes. */
  contentMediaType?: string;
  /** PAdES: every signature covers the whole file. */
  coversWholeFile?: boolean;
  trustList: 'not_checked';
  note: string;
}

/** A signed file whose signatures could not be read. */
export interface SignatureInspectionError {
  format: 'CAdES' | 'PAdES';
  error: string;
}

export const TRUST_LIST_NOTE = 'Non verificata rispetto alla EU Trusted List';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  signingTime: '1.2.840.113549.1.9.5',
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  organizationIdentifier: '2.5.4.97',
} as const;

const DN_LABELS: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.surname]: 'SN',
  [OID.serialNumber]: 'SERIALNUMBER',
  [OID.country]: 'C',
  [OID.locality]: 'L',
  [OID.organization]: 'O',
  [OID.organizationalUnit]: 'OU',
  [OID.givenName]: 'GN',
  [OID.organizationIdentifier]: 'organizationIdentifier',
};

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const MEDIA_PDF = 'application/pdf';
const MEDIA_PKCS7 = 'application/pkcs7-mime';

const toArrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** The DER/BER bytes of a .p7m: as they are, or decoded from base64 (bare or PEM). */
function p7mBytes(bytes: Buffer): Buffer {
  if (isPkcs7SignedData(bytes.subarray(0, 32))) return bytes;
  const body = bytes
    .toString('latin1')
    .replace(/-----(BEGIN|END) (PKCS7|CMS)-----/g, '')
    .replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new Error('Not a PKCS#7 signedData');
  const der = Buffer.from(body, 'base64');
  if (!isPkcs7SignedData(der.subarray(0, 32))) throw new Error('Not a PKCS#7 signedData');
  return der;
}

function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const asn = asn1js.fromBER(toArrayBuffer(der));
  if (asn.offset === -1) throw new Error('The signature is not valid ASN.1');
  const info = new pkijs.ContentInfo({ schema: asn.result });
  if (info.contentType !== OID.signedData) throw new Error('Not a CMS signedData');
  return new pkijs.SignedData({ schema: info.content });
}

/** The encapsulated content of a signedData (also when BER splits it in several octet strings). */
function encapsulated(sd: pkijs.SignedData): Buffer | null {
  const e = sd.encapContentInfo.eContent;
  if (!e) return null;
  if (e.idBlock.isConstructed) {
    const parts = (e.valueBlock.value as asn1js.OctetString[]).map((p) => Buffer.from(p.valueBlock.valueHexView));
    return Buffer.concat(parts);
  }
  return Buffer.from(e.valueBlock.valueHexView);
}

/** The signed content of an attached CAdES file (.p7m, DER or base64); fails when there is none. */
export function extractSignedContent(bytes: Buffer): Buffer {
  const content = encapsulated(parseSignedData(p7mBytes(bytes)));
  if (!content) throw new Error('The signature is detached: the file carries no content');
  return content;
}

/** The media type of a buffer, from its bytes: known binary formats, PKCS#7, XML, UTF-8 text. */
export async function sniffBuffer(bytes: Buffer): Promise<string> {
  if (isPkcs7SignedData(bytes.subarray(0, 32))) return MEDIA_PKCS7;
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return detected.mime;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return 'application/octet-stream';
    return /^\uFEFF?\s*<\?xml/.test(text) ? 'application/xml' : 'text/plain';
  } catch {
    return 'application/octet-stream';
  }
}

function attributeText(v: unknown): string {
  const block = (v as { valueBlock?: { value?: unknown } }).valueBlock;
  return typeof block?.value === 'string' ? block.value : '';
}

function distinguishedName(rdn: pkijs.RelativeDistinguishedNames): string {
  return rdn.typesAndValues.map((t) => `${DN_LABELS[t.type] ?? t.type}=${attributeText(t.value)}`).join(', ');
}

const subjectValue = (cert: pkijs.Certificate, oid: string) => {
  const found = cert.subject.typesAndValues.find((t) => t.type === oid);
  return found ? attributeText(found.value) : undefined;
};

/** The codice fiscale in a subject serialNumber: `TINIT-<CF>` (ETSI EN 319 412-1) or `IT:<CF>`. */
export function fiscalCodeOf(serialNumber: string | undefined): string | undefined {
  const m = /^(?:TINIT-|IT:)([A-Z0-9]{11,16})$/i.exec(serialNumber?.trim() ?? '');
  return m ? m[1]!.toUpperCase() : undefined;
}

function signerCertificate(sd: pkijs.SignedData, si: pkijs.SignerInfo): pkijs.Certificate | undefined {
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  return certs[0];
}

function signingTimeOf(si: pkijs.SignerInfo): Date | undefined {
  const attr = si.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
  const value = attr?.values[0] as { toDate?: () => Date } | undefined;
  return value?.toDate?.();
}

async function verifySigner(sd: pkijs.SignedData, index: number, data: Buffer | null) {
  try {
    const result = await sd.verify({
      signer: index,
      checkChain: false,
      extendedMode: true,
      ...(data ? { data: toArrayBuffer(data) } : {}),
    });
    return result.signatureVerified
      ? { verified: true }
      : { verified: false, reason: result.message || 'La firma non corrisponde al contenuto' };
  } catch (err) {
    const message = (err as { message?: string }).message ?? String(err);
    return { verified: false, reason: message };
  }
}

async function reportSigners(sd: pkijs.SignedData, data: Buffer | null): Promise<SignerInfoReport[]> {
  const reports: SignerInfoReport[] = [];
  for (const [index, si] of sd.signerInfos.entries()) {
    const cert = signerCertificate(sd, si);
    const signingTime = signingTimeOf(si);
    const check = await verifySigner(sd, index, data);
    const digestAlgorithm = DIGESTS[si.digestAlgorithm.algorithmId] ?? si.digestAlgorithm.algorithmId;
    if (!cert) {
      reports.push({
        commonName: null,
        issuer: '',
        serialNumber: '',
        ...(signingTime ? { signingTime: signingTime.toISOString() } : {}),
        notBefore: '',
        notAfter: '',
        validAtSigningTime: null,
        digestAlgorithm,
        verified: false,
        reason: 'Il certificato del firmatario non è nel file',
      });
      continue;
    }
    const notBefore = cert.notBefore.value;
    const notAfter = cert.notAfter.value;
    const serial = subjectValue(cert, OID.serialNumber);
    const optional = {
      givenName: subjectValue(cert, OID.givenName),
      surname: subjectValue(cert, OID.surname),
      fiscalCode: fiscalCodeOf(serial),
      organization: subjectValue(cert, OID.organization),
      signingTime: signingTime?.toISOString(),
      reason: check.reason,
    };
    reports.push({
      commonName: subjectValue(cert, OID.commonName) ?? null,
      ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<SignerInfoReport>),
      issuer: distinguishedName(cert.issuer),
      serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      validAtSigningTime: signingTime ? signingTime >= notBefore && signingTime <= notAfter : null,
      digestAlgorithm,
      verified: check.verified,
    });
  }
  return reports;
}

async function inspectCades(bytes: Buffer): Promise<SignatureInspection> {
  const sd = parseSignedData(p7mBytes(bytes));
  const content = encapsulated(sd);
  const signers = await reportSigners(sd, content);
  if (!content) {
    for (const s of signers) {
      s.verified = false;
      s.reason = 'Firma staccata (detached): il contenuto firmato non è nel file';
    }
  }
  return {
    format: 'CAdES',
    signers,
    ...(content ? { contentMediaType: await sniffBuffer(content) } : {}),
    trustList: 'not_checked',
    note: TRUST_LIST_NOTE,
  };
}

/** One signature of a PDF: its byte ranges and the CMS in its /Contents. */
export interface PdfSignatureField {
  byteRange: [number, number, number, number];
  cms: Buffer;
  subFilter?: string;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** Every signature dictionary of a PDF (`/ByteRange [a b c d]`, with `/Contents <hex>` between the ranges). */
export function findPdfSignatures(bytes: Buffer): PdfSignatureField[] {
  const text = bytes.toString('latin1');
  const found: PdfSignatureField[] = [];
  for (const m of text.matchAll(BYTE_RANGE)) {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    if (a < 0 || b <= 0 || c <= a + b || d < 0 || c + d > bytes.length) {
      throw new Error(`Invalid /ByteRange [${a} ${b} ${c} ${d}]`);
    }
    const hole = text.slice(a + b, c);
    const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(hole);
    if (!hex) throw new Error('The /Contents of a signature is not where its /ByteRange says');
    const digits = hex[1]!.replace(/\s+/g, '');
    const cms = Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex');
    // the dictionary around: its /SubFilter, when it is near
    const around = text.slice(Math.max(0, m.index - 2048), Math.min(text.length, m.index + 2048 + (c - a - b)));
    const sub = /\/SubFilter\s*\/([A-Za-z0-9._#-]+)/.exec(around)?.[1];
    found.push({ byteRange: [a, b, c, d], cms, ...(sub ? { subFilter: sub } : {}) });
  }
  return found;
}

async function inspectPades(bytes: Buffer): Promise<SignatureInspection | null> {
  const fields = findPdfSignatures(bytes);
  if (fields.length === 0) return null;
  const signers: SignerInfoReport[] = [];
  // trailing end-of-line bytes after the last %%EOF do not count as an update
  const end = bytes.toString('latin1').replace(/[\r\n\s]+$/, '').length;
  for (const f of fields) {
    const [a, b, c, d] = f.byteRange;
    const covered = Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
    const coversWholeFile = a === 0 && c + d >= end;
    const sd = parseSignedData(f.cms);
    const reports = await reportSigners(sd, covered);
    if (f.subFilter && !/^(adbe\.pkcs7\.detached|ETSI\.CAdES\.detached)$/.test(f.subFilter)) {
      for (const r of reports) {
        r.verified = false;
        r.reason = `SubFilter /${f.subFilter} non supportato`;
      }
    }
    for (const r of reports) signers.push({ ...r, coversWholeFile });
  }
  return {
    format: 'PAdES',
    signers,
    coversWholeFile: signers.every((s) => s.coversWholeFile),
    trustList: 'not_checked',
    note: TRUST_LIST_NOTE,
  };
}

/**
 * The signatures of a file of the given (sniffed) media type: null when it carries none, a report of
 * the signers otherwise. Fails on a malformed signature.
 */
export async function inspectSignatures(bytes: Buffer, mediaType: string): Promise<SignatureInspection | null> {
  if (mediaType === MEDIA_PKCS7) return inspectCades(bytes);
  if (mediaType === MEDIA_PDF) return inspectPades(bytes);
  return null;
}

/** As `inspectSignatures`, recording a malformed signature as `{ format, error }` instead of failing. */
export async function inspectSignaturesSafely(
  bytes: Buffer,
  mediaType: string,
): Promise<SignatureInspection | SignatureInspectionError | null> {
  try {
    return await inspectSignatures(bytes, mediaType);
  } catch (err) {
    return {
      format: mediaType === MEDIA_PDF ? 'PAdES' : 'CAdES',
      error: (err as { message?: string }).message ?? String(err),
    };
  }
}

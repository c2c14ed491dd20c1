import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { samples } from '../../../test/files.js';
import { createTestSigner, flipByte, indexOf, signCades, signPdf, type TestSigner } from '../../../test/signing.js';
import {
  extractSignedContent,
  findPdfSignatures,
  fiscalCodeOf,
  inspectSignatures,
  inspectSignaturesSafely,
  TRUST_LIST_NOTE,
} from './documents.signatures.js';

const P7M = 'application/pkcs7-mime';
const PDF = 'application/pdf';
const text = Buffer.from('Offerta economica: ribasso del 12,5% sull’importo a base di gara.\n');

let signer: TestSigner;
let p7m: Buffer;
let pdf: Buffer;
const signedAt = new Date('2026-11-26T09:30:00Z');

beforeAll(async () => {
  signer = await createTestSigner({
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2029-01-01T00:00:00Z'),
  });
  p7m = await signCades(signer, text, signedAt);
  pdf = await signPdf(signer);
});

describe('inspectSignatures, CAdES (.p7m)', () => {
  it('lists the signer with name, codice fiscale, issuer, signing time and validity period', async () => {
    const r = await inspectSignatures(p7m, P7M);
    expect(r).toMatchObject({
      format: 'CAdES',
      contentMediaType: 'text/plain',
      trustList: 'not_checked',
      note: TRUST_LIST_NOTE,
    });
    expect(r!.signers).toEqual([
      {
        commonName: 'Mario Rossi',
        givenName: 'Mario',
        surname: 'Rossi',
        fiscalCode: 'RSSMRA80A01H501U',
        organization: 'Provincia di Padova',
        issuer: 'C=IT, O=Test CA, CN=Test Qualified CA',
        serialNumber: '1092',
        signingTime: signedAt.toISOString(),
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2029-01-01T00:00:00.000Z',
        validAtSigningTime: true,
        digestAlgorithm: 'SHA-256',
        verified: true,
      },
    ]);
  });

  it('says plainly that the certificate was not checked against the EU Trusted List', async () => {
    const r = await inspectSignatures(p7m, P7M);
    expect(r!.note).toBe('Non verificata rispetto alla EU Trusted List');
  });

  it('reads a .p7m saved in base64 between PEM lines as well', async () => {
    const pem = Buffer.from(
      `-----BEGIN PKCS7-----\n${p7m.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PKCS7-----\n`,
    );
    const r = await inspectSignatures(pem, P7M);
    expect(r!.signers[0]).toMatchObject({ commonName: 'Mario Rossi', verified: true });
    expect(extractSignedContent(pem).equals(text)).toBe(true);
  });

  it('reads a .p7m whose content is split in several octet strings (constructed, as BER allows)', async () => {
    const asn = asn1js.fromBER(p7m.buffer.slice(p7m.byteOffset, p7m.byteOffset + p7m.length) as ArrayBuffer);
    const info = new pkijs.ContentInfo({ schema: asn.result });
    const sd = new pkijs.SignedData({ schema: info.content });
    sd.encapContentInfo.eContent = new asn1js.OctetString({
      idBlock: { isConstructed: true },
      value: [
        new asn1js.OctetString({ valueHex: text.subarray(0, 20) }),
        new asn1js.OctetString({ valueHex: text.subarray(20) }),
      ],
    } as never);
    const ber = Buffer.from(
      new pkijs.ContentInfo({ contentType: info.contentType, content: sd.toSchema() }).toSchema().toBER(false),
    );
    // the content is now in chunks: a 20-byte OCTET STRING, and the whole text nowhere in one piece
    expect(ber.includes(Buffer.concat([Buffer.from([0x04, 20]), text.subarray(0, 20)]))).toBe(true);
    expect(ber.includes(text)).toBe(false);
    expect(extractSignedContent(ber).equals(text)).toBe(true);
    expect((await inspectSignatures(ber, P7M))!.signers[0]!.verified).toBe(true);
  });

  it('extracts the signed content byte for byte', () => {
    expect(extractSignedContent(p7m).equals(text)).toBe(true);
  });

  it('sniffs the type of the signed content (a signed PDF is application/pdf)', async () => {
    const r = await inspectSignatures(await signCades(signer, samples.pdf()), P7M);
    expect(r!.contentMediaType).toBe(PDF);
  });

  it('reports verified: false with a reason when a byte of the signed content was changed', async () => {
    const tampered = flipByte(p7m, indexOf(p7m, 'ribasso'));
    const r = await inspectSignatures(tampered, P7M);
    expect(r!.signers[0]!.verified).toBe(false);
    expect(r!.signers[0]!.reason).toBeTruthy();
  });

  it('flags a signing time outside the certificate validity period', async () => {
    const late = await signCades(signer, text, new Date('2030-06-01T00:00:00Z'));
    const r = await inspectSignatures(late, P7M);
    expect(r!.signers[0]!.validAtSigningTime).toBe(false);
  });

  it('fails on a file that only looks like a signedData; the safe variant records { format, error }', async () => {
    await expect(inspectSignatures(samples.p7m(), P7M)).rejects.toThrow();
    expect(await inspectSignaturesSafely(samples.p7m(), P7M)).toEqual({ format: 'CAdES', error: expect.any(String) });
  });
});

describe('inspectSignatures, PAdES (signed PDF)', () => {
  it('finds the signature dictionary: its byte ranges, SubFilter and CMS', () => {
    const [field, ...rest] = findPdfSignatures(pdf);
    expect(rest).toEqual([]);
    expect(field!.subFilter).toBe('ETSI.CAdES.detached');
    const [a, b, c, d] = field!.byteRange;
    expect(a).toBe(0);
    expect(c + d).toBe(pdf.length);
    expect(pdf.subarray(a + b, a + b + 1).toString()).toBe('<');
    expect(pdf.subarray(c - 1, c).toString()).toBe('>');
  });

  it('verifies the detached CMS over the byte ranges and lists the signer', async () => {
    const r = await inspectSignatures(pdf, PDF);
    expect(r).toMatchObject({ format: 'PAdES', coversWholeFile: true, trustList: 'not_checked' });
    expect(r!.contentMediaType).toBeUndefined();
    expect(r!.signers).toHaveLength(1);
    expect(r!.signers[0]).toMatchObject({
      commonName: 'Mario Rossi',
      fiscalCode: 'RSSMRA80A01H501U',
      digestAlgorithm: 'SHA-256',
      verified: true,
      validAtSigningTime: true,
      coversWholeFile: true,
    });
  });

  it('reports verified: false when a byte inside the signed ranges was changed', async () => {
    const tampered = flipByte(pdf, indexOf(pdf, 'Determina'));
    const r = await inspectSignatures(tampered, PDF);
    expect(r!.signers[0]!.verified).toBe(false);
  });

  it('flags a later incremental update: the signed ranges no longer cover the whole file', async () => {
    const updated = Buffer.concat([
      pdf,
      Buffer.from('7 0 obj\n<</Annotazione(aggiunta dopo la firma)>>\nendobj\n%%EOF\n'),
    ]);
    const r = await inspectSignatures(updated, PDF);
    expect(r!.coversWholeFile).toBe(false);
    expect(r!.signers[0]).toMatchObject({ verified: true, coversWholeFile: false });
  });

  it('answers null for an unsigned PDF', async () => {
    expect(await inspectSignatures(samples.pdf(), PDF)).toBeNull();
  });

  it('records a /ByteRange that points outside the file as { format: PAdES, error }', async () => {
    const broken = Buffer.from(pdf.toString('latin1').replace(/\/ByteRange \[0 (\d+)/, '/ByteRange [0 9$1'), 'latin1');
    expect(await inspectSignaturesSafely(broken, PDF)).toEqual({ format: 'PAdES', error: expect.any(String) });
  });
});

describe('inspectSignatures, other files', () => {
  it('answers null for formats that carry no signature', async () => {
    expect(await inspectSignatures(samples.text(), 'text/plain')).toBeNull();
    expect(await inspectSignatures(samples.png(), 'image/png')).toBeNull();
  });
});

describe('fiscalCodeOf', () => {
  it('reads the codice fiscale from TINIT-<CF> and IT:<CF>, and nothing else', () => {
    expect(fiscalCodeOf('TINIT-RSSMRA80A01H501U')).toBe('RSSMRA80A01H501U');
    expect(fiscalCodeOf('IT:rssmra80a01h501u')).toBe('RSSMRA80A01H501U');
    expect(fiscalCodeOf('12345')).toBeUndefined();
    expect(fiscalCodeOf(undefined)).toBeUndefined();
  });
});

import type { DocumentSignatures, Signer } from '@app/contracts';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SignatureDetails } from './SignaturesPanel';
import { renderWithProviders } from './test-utils';

const signer: Signer = {
  commonName: 'Mario Rossi',
  givenName: 'Mario',
  surname: 'Rossi',
  fiscalCode: 'RSSMRA80A01H501U',
  issuer: 'CN=Demo CA, O=Demo, C=IT',
  serialNumber: '0a1b',
  signingTime: '2026-03-02T09:30:00.000Z',
  notBefore: '2025-01-01T00:00:00.000Z',
  notAfter: '2028-01-01T00:00:00.000Z',
  validAtSigningTime: true,
  digestAlgorithm: 'SHA-256',
  verified: true,
};

function signed(signers: Signer[], format: 'CAdES' | 'PAdES' = 'CAdES'): DocumentSignatures {
  return {
    version: 1,
    mediaType: 'application/pkcs7-mime',
    signatures: { format, signers, trustList: 'not_checked', note: 'not checked' },
  };
}

describe('signatures panel', () => {
  it('says in words that a signature is intact, with the signer and the trust-list note', () => {
    renderWithProviders(
      <SignatureDetails data={signed([signer])} signedContentUrl="/api/v1/documents/x/signed-content" />,
    );
    expect(screen.getByText('Formato di firma: CAdES')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Mario Rossi' })).toBeTruthy();
    expect(screen.getByText('RSSMRA80A01H501U')).toBeTruthy();
    expect(screen.getByText('Firma integra')).toBeTruthy();
    expect(screen.queryByText('Firma non integra')).toBeNull();
    expect(screen.getByText(/Valido all'ora di firma/)).toBeTruthy();
    expect(screen.getByText('Non verificata rispetto alla EU Trusted List.')).toBeTruthy();
    const link = screen.getByRole('link', { name: /Scarica il contenuto firmato/ });
    expect(link.getAttribute('href')).toBe('/api/v1/documents/x/signed-content');
  });

  it('says that a signature is not intact, with the reason, and offers no signed content for PAdES', () => {
    renderWithProviders(
      <SignatureDetails
        data={signed([{ ...signer, verified: false, reason: 'Impronta diversa' }], 'PAdES')}
        signedContentUrl="/x"
      />,
    );
    expect(screen.getByText('Firma non integra')).toBeTruthy();
    expect(screen.getByText('Motivo: Impronta diversa')).toBeTruthy();
    expect(screen.getByText('Non verificata rispetto alla EU Trusted List.')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('tells an unsigned version and unreadable signatures apart', () => {
    const { unmount } = renderWithProviders(
      <SignatureDetails data={{ version: 1, mediaType: 'application/pdf', signatures: null }} />,
    );
    expect(screen.getByText('Questa versione non porta firme digitali.')).toBeTruthy();
    unmount();
    renderWithProviders(
      <SignatureDetails
        data={{ version: 1, mediaType: 'application/pdf', signatures: { format: 'PAdES', error: 'busta illeggibile' } }}
      />,
    );
    expect(screen.getByText('Le firme non si sono potute leggere: busta illeggibile')).toBeTruthy();
  });
});

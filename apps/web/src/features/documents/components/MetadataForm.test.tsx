import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import type { AgidMetadata } from '../api';
import { MetadataForm, formFieldOf, inputOf, valuesOf } from './MetadataForm';
import { renderWithProviders } from './test-utils';

const sha = 'ab'.repeat(32);
const metadata: AgidMetadata = {
  idDoc: { identificativo: 'doc-v1', impronta: sha, algoritmo: 'SHA-256' },
  formato: { mimeType: 'application/pdf' },
  versioneDelDocumento: 1,
  autore: { id: '00000000-0000-4000-8000-000000000001', denominazione: 'Anna Bianchi' },
  tipologiaDocumentale: 'Protocollo d’intesa',
  chiaveDescrittiva: { oggetto: 'Protocollo firmato', paroleChiave: ['sua', 'upi'] },
};

describe('metadata form', () => {
  it('shows the computed part as text, not as fields, and fills the form with the stored values', () => {
    renderWithProviders(<MetadataForm metadata={metadata} onSave={vi.fn()} />);
    expect(screen.getByText(sha)).toBeTruthy();
    expect(screen.getByText('application/pdf')).toBeTruthy();
    expect(screen.getByText('Anna Bianchi')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Impronta (SHA-256)' })).toBeNull();
    expect(screen.queryByDisplayValue(sha)).toBeNull();
    expect((screen.getByLabelText('Oggetto') as HTMLInputElement).value).toBe('Protocollo firmato');
    expect((screen.getByLabelText('Parole chiave') as HTMLInputElement).value).toBe('sua, upi');
    expect(screen.getByRole('combobox', { name: 'Modalità di formazione' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'a) creazione tramite strumenti software' })).toBeTruthy();
  });

  it('puts the errors of the server on the fields they belong to', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn().mockRejectedValue(
      new ApiError(400, 'validation_failed', 'Invalid input', {
        issues: [
          { path: 'datiDiRegistrazione.data', message: 'Data nel formato AAAA-MM-GG' },
          { path: 'tempoDiConservazione', message: 'Valore non valido' },
        ],
      }),
    );
    renderWithProviders(<MetadataForm metadata={metadata} onSave={onSave} />);
    await user.selectOptions(screen.getByLabelText('Tipologia di flusso'), 'E');
    await user.type(screen.getByLabelText('Tempo di conservazione (anni)'), 'sempre');
    await user.click(screen.getByRole('button', { name: 'Salva i metadati' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Data di registrazione').getAttribute('aria-invalid')).toBe('true'),
    );
    expect(screen.getByText('Data nel formato AAAA-MM-GG')).toBeTruthy();
    expect(screen.getByLabelText('Tempo di conservazione (anni)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Valore non valido')).toBeTruthy();
    const sent = onSave.mock.calls[0]![0];
    expect(sent.datiDiRegistrazione).toEqual({ tipologiaDiFlusso: 'E', tipoRegistro: 'Nessuno', data: '' });
    expect(sent.tempoDiConservazione).toBe('sempre');
  });

  it('saves and says on which version', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn().mockResolvedValue({ version: 2, newVersion: true });
    renderWithProviders(<MetadataForm metadata={metadata} onSave={onSave} />);
    await user.click(screen.getByLabelText('Firmato digitalmente'));
    await user.click(screen.getByRole('button', { name: 'Salva i metadati' }));
    expect(await screen.findByText(/salvati nella nuova versione 2/)).toBeTruthy();
    expect(onSave.mock.calls[0]![0].verifica).toEqual({
      firmatoDigitalmente: true,
      sigillatoElettronicamente: false,
      marcaturaTemporale: false,
      conformitaCopie: false,
    });
  });

  it('maps server paths and round-trips the values', () => {
    expect(formFieldOf('body.chiaveDescrittiva.paroleChiave.2')).toBe('parole');
    expect(formFieldOf('soggetti.1.codiceFiscale')).toBe('soggetti.1.codiceFiscale');
    expect(formFieldOf('classificazione.indice')).toBe('classIndice');
    expect(formFieldOf('unknown')).toBeUndefined();
    const back = inputOf(valuesOf(metadata));
    expect(back.chiaveDescrittiva).toEqual(metadata.chiaveDescrittiva);
    expect(back.tipologiaDocumentale).toBe(metadata.tipologiaDocumentale);
  });
});

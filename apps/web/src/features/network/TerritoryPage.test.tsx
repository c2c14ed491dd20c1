import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, mePadovaAdmin, meUpi, padovaAdhesion } from './test-fixtures';

const adhesionPath = `/api/v1/registry/enti/${ids.padova}/adhesion`;

function rowOf(name: string): HTMLElement {
  const header = screen.getByRole('rowheader', { name });
  return header.closest('tr') as HTMLElement;
}

describe('territory and adhesion', () => {
  it('opens on the Province of the active membership', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      [`GET ${adhesionPath}`]: () => json(200, padovaAdhesion),
    });
    const { router } = renderApp('/rete/territorio');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/rete/territorio/${ids.padova}`));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Territorio e adesioni – Provincia di Padova' }),
    ).toBeTruthy();
  });

  it('writes the adhesion of each Comune in words, with counts per service, and filters by service', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, meUpi),
      [`GET ${adhesionPath}`]: () => json(200, padovaAdhesion),
    });
    renderApp(`/rete/territorio/${ids.padova}`);
    const user = userEvent.setup();
    const grid = await screen.findByRole('table', { name: 'Adesione dei Comuni della Provincia di Padova ai servizi' });
    expect(within(grid).getAllByRole('row')).toHaveLength(5);
    const abano = within(rowOf('Abano Terme'))
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(abano).toEqual(['028001', '19.349', 'Aderisce', 'Non aderisce', 'Non aderisce']);
    // the icon is decoration: the text carries the meaning
    expect(
      within(rowOf('Abano Terme')).getAllByRole('cell')[2]?.querySelector('svg')?.getAttribute('aria-hidden'),
    ).toBe('true');

    const totals = screen.getByRole('table', { name: 'Comuni aderenti e popolazione servita, per servizio' });
    const sua = within(totals)
      .getByRole('rowheader', { name: 'SUA – Stazione Unica Appaltante' })
      .closest('tr') as HTMLElement;
    expect(within(sua).getAllByRole('cell')[0]?.textContent).toBe('2 su 4');

    await user.selectOptions(screen.getByLabelText('Servizio'), 'sua');
    await user.selectOptions(screen.getByLabelText('Mostra'), 'joined');
    expect(await screen.findByText('2 Comuni mostrati su 4')).toBeTruthy();
    const filtered = screen.getByRole('table', { name: /Adesione dei Comuni/ });
    expect(
      within(filtered)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Abano Terme', 'Cadoneghe']);
    expect(
      within(filtered)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Comune', 'Codice ISTAT', 'Popolazione', 'SUA']);

    await user.selectOptions(screen.getByLabelText('Mostra'), 'not_joined');
    expect(await screen.findByText('2 Comuni mostrati su 4')).toBeTruthy();
    expect(
      within(screen.getByRole('table', { name: /Adesione dei Comuni/ })).getAllByText('Non aderisce'),
    ).toHaveLength(2);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, mePadovaAdmin, padovaAdhesion } from './test-fixtures';

const adhesionPath = `/api/v1/registry/enti/${ids.padova}/adhesion`;

describe('new convention', () => {
  it('keeps the Comuni chosen across searches and sends them as parties of the Province', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      [`GET ${adhesionPath}`]: () => json(200, padovaAdhesion),
      'POST /api/v1/registry/conventions': () =>
        json(201, {
          id: ids.convention,
          kind: 'provincia_comune',
          title: 'Convenzione SUA',
          owner: padovaAdhesion.provincia,
          parties: [],
          services: ['sua'],
          state: 'draft',
          startsOn: '2026-03-01',
          expiring: false,
          legalBasis: null,
          signedDocumentId: null,
          withdrawnReason: null,
          isDemo: false,
          version: 1,
          allowed: ['active', 'withdrawn'],
        }),
    });
    const { router } = renderApp('/rete/convenzioni/nuova');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Nuova convenzione' });
    // a Province administrator works for its own Province: no choice to make
    expect(screen.getByText('Provincia di Padova')).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Comuni della Provincia' });
    expect(within(list).getAllByRole('checkbox')).toHaveLength(4);
    expect(screen.getByText('0 Comuni selezionati · 4 mostrati su 4')).toBeTruthy();

    await user.type(screen.getByLabelText('Cerca un Comune'), 'albi');
    expect(within(list).getAllByRole('checkbox')).toHaveLength(1);
    await user.click(screen.getByRole('checkbox', { name: 'Albignasego' }));
    await user.clear(screen.getByLabelText('Cerca un Comune'));
    await user.click(screen.getByRole('checkbox', { name: 'Abano Terme' }));
    expect(screen.getByText('2 Comuni selezionati · 4 mostrati su 4')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Albignasego' }) as HTMLInputElement).checked).toBe(true);
    // what a Comune already joined is said in words
    expect(document.getElementById(`convention-comuni-${ids.abano}-info`)?.textContent).toBe(
      '19.349 abitanti · aderisce già a SUA',
    );

    await user.type(screen.getByLabelText('Titolo'), 'Convenzione SUA');
    await user.click(screen.getByLabelText('SUA – Stazione Unica Appaltante'));
    await user.click(screen.getByRole('button', { name: 'Crea convenzione' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/rete/convenzioni/${ids.convention}`));
    const post = calls.find((c) => c.init?.method === 'POST');
    const body = JSON.parse(String(post?.init?.body)) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'provincia_comune',
      ownerEnteId: ids.padova,
      partyIds: [ids.albignasego, ids.abano],
      services: ['sua'],
      title: 'Convenzione SUA',
    });
  });

  it('asks for at least one Comune and one service', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      [`GET ${adhesionPath}`]: () => json(200, padovaAdhesion),
    });
    renderApp('/rete/convenzioni/nuova');
    const user = userEvent.setup();
    await screen.findByRole('list', { name: 'Comuni della Provincia' });
    await user.click(screen.getByRole('button', { name: 'Crea convenzione' }));
    const summary = await screen.findByRole('alert');
    expect(
      within(summary)
        .getByRole('link', { name: /Comuni aderenti/ })
        .getAttribute('href'),
    ).toBe('#convention-comuni');
    expect(within(summary).getByRole('link', { name: /Servizi/ })).toBeTruthy();
    expect(within(summary).getByRole('link', { name: /Titolo/ })).toBeTruthy();
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Seleziona i 4 Comuni mostrati' }));
    expect(screen.getByText('4 Comuni selezionati · 4 mostrati su 4')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Deseleziona tutti' }));
    expect(screen.getByText('0 Comuni selezionati · 4 mostrati su 4')).toBeTruthy();
  });
});

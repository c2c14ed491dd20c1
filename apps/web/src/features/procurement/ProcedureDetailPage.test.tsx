import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, meSua, procedure } from './test-fixtures';

const path = `/api/v1/procurement/procedures/${ids.procedure}`;
const participant = { id: ids.participant, operator: { id: ids.operator, name: 'Verde Srl', taxCode: '01234567897' }, role: 'bidder', offerAmount: 150000, rank: 1 };

function routes(detail: typeof procedure, extra: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) {
  return {
    'GET /api/v1/auth/me': () => json(200, meSua),
    [`GET ${path}`]: () => json(200, detail),
    [`GET ${path}/documents`]: () => json(200, { items: [] }),
    [`GET ${path}/checklist`]: () => json(200, { ready: false, items: [], missing: [] }),
    [`GET ${path}/participants`]: () => json(200, { items: [participant] }),
    [`GET ${path}/checks`]: () => json(200, { items: [], overall: [] }),
    [`GET ${path}/team/candidates`]: () => json(200, { items: [] }),
    'GET /api/v1/comments': () => json(200, { items: [], subscription: 'none', canComment: true }),
    ...extra,
  };
}

describe('procedure detail: actions', () => {
  it('offers only the procedures the advice allows, and sends the choice with the version read', async () => {
    const calls = mockFetch(
      routes(procedure, {
        [`POST ${path}/transitions`]: () => json(200, { ...procedure, state: 'documenti', procedureCode: 'NEGOZIATA_SENZA_BANDO', awardCriterion: 'OEPV_QUALITA_PREZZO', allowed: ['pronta'], version: 4 }),
      }),
    );
    renderApp(`/appalti/${ids.procedure}`);
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'SUA-PD-2026-00001 — Servizio di manutenzione del verde' });
    expect(within(screen.getByRole('region', { name: 'Dati della procedura' })).getByText('In istruttoria')).toBeTruthy();
    const actions = screen.getByRole('region', { name: 'Azioni' });
    await user.click(within(actions).getByRole('button', { name: 'Accetta e avvia i documenti di gara' }));
    const select = within(actions).getByLabelText('Procedura di scelta del contraente');
    const options = within(select).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Scegli…', 'Procedura negoziata senza bando — art. 50 c.1 lett. e — almeno 5 operatori', 'Procedura aperta — art. 71']);
    // OEPV is mandatory: the lowest price is not offered
    const criteria = within(within(actions).getByLabelText('Criterio di aggiudicazione')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(criteria).toEqual(['', 'OEPV_QUALITA_PREZZO', 'OEPV_COSTO']);
    await user.selectOptions(select, 'NEGOZIATA_SENZA_BANDO');
    await user.click(within(actions).getByRole('button', { name: 'Conferma: Accetta e avvia i documenti di gara' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Segna come pronta per la pubblicazione' })).toBeTruthy());
    const post = calls.find((c) => c.init?.method === 'POST' && c.url.pathname.endsWith('/transitions'));
    expect(JSON.parse(String(post?.init?.body))).toEqual({ to: 'documenti', version: 3, procedureCode: 'NEGOZIATA_SENZA_BANDO', awardCriterion: 'OEPV_QUALITA_PREZZO', priceCapPercent: 30, justification: null });
  });

  it('asks for a reason before returning the request to the Comune', async () => {
    const calls = mockFetch(routes(procedure));
    renderApp(`/appalti/${ids.procedure}`);
    const user = userEvent.setup();
    const actions = await screen.findByRole('region', { name: 'Azioni' });
    await user.click(within(actions).getByRole('button', { name: 'Restituisci al Comune' }));
    await user.click(within(actions).getByRole('button', { name: 'Conferma: Restituisci al Comune' }));
    expect(within(actions).getByRole('link', { name: /^Motivazione \(obbligatoria\):/ })).toBeTruthy();
    expect(within(actions).getByLabelText('Motivazione (obbligatoria)').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false);
  });

  it('sends the offer deadline in Rome time with its offset and explains a deadline too short in Italian', async () => {
    const ready = { ...procedure, state: 'pronta' as const, procedureCode: 'NEGOZIATA_SENZA_BANDO' as const, allowed: ['pubblicata' as const] };
    const calls = mockFetch(
      routes(ready, {
        [`POST ${path}/transitions`]: () => json(409, { code: 'offer_deadline_too_short', message: 'too short', details: { minimumDays: 10 }, requestId: 'r3' }),
      }),
    );
    renderApp(`/appalti/${ids.procedure}`);
    const user = userEvent.setup();
    const actions = await screen.findByRole('region', { name: 'Azioni' });
    await user.click(within(actions).getByRole('button', { name: 'Registra la pubblicazione' }));
    const published = within(actions).getByLabelText('Data di pubblicazione');
    await user.clear(published);
    await user.type(published, '2026-12-01');
    await user.type(within(actions).getByLabelText('Piattaforma di approvvigionamento digitale'), 'Sintel');
    await user.type(within(actions).getByLabelText('Termine per la presentazione delle offerte'), '2026-12-05T12:00');
    await user.click(within(actions).getByRole('button', { name: 'Conferma: Registra la pubblicazione' }));
    expect(await within(actions).findByText('Il termine per le offerte è troppo breve: servono almeno 10 giorni dalla pubblicazione.')).toBeTruthy();
    const post = calls.find((c) => c.init?.method === 'POST');
    expect(JSON.parse(String(post?.init?.body))).toEqual({ to: 'pubblicata', version: 3, publishedOn: '2026-12-01', platform: 'Sintel', offerDeadline: '2026-12-05T12:00:00+01:00' });
  });

  it('proposes the award to one of the participants with the amount of its offer', async () => {
    const evaluating = { ...procedure, state: 'valutazione' as const, allowed: ['proposta' as const] };
    const calls = mockFetch(
      routes(evaluating, {
        [`POST ${path}/transitions`]: () => json(200, { ...evaluating, state: 'proposta', allowed: ['verifica'], version: 4 }),
      }),
    );
    renderApp(`/appalti/${ids.procedure}`);
    const user = userEvent.setup();
    const actions = await screen.findByRole('region', { name: 'Azioni' });
    await user.click(within(actions).getByRole('button', { name: 'Registra la proposta di aggiudicazione' }));
    await user.selectOptions(within(actions).getByLabelText('Operatore proposto'), ids.operator);
    await user.type(within(actions).getByLabelText("Importo dell'offerta (€)"), '149.500,50');
    await user.click(within(actions).getByRole('button', { name: 'Conferma: Registra la proposta di aggiudicazione' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Avvia la verifica dei requisiti' })).toBeTruthy());
    const post = calls.find((c) => c.init?.method === 'POST');
    expect(JSON.parse(String(post?.init?.body))).toEqual({ to: 'proposta', version: 3, operatorId: ids.operator, amount: 149500.5 });
  });
});

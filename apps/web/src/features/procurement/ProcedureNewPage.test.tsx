import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { advice, ids, meRup } from './test-fixtures';

describe('procurement request form', () => {
  it('asks the rules for advice on the typed value and shows the allowed procedures with their legal basis and minimum operators', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      'POST /api/v1/procurement/advice': () => json(200, advice),
    });
    renderApp('/appalti/nuova');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Nuova richiesta alla SUA' });
    const panel = screen.getByRole('region', { name: 'Consulenza normativa' });
    expect(within(panel).getByText(/Indica il valore stimato/)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Tipo di appalto'), 'servizi');
    await user.type(screen.getByLabelText('Valore stimato (€, IVA esclusa, incluse opzioni)'), '180.000,00');
    await user.click(screen.getByLabelText('Servizi ad alta intensità di manodopera'));
    await waitFor(() => expect(within(panel).getByText('Procedura negoziata senza bando — art. 50 c.1 lett. e — almeno 5 operatori')).toBeTruthy());
    expect(within(panel).getByText('Sotto soglia europea')).toBeTruthy();
    expect(within(panel).getByText('Peso massimo del prezzo: 30%')).toBeTruthy();
    expect(within(panel).getByText('10 giorni')).toBeTruthy();
    const posts = calls.filter((c) => c.init?.method === 'POST' && c.url.pathname.endsWith('/advice'));
    // the panel waits for the typing to pause: not one request per keystroke
    expect(posts.length).toBeLessThan(4);
    expect(JSON.parse(String(posts.at(-1)?.init?.body))).toEqual({ estimatedValue: 180000, object: 'servizi', sia: false, buyer: 'sub_central', labourIntensive: true });
  });

  it('lists the invalid fields before sending, and explains how to join when the Comune has no SUA convention', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      'POST /api/v1/procurement/advice': () => json(200, advice),
      'POST /api/v1/procurement/procedures': () =>
        json(409, {
          code: 'no_convention',
          message: 'Il Comune può aderire alla SUA con una convenzione con la Provincia.',
          details: { provincia: { id: ids.padova, name: 'Provincia di Padova' } },
          requestId: 'r9',
        }),
    });
    renderApp('/appalti/nuova');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Nuova richiesta alla SUA' });
    await user.click(screen.getByRole('button', { name: 'Invia la richiesta' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: /^Oggetto dell'appalto:/ })).toBeTruthy();
    expect(within(summary).getByRole('link', { name: /^CPV principale: Codice CPV nel formato 12345678-9/ })).toBeTruthy();
    expect(screen.getByLabelText('CPV principale').getAttribute('aria-describedby')).toContain('proc-cpv-main-error');
    expect(calls.some((c) => c.url.pathname === '/api/v1/procurement/procedures')).toBe(false);

    await user.type(screen.getByLabelText("Oggetto dell'appalto"), 'Manutenzione del verde pubblico');
    await user.selectOptions(screen.getByLabelText('Tipo di appalto'), 'servizi');
    await user.type(screen.getByLabelText('CPV principale'), '77310000-6');
    await user.type(screen.getByLabelText('Valore stimato (€, IVA esclusa, incluse opzioni)'), '180000');
    await user.type(screen.getByLabelText('Nome e cognome del RUP'), 'Mario Rossi');
    await user.click(screen.getByRole('button', { name: 'Aggiungi un lotto' }));
    await user.type(screen.getByLabelText('Titolo del lotto 1'), 'Parchi');
    await user.type(screen.getByLabelText('Valore del lotto 1 (€)'), '90.000');
    await user.click(screen.getByRole('button', { name: 'Invia la richiesta' }));

    const heading = await screen.findByRole('heading', { name: 'Il Comune non ha una convenzione SUA attiva' });
    const alert = heading.closest<HTMLElement>('[role="alert"]')!;
    expect(screen.queryByRole('heading', { name: 'Correggi i campi indicati' })).toBeNull();
    expect(within(alert).getByText(/convenzione attiva con la Provincia di Padova/)).toBeTruthy();
    expect(within(alert).getByRole('link', { name: 'Come aderire: vedi le convenzioni della rete' }).getAttribute('href')).toBe('/rete/convenzioni?service=sua');
    const post = calls.find((c) => c.url.pathname === '/api/v1/procurement/procedures');
    expect(JSON.parse(String(post?.init?.body))).toMatchObject({
      comuneId: ids.abano,
      title: 'Manutenzione del verde pubblico',
      objectType: 'servizi',
      cpvMain: '77310000-6',
      estimatedValue: 180000,
      optionsValue: 0,
      lots: [{ title: 'Parchi', value: 90000 }],
      rupName: 'Mario Rossi',
      cup: null,
    });
  });

  it('puts the field errors of a 400 answer on their fields', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      'POST /api/v1/procurement/advice': () => json(200, advice),
      'POST /api/v1/procurement/procedures': () =>
        json(400, { code: 'validation_failed', message: 'bad', details: { issues: [{ path: ['body', 'cpvMain'], message: 'Codice CPV non presente nel vocabolario' }] }, requestId: 'r1' }),
    });
    renderApp('/appalti/nuova');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Nuova richiesta alla SUA' });
    await user.type(screen.getByLabelText("Oggetto dell'appalto"), 'Fornitura arredi');
    await user.selectOptions(screen.getByLabelText('Tipo di appalto'), 'forniture');
    await user.type(screen.getByLabelText('CPV principale'), '39100000-3');
    await user.type(screen.getByLabelText('Valore stimato (€, IVA esclusa, incluse opzioni)'), '50000');
    await user.type(screen.getByLabelText('Nome e cognome del RUP'), 'Mario Rossi');
    await user.click(screen.getByRole('button', { name: 'Invia la richiesta' }));
    const link = await screen.findByRole('link', { name: 'CPV principale: Codice CPV non presente nel vocabolario' });
    expect(link.getAttribute('href')).toBe('#proc-cpv-main');
    expect(screen.getByLabelText('CPV principale').getAttribute('aria-invalid')).toBe('true');
  });
});

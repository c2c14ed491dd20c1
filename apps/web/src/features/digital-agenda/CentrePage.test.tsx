import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { mePadovaAdmin } from '../network/test-fixtures';

const service = {
  id: '60000000-0000-4000-8000-000000000001',
  topic: 'pagopa',
  nameIt: 'Supporto pagoPA',
  nameEn: 'pagoPA support',
  descriptionIt: 'Attivazione dei servizi di pagamento',
  adhesionInstrument: 'convenzione',
  serviceLevel: 'Presa in carico entro 2 giorni lavorativi',
  requestCategoryCode: 'pagopa-app-io',
  indicatorCodes: ['PAY-01', 'PAY-06'],
};
const centre = { province: { istatCode: '028', name: 'Provincia di Padova' }, services: [service] };
const categories = { items: [{ id: '70000000-0000-4000-8000-000000000001', service: 'sit', code: 'pagopa-app-io', nameIt: 'PagoPA e app IO', nameEn: 'PagoPA and the IO app', descriptionIt: '', descriptionEn: '', firstResponseHours: 8, resolutionDays: 10, active: true }] };

describe('competence centre', () => {
  it('publishes the catalogue with adhesion instrument and service level, and a Request link pre-filling the request form', async () => {
    mockFetch({ 'GET /api/v1/digital-agenda/centres/028': () => json(200, centre) });
    renderApp('/agenda-digitale/centri/028');
    const table = await screen.findByRole('table', { name: 'Servizi digitali per i Comuni – Provincia di Padova' });
    const row = within(table).getByRole('rowheader', { name: /Supporto pagoPA/ }).closest('tr')!;
    expect(within(row).getByText('Convenzione')).toBeTruthy();
    expect(within(row).getByText('Presa in carico entro 2 giorni lavorativi')).toBeTruthy();
    const request = within(row).getByRole('link', { name: 'Richiedi Supporto pagoPA' });
    const href = new URL(request.getAttribute('href')!, 'http://localhost');
    expect(href.pathname).toBe('/assistenza/nuova');
    expect(Object.fromEntries(href.searchParams)).toEqual({ service: 'sit', category: 'pagopa-app-io', subject: 'Supporto pagoPA' });
    // anonymous visitors do not get the officer's form
    expect(screen.queryByRole('button', { name: 'Aggiungi il servizio' })).toBeNull();
  });

  it("lets the Province's officer edit a service, checking the fields before sending", async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      'GET /api/v1/digital-agenda/centres/028': () => json(200, centre),
      'GET /api/v1/requests/categories': () => json(200, categories),
      'PUT /api/v1/digital-agenda/centres/028/services/60000000-0000-4000-8000-000000000001': (_u, init) => json(200, { ...centre, services: [{ ...service, ...JSON.parse(String(init?.body)) }] }),
    });
    renderApp('/agenda-digitale/centri/028');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Modifica Supporto pagoPA' }));
    expect(screen.getByRole('heading', { name: 'Modifica il servizio «Supporto pagoPA»' })).toBeTruthy();
    const level = screen.getByLabelText('Livello di servizio');
    await user.clear(level);
    await user.click(screen.getByRole('button', { name: 'Salva le modifiche' }));
    expect(within(await screen.findByRole('alert')).getByRole('link', { name: /Livello di servizio/ }).getAttribute('href')).toBe('#svc-serviceLevel');
    expect(calls.filter((c) => c.init?.method === 'PUT')).toHaveLength(0);
    await user.type(level, 'Presa in carico entro 1 giorno');
    await user.click(screen.getByRole('button', { name: 'Salva le modifiche' }));
    expect(await screen.findByText('Servizio aggiornato.')).toBeTruthy();
    const put = calls.find((c) => c.init?.method === 'PUT')!;
    expect(JSON.parse(String(put.init!.body))).toMatchObject({ serviceLevel: 'Presa in carico entro 1 giorno', indicatorCodes: ['PAY-01', 'PAY-06'], requestCategoryCode: 'pagopa-app-io', active: true });
  });
});

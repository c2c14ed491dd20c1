import type { Me, SapeServiceAdmin, SapeServices } from '@app/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, meRup } from '../procurement/test-fixtures';

const cat = { info: '97000000-0000-4000-8000-000000000001', report: '97000000-0000-4000-8000-000000000002' };
const conventionId = '98000000-0000-4000-8000-000000000001';
const meSape: Me = {
  ...meRup,
  user: { ...meRup.user, memberships: [{ id: '50000000-0000-4000-8000-000000000009', enteId: ids.padova, enteName: 'Provincia di Padova', enteType: 'provincia', enteIstatCode: '028', role: 'sape_operator' }] },
};

describe('services of the SAPE office', () => {
  it('a Comune reads the services its Province published, whether it may ask, and "Richiedi" opens the request form pre-filled', async () => {
    const services: SapeServices = {
      provincia: { id: ids.padova, name: 'Provincia di Padova' },
      adheres: false,
      adheringComuni: 4,
      source: 'provincia',
      services: [
        { id: 's1', categoryId: cat.info, code: 'informazione', name: 'Informazione e orientamento', title: 'Sportello Europa', description: 'Informazioni sui bandi.', serviceLevel: 'Risposta entro 2 giorni', firstResponseHours: 8, resolutionDays: 5, convention: null, adheres: true },
        { id: 's2', categoryId: cat.report, code: 'rendicontazione', name: 'Rendicontazione', title: 'Supporto alla rendicontazione', description: 'SAL e domande di rimborso.', serviceLevel: 'Entro 15 giorni da ogni SAL', firstResponseHours: 16, resolutionDays: 15, convention: { id: conventionId, title: 'Convenzione SAPE' }, adheres: false },
      ],
    };
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      'GET /api/v1/eu-funding/services': () => json(200, services),
    });
    const { router } = renderApp('/fondi-ue/servizi');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 2, name: 'Supporto alla rendicontazione' });
    expect(screen.getByText('Adesione tramite: Convenzione SAPE — Il tuo Comune non aderisce alla convenzione di questo servizio: puoi chiedere informazioni.')).toBeTruthy();
    expect(screen.getByText('Adesione tramite: Aperto a tutti i Comuni della Provincia — Il tuo Comune può richiederlo.')).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Richiedi: Supporto alla rendicontazione' }));
    expect(router.state.location.pathname).toBe('/assistenza/nuova');
    expect(router.state.location.search).toEqual({ service: 'sape', categoryId: cat.report, subject: 'Supporto alla rendicontazione' });
  });

  it("the Province's SAPE officer publishes a service: kind from the SAPE request categories, service level, adhesion convention", async () => {
    let admin: SapeServiceAdmin = {
      provincia: { id: ids.padova, name: 'Provincia di Padova' },
      items: [],
      categories: [
        { id: cat.info, code: 'informazione', name: 'Informazione e orientamento' },
        { id: cat.report, code: 'rendicontazione', name: 'Rendicontazione' },
      ],
      conventions: [{ id: conventionId, title: 'Convenzione SAPE', inForce: true }],
    };
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meSape),
      [`GET /api/v1/eu-funding/office/${ids.padova}/services`]: () => json(200, admin),
      [`POST /api/v1/eu-funding/office/${ids.padova}/services`]: (_u, init) => {
        const b = JSON.parse(String(init!.body)) as { title: string; description: string; serviceLevel: string };
        const created = { id: 's9', provinciaId: ids.padova, category: admin.categories[1]!, title: b.title, description: b.description, serviceLevel: b.serviceLevel, firstResponseHours: 16, resolutionDays: 15, convention: { ...admin.conventions[0]! }, published: true, position: 0, version: 1 };
        admin = { ...admin, items: [created] };
        return json(201, created);
      },
    });
    renderApp('/fondi-ue/servizi');
    const user = userEvent.setup();
    await screen.findByText('Nessun servizio pubblicato: i Comuni vedono le categorie SAPE del catalogo.');
    await user.click(screen.getByRole('button', { name: 'Nuovo servizio' }));
    await user.selectOptions(screen.getByLabelText('Tipo di servizio'), cat.report);
    await user.type(screen.getByLabelText('Nome del servizio'), 'Supporto alla rendicontazione');
    await user.type(screen.getByLabelText('Descrizione'), 'SAL e domande di rimborso.');
    await user.type(screen.getByLabelText('Livello di servizio'), 'Entro 15 giorni da ogni SAL');
    await user.selectOptions(screen.getByLabelText('Adesione tramite'), conventionId);
    await user.click(screen.getByRole('button', { name: 'Salva il servizio' }));
    const table = await screen.findByRole('table', { name: 'Servizi dell’ufficio SAPE (anche in bozza)' });
    expect(within(table).getByRole('rowheader', { name: 'Supporto alla rendicontazione' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Servizio salvato.');
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(JSON.parse(String(post.init!.body))).toEqual({
      categoryId: cat.report,
      title: 'Supporto alla rendicontazione',
      description: 'SAL e domande di rimborso.',
      serviceLevel: 'Entro 15 giorni da ogni SAL',
      conventionId,
      published: true,
      position: 0,
    });
  }, 20_000);
});

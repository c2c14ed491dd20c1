import type { Me } from '@app/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';

const ids = {
  request: '60000000-0000-4000-8000-000000000001',
  abano: '00000000-0000-4000-8000-000000028001',
  padova: '00000000-0000-4000-8000-000000000028',
  rup: '40000000-0000-4000-8000-000000000001',
  sit: '40000000-0000-4000-8000-000000000002',
};

const me = (userId: string, enteId: string, enteName: string, enteType: string, role: 'comune_user' | 'sit_operator'): Me => ({
  user: {
    id: userId,
    email: 'persona@example.it',
    displayName: 'Persona di prova',
    locale: 'it',
    active: true,
    isDemo: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    memberships: [{ id: '50000000-0000-4000-8000-000000000009', enteId, enteName, enteType, enteIstatCode: null, role }],
  },
  activeMembershipId: '50000000-0000-4000-8000-000000000009',
  csrfToken: 'tok',
});
const meRup = me(ids.rup, ids.abano, 'Abano Terme', 'comune', 'comune_user');
const meSit = me(ids.sit, ids.padova, 'Provincia di Padova', 'provincia', 'sit_operator');

const request = {
  id: ids.request,
  number: 'SIT-PD-2026-00001',
  service: 'sit',
  subject: 'Attivazione pagoPA',
  state: 'resolved',
  priority: 'high',
  category: {
    id: '70000000-0000-4000-8000-000000000001',
    service: 'sit',
    code: 'pagopa-app-io',
    nameIt: 'PagoPA e app IO',
    nameEn: 'PagoPA and the IO app',
    descriptionIt: '',
    descriptionEn: '',
    firstResponseHours: 8,
    resolutionDays: 10,
    active: true,
    position: 0,
  },
  requesterEnte: { id: ids.abano, istatCode: '028001', name: 'Abano Terme', type: 'comune' },
  provincia: { id: ids.padova, istatCode: '028', name: 'Provincia di Padova', type: 'provincia' },
  assignee: { id: ids.sit, displayName: 'Operatore SIT' },
  sla: {
    firstResponse: { due: '2026-06-03T14:00:00.000Z', at: '2026-06-01T14:30:00.000Z', status: 'met' },
    resolution: { due: '2026-06-16T15:00:00.000Z', at: null, status: 'breached' },
    paused: false,
  },
  createdAt: '2026-06-01T14:00:00.000Z',
  updatedAt: '2026-06-02T08:00:00.000Z',
  description: 'Chiediamo supporto.',
  requester: { id: ids.rup, displayName: 'RUP Abano' },
  rating: null,
  ratingComment: null,
  resolvedAt: '2026-06-17T08:00:00.000Z',
  closedAt: null,
  hasConvention: true,
  isDemo: false,
  version: 6,
  events: [{ id: '80000000-0000-4000-8000-000000000001', kind: 'state', fromState: null, toState: 'new', note: null, actor: { id: ids.rup, displayName: 'RUP Abano' }, at: '2026-06-01T14:00:00.000Z' }],
  allowed: ['reopened'],
  canAssign: false,
  canRate: true,
  assignable: [],
};
const path = `/api/v1/requests/${ids.request}`;

describe('request detail', () => {
  it('shows each service-level clock in words, not by colour only, and the Conversazione section', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      [`GET ${path}`]: () => json(200, request),
      'GET /api/v1/documents': () => json(200, { items: [] }),
    });
    renderApp(`/assistenza/${ids.request}`);
    await screen.findByRole('heading', { level: 1, name: 'SIT-PD-2026-00001 — Attivazione pagoPA' });
    const sla = screen.getByRole('region', { name: 'Livelli di servizio' });
    expect(within(sla).getByText('Rispettata')).toBeTruthy();
    expect(within(sla).getByText('Scaduta')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Conversazione' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Riapri la richiesta' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Assegnazione' })).toBeNull();
  });

  it('asks for a rating before closing, then sends it with the version read', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      [`GET ${path}`]: () => json(200, request),
      'GET /api/v1/documents': () => json(200, { items: [] }),
      [`POST ${path}/close`]: () => json(200, { ...request, state: 'closed', rating: 4, canRate: false, allowed: ['reopened'], version: 7 }),
    });
    renderApp(`/assistenza/${ids.request}`);
    const user = userEvent.setup();
    const form = await screen.findByRole('region', { name: 'Chiudi e valuta il servizio' });
    await user.click(within(form).getByRole('button', { name: 'Chiudi la richiesta' }));
    expect(within(form).getByText('Scegli un valore da 1 a 5')).toBeTruthy();
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false);
    await user.click(within(form).getByRole('radio', { name: '4' }));
    await user.type(within(form).getByLabelText('Commento (facoltativo)'), 'Ottimo');
    await user.click(within(form).getByRole('button', { name: 'Chiudi la richiesta' }));
    await waitFor(() => expect(screen.getByText('Valutazione: 4 su 5')).toBeTruthy());
    const post = calls.find((c) => c.init?.method === 'POST');
    expect(JSON.parse(String(post?.init?.body))).toEqual({ rating: 4, comment: 'Ottimo', version: 6 });
  });

  it('lets an operator assign the request to one of the service operators', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meSit),
      [`GET ${path}`]: () =>
        json(200, { ...request, state: 'new', assignee: null, canRate: false, allowed: [], canAssign: true, assignable: [{ id: ids.sit, displayName: 'Operatore SIT' }] }),
      'GET /api/v1/documents': () => json(200, { items: [] }),
      [`POST ${path}/assign`]: () => json(200, { ...request, state: 'assigned', canRate: false, allowed: ['in_progress'], canAssign: true, assignable: [{ id: ids.sit, displayName: 'Operatore SIT' }], version: 7 }),
    });
    renderApp(`/assistenza/${ids.request}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Assegna' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Avvia la lavorazione' })).toBeTruthy());
    expect(JSON.parse(String(calls.find((c) => c.init?.method === 'POST')?.init?.body))).toEqual({ assigneeId: ids.sit, version: 6 });
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, mePadovaAdmin, meUpi } from './test-fixtures';

const tableId = '60000000-0000-4000-8000-000000000001';
const candidatureId = '70000000-0000-4000-8000-000000000001';
const padova = { id: ids.padova, istatCode: '028', name: 'Provincia di Padova', type: 'provincia' };
const table = {
  id: tableId,
  title: 'Tavolo SUA Nord-Est',
  topic: 'Gare aggregate',
  area: 'sua',
  applyBy: '2099-12-31',
  startsOn: '2099-12-31',
  endsOn: null,
  state: 'open',
  outcomes: null,
  version: 1,
  candidatures: [] as unknown[],
  participants: [] as unknown[],
};
const candidature = {
  id: candidatureId,
  tableId,
  provincia: padova,
  motivation: 'Dieci Comuni pronti',
  state: 'submitted',
  decisionNote: null as string | null,
  decidedAt: null as string | null,
  createdAt: '2026-02-01T10:00:00Z',
  version: 1,
};
const path = `/api/v1/registry/tables/${tableId}`;

describe('local table', () => {
  it('lets a Province administrator apply for its own Province', async () => {
    let current = table;
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      [`GET ${path}`]: () => json(200, current),
      [`POST ${path}/candidatures`]: () => {
        current = { ...table, candidatures: [candidature] };
        return json(201, candidature);
      },
    });
    renderApp(`/rete/tavoli/${tableId}`);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Motivazione'), 'Dieci Comuni pronti');
    await user.click(screen.getByRole('button', { name: 'Invia candidatura' }));
    expect(await screen.findByText('Candidatura della Provincia di Padova inviata.')).toBeTruthy();
    const body = JSON.parse(String(calls.find((c) => c.init?.method === 'POST')?.init?.body)) as unknown;
    expect(body).toEqual({ provinciaId: ids.padova, motivation: 'Dieci Comuni pronti' });
    // one candidature at a time: the form goes away, the Province may withdraw, not decide
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Invia candidatura' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Ritira candidatura della Provincia di Padova' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Accetta/ })).toBeNull();
  });

  it('lets the UPI administrator accept a candidature', async () => {
    let current = { ...table, candidatures: [candidature] };
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meUpi),
      [`GET ${path}`]: () => json(200, current),
      [`POST /api/v1/registry/candidatures/${candidatureId}/decision`]: () => {
        const accepted = { ...candidature, state: 'accepted', decidedAt: '2026-02-02T10:00:00Z', version: 2 };
        current = { ...table, candidatures: [accepted], participants: [padova] };
        return json(200, accepted);
      },
    });
    renderApp(`/rete/tavoli/${tableId}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Accetta candidatura della Provincia di Padova' }));
    await user.click(screen.getByRole('button', { name: 'Conferma accettazione' }));
    expect(await screen.findByText('Candidatura della Provincia di Padova: Accettata.')).toBeTruthy();
    const post = calls.find((c) => c.init?.method === 'POST');
    expect(JSON.parse(String(post?.init?.body))).toEqual({ to: 'accepted', note: null, version: 1 });
    expect(screen.queryByRole('button', { name: 'Invia candidatura' })).toBeNull();
    expect(await screen.findByRole('link', { name: 'Provincia di Padova' })).toBeTruthy();
  });
});

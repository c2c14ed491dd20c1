import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { mePadovaAdmin } from '../network/test-fixtures';

const feed = (token: string) => ({
  token,
  url: `http://localhost/api/v1/calendar/feed.ics?token=${token}`,
  webcalUrl: `webcal://localhost/api/v1/calendar/feed.ics?token=${token}`,
  createdAt: '2026-11-01T10:00:00Z',
  lastUsedAt: null,
});
const expiry = {
  id: '80000000-0000-4000-8000-000000000001',
  module: 'network',
  kind: 'convention_expiry',
  title: 'Scadenza della convenzione: SIT pilota',
  description: '',
  startsAt: '2027-03-14T23:00:00.000Z',
  endsAt: null,
  allDay: true,
  date: '2027-03-15',
  url: '/rete/convenzioni/1',
  location: null,
};
const meeting = {
  ...expiry,
  id: '80000000-0000-4000-8000-000000000002',
  kind: 'meeting',
  title: 'Seduta del comitato',
  allDay: false,
  startsAt: '2027-03-15T09:30:00.000Z',
  date: '2027-03-15',
  url: null,
  location: 'Roma',
};

describe('calendar page', () => {
  it('shows the month as a table with weekday headers and the day’s items with their time', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      'GET /api/v1/calendar/items': () => json(200, { items: [expiry, meeting] }),
      'GET /api/v1/calendar/feed-token': () => json(200, feed('tok-1')),
    });
    renderApp('/calendario?month=2027-03');
    const table = await screen.findByRole('table', { name: 'marzo 2027' });
    expect(within(table).getAllByRole('columnheader')).toHaveLength(7);
    expect(within(table).getByTitle('lunedì')).toBeTruthy();
    await within(table).findByRole('link', { name: 'Scadenza della convenzione: SIT pilota' });
    expect(within(table).getByText('(tutto il giorno)')).toBeTruthy();
    expect(within(table).getByText('(ore 10:30)')).toBeTruthy();
    const asked = calls.find((c) => c.url.pathname === '/api/v1/calendar/items')!.url.searchParams;
    expect([asked.get('from'), asked.get('to')]).toEqual(['2027-03-01', '2027-03-31']);
  });

  it('speaks English with English month and weekday names', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      'GET /api/v1/calendar/items': () => json(200, { items: [expiry] }),
      'GET /api/v1/calendar/feed-token': () => json(200, feed('tok-1')),
    });
    renderApp('/calendario?month=2027-03', 'en');
    const table = await screen.findByRole('table', { name: 'March 2027' });
    expect(within(table).getByTitle('Monday')).toBeTruthy();
    expect(await within(table).findByText('(all day)')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Subscribe to the calendar' })).toBeTruthy();
  });

  it('groups the agenda by day under headings', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      'GET /api/v1/calendar/items': () => json(200, { items: [expiry, meeting] }),
      'GET /api/v1/calendar/feed-token': () => json(200, feed('tok-1')),
    });
    renderApp('/calendario?view=agenda');
    expect(await screen.findByRole('heading', { name: 'lunedì 15 marzo 2027' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Agenda' }).getAttribute('aria-current')).toBe('page');
  });

  it('shows the private address and generates a new one only after confirmation', async () => {
    let current = feed('tok-1');
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      'GET /api/v1/calendar/items': () => json(200, { items: [] }),
      'GET /api/v1/calendar/feed-token': () => json(200, current),
      'POST /api/v1/calendar/feed-token/reset': () => {
        current = feed('tok-2');
        return json(200, current);
      },
    });
    renderApp('/calendario');
    const input = (await screen.findByLabelText('Indirizzo privato del calendario (iCalendar)')) as HTMLInputElement;
    expect(input.value).toContain('token=tok-1');
    expect(input.readOnly).toBe(true);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Genera un nuovo indirizzo' }));
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Sì, genera un nuovo indirizzo' }));
    await waitFor(() => expect(input.value).toContain('token=tok-2'));
    expect(screen.getByText('Nuovo indirizzo generato: il precedente non funziona più.')).toBeTruthy();
  });
});

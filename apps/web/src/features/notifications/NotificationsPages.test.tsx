import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { meUpi } from '../network/test-fixtures';

const preferences = {
  items: [
    { type: 'comment.mentioned', module: 'comments', moduleLabel: 'Commenti', label: 'Menzioni', inApp: true, email: 'immediate', isDefault: true },
    { type: 'request.assigned', module: 'requests', moduleLabel: 'Assistenza', label: 'Richiesta assegnata a me', inApp: true, email: 'off', isDefault: false },
  ],
};

describe('notifications pages', () => {
  it('shows the bell with the unread count, and lists notifications with mark as read', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meUpi),
      'GET /api/v1/notifications/unread-count': () => json(200, { unread: 3 }),
      'GET /api/v1/notifications': () =>
        json(200, {
          items: [
            { id: '70000000-0000-4000-8000-000000000001', type: 'comment.mentioned', module: 'comments', title: 'Sei stato menzionato', body: 'Guarda qui', url: '/rete', actor: { id: '1', displayName: 'Mario Rossi' }, createdAt: '2026-11-26T09:00:00.000Z', readAt: null },
          ],
          total: 1,
          unread: 3,
        }),
      'POST /api/v1/notifications/70000000-0000-4000-8000-000000000001/read': () => json(200, { unread: 2 }),
    });
    renderApp('/notifiche');
    expect(await screen.findByRole('link', { name: 'Notifiche: 3 non lette' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Sei stato menzionato' })).toBeTruthy();
    expect(screen.getByText(/da Mario Rossi/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Segna come letta: Sei stato menzionato' }));
    expect(calls.some((c) => c.init?.method === 'POST' && c.url.pathname.endsWith('/read'))).toBe(true);
  });

  it('groups preferences by module and saves the changed e-mail choice', async () => {
    let saved: unknown = null;
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, meUpi),
      'GET /api/v1/notifications/unread-count': () => json(200, { unread: 0 }),
      'GET /api/v1/notifications/preferences': () => json(200, preferences),
      'PUT /api/v1/notifications/preferences': (_url, init) => {
        saved = JSON.parse(String(init?.body));
        return json(200, preferences);
      },
    });
    renderApp('/notifiche/preferenze');
    const section = await screen.findByRole('region', { name: 'Assistenza' });
    expect(within(section).getByRole('rowheader', { name: 'Richiesta assegnata a me' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Notifiche: nessuna non letta' })).toBeTruthy();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'E-mail: Menzioni' }), 'daily');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Nella piattaforma: Richiesta assegnata a me' }));
    await userEvent.click(screen.getByRole('button', { name: 'Salva le preferenze' }));
    expect(await screen.findByText('Preferenze salvate.')).toBeTruthy();
    expect(saved).toEqual({
      items: [
        { type: 'comment.mentioned', inApp: true, email: 'daily' },
        { type: 'request.assigned', inApp: false, email: 'off' },
      ],
    });
  });

  it('confirms an unsubscribe without login, in English too', async () => {
    mockFetch({});
    renderApp('/notifiche/disiscrizione?type=comment.mentioned&ok=1', 'en');
    expect(await screen.findByRole('heading', { level: 1, name: 'Unsubscribe from e-mails' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('you will no longer get e-mails for “comment.mentioned”');
  });
});

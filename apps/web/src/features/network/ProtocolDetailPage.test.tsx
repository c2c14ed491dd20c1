import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, mePadovaAdmin, meUpi } from './test-fixtures';

const protocol = {
  id: ids.protocol,
  provincia: { id: ids.pescara, istatCode: '068', name: 'Provincia di Pescara', regionIstatCode: '13' },
  state: 'sent',
  sentAt: '2026-01-10',
  areas: ['sua'],
  remindersSent: 2,
  staffCount: 3,
  staffNote: null,
  declinedReason: null,
  signedDocumentId: null,
  lastReminderAt: null,
  isDemo: true,
  version: 4,
  allowed: ['signed', 'declined', 'draft'],
};
const path = `/api/v1/registry/protocols/${ids.protocol}`;

describe('protocol detail', () => {
  it('offers only the transitions the workflow allows, to the UPI administrator', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, meUpi),
      [`GET ${path}`]: () => json(200, protocol),
      'GET /api/v1/documents': () => json(200, { items: [] }),
    });
    renderApp(`/rete/protocolli/${ids.protocol}`);
    await screen.findByRole('heading', { level: 1, name: "Protocollo d'intesa – Provincia di Pescara" });
    const actions = screen.getByRole('list', { name: 'Azioni sul flusso di lavoro' });
    const names = within(actions)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual(['Segna come firmato', 'Segna come rifiutato', 'Riporta in bozza']);
    expect(screen.queryByRole('button', { name: 'Segna come inviato' })).toBeNull();
    // the state is written, not only coloured
    expect(screen.getAllByText('Inviato').length).toBeGreaterThan(0);
  });

  it('shows no workflow to a Province administrator, who edits the commitments', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      [`GET ${path}`]: () => json(200, { ...protocol, provincia: { ...protocol.provincia, id: ids.padova } }),
      'GET /api/v1/documents': () => json(200, { items: [] }),
    });
    renderApp(`/rete/protocolli/${ids.protocol}`);
    await screen.findByRole('heading', { level: 2, name: 'Impegni' });
    expect(screen.queryByRole('button', { name: 'Segna come firmato' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Salva impegni' })).toBeTruthy();
    expect((screen.getByLabelText('SUA – Stazione Unica Appaltante') as HTMLInputElement).checked).toBe(true);
  });

  it('uploads the signed PDF, then moves the protocol to signed with the document id', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meUpi),
      [`GET ${path}`]: () => json(200, protocol),
      'GET /api/v1/documents': () => json(200, { items: [] }),
      'POST /api/v1/documents': () =>
        json(201, { id: ids.document, version: 1, sha256: 'x', mediaType: 'application/pdf', size: 9 }),
      [`POST ${path}/transitions`]: () =>
        json(200, {
          ...protocol,
          state: 'signed',
          signedAt: '2026-02-01',
          signedDocumentId: ids.document,
          allowed: [],
          version: 5,
        }),
    });
    renderApp(`/rete/protocolli/${ids.protocol}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Segna come firmato' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'Segna come firmato' })).toBeTruthy();

    // without the file nothing is sent
    await user.click(screen.getByRole('button', { name: 'Carica e segna come firmato' }));
    await waitFor(() =>
      expect(document.getElementById('transition-file-error')?.textContent).toBe('Campo obbligatorio.'),
    );
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false);

    const file = new File(['%PDF-1.4\n'], 'protocollo.pdf', { type: 'application/pdf' });
    await user.upload(screen.getByLabelText('PDF del protocollo firmato'), file);
    await user.click(screen.getByRole('button', { name: 'Carica e segna come firmato' }));

    expect(await screen.findByText('Stato del protocollo aggiornato: Firmato.')).toBeTruthy();
    const posts = calls.filter((c) => c.init?.method === 'POST');
    expect(posts.map((c) => c.url.pathname)).toEqual(['/api/v1/documents', `${path}/transitions`]);
    const form = posts[0]?.init?.body as FormData;
    expect(JSON.parse(String(form.get('metadata')))).toMatchObject({ ownerType: 'protocol', ownerId: ids.protocol });
    expect(form.get('file')).toBeInstanceOf(File);
    const headers = posts[0]?.init?.headers as Record<string, string>;
    expect(headers['Content-Type']).toBeUndefined();
    expect(headers['X-Requested-With']).toBe('XMLHttpRequest');
    const body = JSON.parse(String(posts[1]?.init?.body)) as Record<string, unknown>;
    expect(body).toMatchObject({ to: 'signed', documentId: ids.document, version: 4 });
    expect(body['date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(screen.queryByRole('button', { name: 'Segna come firmato' })).toBeNull();
  });
});

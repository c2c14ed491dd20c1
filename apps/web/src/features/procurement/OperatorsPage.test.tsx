import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { meSua } from './test-fixtures';

describe('economic operators registry', () => {
  it("shows the server's objection on the field it concerns and sends the SOA rows typed", async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meSua),
      'GET /api/v1/procurement/operators': () => json(200, { items: [], total: 0 }),
      'POST /api/v1/procurement/operators': () =>
        json(400, { code: 'validation_failed', message: 'bad', details: { issues: [{ path: ['body', 'vatNumber'], message: 'Partita IVA non valida: cifra di controllo errata' }] }, requestId: 'r1' }),
    });
    renderApp('/appalti/operatori');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Operatori economici' });
    await user.type(screen.getByLabelText('Denominazione'), 'Verde Srl');
    await user.type(screen.getByLabelText('Codice fiscale'), '01234567890');
    await user.type(screen.getByLabelText('Partita IVA (facoltativa)'), '01234567890');
    await user.click(screen.getByRole('button', { name: "Aggiungi un'attestazione SOA" }));
    await user.type(screen.getByLabelText('Categoria SOA 1'), 'og1');
    await user.selectOptions(screen.getByLabelText('Classifica 1'), 'III');
    await user.type(screen.getByLabelText('Valida fino al (1)'), '2028-05-31');
    await user.click(screen.getByRole('button', { name: "Registra l'operatore" }));
    const link = await screen.findByRole('link', { name: 'Partita IVA (facoltativa): Partita IVA non valida: cifra di controllo errata' });
    expect(link.getAttribute('href')).toBe('#op-vat');
    const field = screen.getByLabelText('Partita IVA (facoltativa)');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!.split(' ').at(-1)!)?.textContent).toBe('Partita IVA non valida: cifra di controllo errata');
    const post = calls.find((c) => c.init?.method === 'POST');
    expect(JSON.parse(String(post?.init?.body))).toEqual({
      name: 'Verde Srl',
      taxCode: '01234567890',
      vatNumber: '01234567890',
      legalForm: null,
      address: null,
      pec: null,
      employees: null,
      soa: [{ category: 'OG1', classifica: 'III', validUntil: '2028-05-31' }],
    });
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Anagrafe degli operatori' })).getByRole('status').textContent).toBe('Nessun operatore trovato.'));
  });
});

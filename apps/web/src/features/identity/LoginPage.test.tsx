import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { safeRedirect } from './LoginPage';

const me = {
  user: {
    id: '11111111-1111-4111-8111-111111111111',
    email: 'mario.rossi@provincia.it',
    displayName: 'Mario Rossi',
    locale: 'it',
    active: true,
    isDemo: false,
    version: 1,
    createdAt: '2025-01-01T00:00:00Z',
    memberships: [
      {
        id: '22222222-2222-4222-8222-222222222222',
        enteId: '33333333-3333-4333-8333-333333333333',
        enteName: 'Provincia di Pesaro e Urbino',
        enteType: 'provincia',
        enteIstatCode: '041',
        role: 'upi_admin',
      },
    ],
  },
  activeMembershipId: '22222222-2222-4222-8222-222222222222',
  csrfToken: 'tok',
};

describe('login page', () => {
  it('shows field errors tied to the inputs and an alert summary', async () => {
    mockFetch({});
    renderApp('/login');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Accedi' });
    await user.click(screen.getByRole('button', { name: 'Accedi' }));

    const email = screen.getByLabelText('Indirizzo e-mail');
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(email.getAttribute('aria-describedby')).toContain('login-email-error');
    expect(document.getElementById('login-email-error')?.textContent).toBe('Campo obbligatorio.');
    expect(password.getAttribute('aria-describedby')).toContain('login-password-error');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Il modulo contiene errori');

    await user.type(email, 'non-una-email');
    await user.click(screen.getByRole('button', { name: 'Accedi' }));
    await waitFor(() =>
      expect(document.getElementById('login-email-error')?.textContent).toContain('indirizzo e-mail valido'),
    );
  });

  it('translates invalid_credentials and logs in', async () => {
    let attempts = 0;
    const calls = mockFetch({
      'POST /api/v1/auth/login': () => {
        attempts += 1;
        return attempts === 1
          ? json(401, { code: 'invalid_credentials', message: 'bad', requestId: 'req-1' })
          : json(200, me);
      },
    });
    const { router } = renderApp('/login?redirect=/enti');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Indirizzo e-mail'), 'mario.rossi@provincia.it');
    await user.type(screen.getByLabelText('Password'), 'sbagliata');
    await user.click(screen.getByRole('button', { name: 'Accedi' }));
    expect(await screen.findByText('E-mail o password non corretti.')).toBeTruthy();

    const post = calls.find((c) => c.url.pathname === '/api/v1/auth/login');
    const headers = post?.init?.headers as Record<string, string>;
    expect(headers['X-Requested-With']).toBe('XMLHttpRequest');
    expect(post?.init?.credentials).toBe('same-origin');

    await user.click(screen.getByRole('button', { name: 'Accedi' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/enti'));
    expect(await screen.findByRole('button', { name: 'Esci' })).toBeTruthy();
  });

  it('shows the OIDC link when enabled', async () => {
    mockFetch({
      'GET /api/v1/auth/providers': () => json(200, { password: true, oidc: true, oidcLabel: null }),
    });
    renderApp('/login');
    const link = await screen.findByRole('link', { name: 'Accedi con SPID/CIE' });
    expect(link.getAttribute('href')).toBe('/api/v1/auth/oidc/login');
  });

  it('accepts only local redirects', () => {
    expect(safeRedirect('/admin/users')).toBe('/admin/users');
    expect(safeRedirect('//evil.example')).toBe('/');
    expect(safeRedirect('https://evil.example')).toBe('/');
    expect(safeRedirect(undefined)).toBe('/');
  });
});

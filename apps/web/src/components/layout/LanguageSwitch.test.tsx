import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '../../lib/i18n';
import { mockFetch, renderApp } from '../../test/render';

describe('language switch', () => {
  it('defaults to Italian and switches to English, persisting the choice', async () => {
    mockFetch({});
    renderApp('/');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(screen.getByText('I servizi')).toBeTruthy();
    expect(document.documentElement.lang).toBe('it');
    const it = screen.getByRole('button', { name: 'Italiano' });
    expect(it.getAttribute('aria-pressed')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'English' }));
    await waitFor(() => expect(screen.getByText('Services')).toBeTruthy());
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('link', { name: 'Log in' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');

    await user.click(screen.getByRole('button', { name: 'Italiano' }));
    await waitFor(() => expect(screen.getByText('I servizi')).toBeTruthy());
    expect(document.documentElement.lang).toBe('it');
  });

  it('has skip links, landmarks and one h1', async () => {
    mockFetch({});
    renderApp('/');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByRole('link', { name: 'Vai al contenuto principale' }).getAttribute('href')).toBe('#main');
    expect(screen.getByRole('link', { name: 'Vai alla navigazione' })).toBeTruthy();
    expect(screen.getByRole('main').id).toBe('main');
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('contentinfo')).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });
});

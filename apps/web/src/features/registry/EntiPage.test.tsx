import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';

const abano = {
  id: '00000000-0000-4000-8000-000000028001',
  istatCode: '028001',
  name: 'Abano Terme',
  type: 'comune',
  population: 19349,
};

describe('enti list', () => {
  it('filters by population class and active service, kept in the address', async () => {
    const calls = mockFetch({ 'GET /api/v1/enti': () => json(200, { items: [abano], total: 1 }) });
    const { router } = renderApp('/enti?service=sua');
    const user = userEvent.setup();
    const link = await screen.findByRole('link', { name: 'Abano Terme' });
    expect(link.getAttribute('href')).toBe(`/enti/${abano.id}`);
    expect((screen.getByLabelText('Servizio attivo') as HTMLSelectElement).value).toBe('sua');
    await user.selectOptions(screen.getByLabelText('Classe di popolazione'), '10001-20000');
    await waitFor(() =>
      expect(router.state.location.search).toEqual({ service: 'sua', populationClass: '10001-20000' }),
    );
    await waitFor(() => {
      const last = calls.filter((c) => c.url.pathname === '/api/v1/enti').at(-1);
      expect(last?.url.searchParams.get('populationClass')).toBe('10001-20000');
      expect(last?.url.searchParams.get('service')).toBe('sua');
    });
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { mePadovaAdmin } from '../network/test-fixtures';

const P = '/api/v1/digital-agenda';

describe('import of indicator values', () => {
  it('shows the progress of a long validation as a progress bar with a live status, then the report with its warnings', async () => {
    let finish: (r: Response) => void = () => undefined;
    let key = '';
    const routes: Record<string, (url: URL, init: RequestInit | undefined) => Response | Promise<Response>> = {
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      [`POST ${P}/imports`]: (_url, init) => {
        key = (JSON.parse(String(init?.body)) as { progressKey: string }).progressKey;
        routes[`GET ${P}/imports/progress/${key}`] = () => json(200, { phase: 'reading', rowsDone: 20000, rowsTotal: 80000, percent: 15 });
        return new Promise<Response>((resolve) => (finish = resolve));
      },
    };
    mockFetch(routes);
    renderApp('/agenda-digitale/importa');
    await screen.findByRole('heading', { level: 1, name: 'Importa dati' });
    const user = userEvent.setup();
    await user.upload(await screen.findByLabelText('File'), new File(['codice_istat;indicatore;anno;valore\n28074;GOV-01;2026;1\n'], 'valori.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Verifica il file' }));

    const bar = await screen.findByRole('progressbar', { name: 'Avanzamento della verifica' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('15'), { timeout: 5000 });
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(screen.getByRole('status').textContent).toBe('Lettura e controllo: 20.000 di 80.000 righe (15%)');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    finish(
      json(201, {
        id: '70000000-0000-4000-8000-000000000001',
        kind: 'values_csv',
        fileName: 'valori.csv',
        period: 2026,
        state: 'validated',
        report: { rows: 1, valid: 1, errors: [], remapped: [{ line: 2, from: '28074', to: '028107' }], skipped: 0, byIndicator: { 'GOV-01': 1 } },
        rowCount: 1,
        createdAt: '2026-11-27T03:00:00.000Z',
        publishedAt: null,
      }),
    );
    const warnings = await screen.findByRole('table', { name: /Avvisi: codici di Comuni cessati/ });
    expect(within(warnings).getByRole('row', { name: '2 28074 028107' })).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('button', { name: 'Pubblica 1 valori' })).toBeTruthy();
  }, 20_000);
});

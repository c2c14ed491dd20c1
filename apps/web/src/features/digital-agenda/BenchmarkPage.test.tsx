import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';

const indicator = (code: string, unit: string) => ({
  code,
  nameIt: code === 'PAY-06' ? 'Ente attivo su SEND' : 'Punteggio C.SI',
  nameEn: code === 'PAY-06' ? 'Active on SEND' : 'C.SI score',
  area: code.slice(0, 3),
  unit,
  polarity: 'up',
  aggregation: unit === 'boolean' ? 'share' : 'mean',
  aggregationNote: 'SH, PWS',
  source: 'S01',
  frequency: 'daily',
  availability: 'OD-C',
  target: null,
  targetDeadline: null,
  targetNote: null,
});

describe('territories compared', () => {
  it('shows both the share of Comuni and the population-weighted share, flags metropolitan cities and highlights the Province', async () => {
    const calls = mockFetch({
      'GET /api/v1/digital-agenda/indicators': () => json(200, { items: [indicator('PAY-06', 'boolean'), indicator('SRV-02', 'percent')] }),
      'GET /api/v1/digital-agenda/indicators/PAY-06/benchmark': () =>
        json(200, {
          indicator: 'PAY-06',
          period: 2026,
          level: 'province',
          items: [
            { code: '028', name: 'Provincia di Padova', comuni: 101, coverage: 1, share: 0.845, populationWeighted: 0.605, metropolitan: false, inProgramme: true },
            { code: '201', name: 'Città metropolitana di Torino', comuni: 312, coverage: 1, share: 0.5, populationWeighted: 0.9, metropolitan: true, inProgramme: false },
          ],
          national: { code: 'IT', name: 'Italia', comuni: 413, coverage: 1, share: 0.6, populationWeighted: 0.8 },
        }),
    });
    renderApp('/agenda-digitale/confronto?indicator=PAY-06&period=2026&province=028');
    await screen.findByRole('heading', { level: 1, name: 'Confronto tra territori' });
    const table = await screen.findByRole('table', { name: 'Ente attivo su SEND, 2026: aggregati calcolati dai Comuni' });
    const padova = within(table).getByRole('rowheader', { name: /Provincia di Padova/ }).closest('tr')!;
    expect(padova.getAttribute('aria-current')).toBe('true');
    expect(within(padova).getByText('84,5%')).toBeTruthy();
    expect(within(padova).getByText('60,5%')).toBeTruthy();
    expect(within(table).getByText('Città metropolitana')).toBeTruthy();
    expect(within(table).getByText('Quota pesata sulla popolazione')).toBeTruthy();
    // the chart's data are also a table
    expect(screen.getAllByText('Dati del grafico in tabella').length).toBeGreaterThan(0);
    // the comparison table asks for the Provinces (the region map asks for the Regions)
    const call = calls.find((c) => c.url.pathname.endsWith('/benchmark') && c.url.searchParams.get('level') !== 'region')!;
    expect(call.url.searchParams.get('period')).toBe('2026');
    expect(call.url.searchParams.get('level')).toBe('province');
    expect(screen.getAllByRole('link', { name: 'CSV' })[0]!.getAttribute('href')).toBe('/api/v1/digital-agenda/indicators/PAY-06/benchmark?period=2026&level=province&format=csv');
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';

const indicator = {
  code: 'SRV-02',
  nameIt: 'Punteggio C.SI',
  nameEn: 'C.SI score',
  area: 'SRV',
  unit: 'percent',
  polarity: 'up',
  aggregation: 'mean',
  aggregationNote: 'AM, PWM, MED',
  source: 'S09',
  frequency: 'monthly',
  availability: 'OD-C',
  target: null,
  targetDeadline: null,
  targetNote: null,
};
const box = (peerGroup: string, n: number, five: (number | null)[]) => ({ peerGroup, n, min: five[0], q1: five[1], median: five[2], q3: five[3], max: five[4] });
const boxes = [
  box('fino-1000', 0, [null, null, null, null, null]),
  box('1001-5000', 1, [10, 10, 10, 10, 10]),
  box('5001-10000', 0, [null, null, null, null, null]),
  box('10001-20000', 3, [50, 61.25, 72.5, 72.5, 72.5]),
  box('20001-60000', 0, [null, null, null, null, null]),
  box('60001-250000', 0, [null, null, null, null, null]),
  box('oltre-250000', 0, [null, null, null, null, null]),
];
const heatmap = {
  period: 2026,
  methodologyVersion: 1,
  areas: ['SRV', 'FIN'],
  items: [
    { code: '028', name: 'Provincia di Padova', regionCode: '05', metropolitan: false, inProgramme: true, comuni: 5, scores: { SRV: 0.608, FIN: 0.868 } },
    { code: '201', name: 'Città metropolitana di Torino', regionCode: '01', metropolitan: true, inProgramme: false, comuni: 0, scores: { SRV: null, FIN: null } },
  ],
};

function routes() {
  return mockFetch({
    'GET /api/v1/digital-agenda/indicators': () => json(200, { items: [indicator] }),
    'GET /api/v1/digital-agenda/indicators/SRV-02/benchmark': (url) =>
      json(200, {
        indicator: 'SRV-02',
        period: 2026,
        level: url.searchParams.get('level'),
        items:
          url.searchParams.get('level') === 'region'
            ? [
                { code: '05', name: 'Veneto', comuni: 4, coverage: 0.01, mean: 51, median: 61.25, populationWeighted: 55.5, metropolitan: false, inProgramme: false },
                { code: '01', name: 'Piemonte', comuni: 0, coverage: 0, metropolitan: false, inProgramme: false },
              ]
            : [{ code: '028', name: 'Provincia di Padova', comuni: 4, coverage: 0.04, mean: 51, median: 61.25, populationWeighted: 55.5, metropolitan: false, inProgramme: true }],
        national: { code: 'IT', name: 'Italia', comuni: 5, coverage: 0.001, mean: 59, median: 72.5, populationWeighted: 60 },
      }),
    'GET /api/v1/digital-agenda/indicators/SRV-02/boxplots': (url) =>
      json(200, { indicator: 'SRV-02', period: 2026, territory: url.searchParams.get('province') ? { level: 'province', code: '028', name: 'Provincia di Padova' } : { level: 'national', code: 'IT', name: 'Italia' }, items: boxes }),
    'GET /api/v1/digital-agenda/heatmap': () => json(200, heatmap),
    'GET /api/v1/digital-agenda/indicators/SRV-02/ranking': () =>
      json(200, {
        indicator: 'SRV-02',
        period: 2026,
        province: { code: '028', name: 'Provincia di Padova' },
        items: [
          { istatCode: '028001', name: 'Abano Terme', population: 19000, peerGroup: '10001-20000', value: 72.5, rank: 1, groupSize: 3, percentile: 50 },
          { istatCode: '028003', name: 'Albignasego', population: 19000, peerGroup: '10001-20000', value: 50, rank: 3, groupSize: 3, percentile: 12.5 },
        ],
      }),
    'GET /api/v1/digital-agenda/indicators/SRV-02/improvers': () =>
      json(200, {
        indicator: 'SRV-02',
        from: 2025,
        to: 2026,
        territory: { level: 'province', code: '028', name: 'Provincia di Padova' },
        compared: 4,
        items: [{ istatCode: '028003', name: 'Albignasego', provinceCode: '028', peerGroup: '10001-20000', from: 30, to: 50, delta: 20, improvement: 20 }],
      }),
  });
}

describe('territory analysis on the comparison page', () => {
  it('gives the box plots by population class also as a table, and asks for the chosen Province', async () => {
    const calls = routes();
    renderApp('/agenda-digitale/confronto?indicator=SRV-02&period=2026&province=028');
    const table = await screen.findByRole('table', { name: 'Punteggio C.SI, 2026: distribuzione dei valori dei Comuni per classe di popolazione (Provincia di Padova)' });
    const row = within(table).getByRole('rowheader', { name: 'da 10.001 a 20.000 abitanti' }).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '50%', '61,3%', '72,5%', '72,5%', '72,5%']);
    expect(within(table).getByRole('rowheader', { name: 'fino a 1.000 abitanti' }).closest('tr')!.textContent).toContain('–');
    expect(screen.getAllByText('Dati del grafico in tabella').length).toBeGreaterThan(1);
    const call = calls.find((c) => c.url.pathname.endsWith('/boxplots'))!;
    expect(call.url.searchParams.get('province')).toBe('028');
  });

  it('gives the heat map as a table of Provinces × areas on 0–100, with the flags and the chosen Province highlighted', async () => {
    routes();
    renderApp('/agenda-digitale/confronto?indicator=SRV-02&period=2026&province=028');
    const table = await screen.findByRole('table', { name: 'Punteggio medio per area dei Comuni di ogni Provincia e Città metropolitana, 2026 (0–100)' });
    const padova = within(table).getByRole('rowheader', { name: /Provincia di Padova/ }).closest('tr')!;
    expect(padova.getAttribute('aria-current')).toBe('true');
    expect(within(padova).getAllByRole('cell').map((c) => c.textContent)).toEqual(['5', '60,8', '86,8']);
    const torino = within(table).getByRole('rowheader', { name: /Torino/ }).closest('tr')!;
    expect(within(torino).getByText('Città metropolitana')).toBeTruthy();
    expect(within(torino).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0', '–', '–']);
    expect(screen.getByText('Versione della metodologia: 1.')).toBeTruthy();
  });

  it('draws the Regions with Italian names, a legend, the credit of the map and the table; the measure can be switched', async () => {
    routes();
    renderApp('/agenda-digitale/confronto?indicator=SRV-02&period=2026&province=028');
    const map = await screen.findByRole('img', { name: /Punteggio C.SI, 2026: Comuni \(quota o mediana\) per Regione/ });
    expect(map.querySelectorAll('path')).toHaveLength(20);
    expect([...map.querySelectorAll('path > title')].map((n) => n.textContent)).toContain('Puglia: nessun dato');
    expect([...map.querySelectorAll('path > title')].map((n) => n.textContent)).toContain('Veneto: 61,3%');
    expect(screen.getByText(/licenza CC BY 4.0/)).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Punteggio C.SI, 2026: Comuni (quota o mediana) per Regione' });
    expect(within(table).getAllByRole('row')).toHaveLength(21);
    expect(within(within(table).getByRole('rowheader', { name: "Valle d'Aosta/Vallée d'Aoste" }).closest('tr')!).getByText('–')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Pesato sulla popolazione' }));
    const weighted = await screen.findByRole('table', { name: 'Punteggio C.SI, 2026: Pesato sulla popolazione per Regione' });
    expect(within(within(weighted).getByRole('rowheader', { name: 'Veneto' }).closest('tr')!).getByText('55,5%')).toBeTruthy();
  });

  it('ranks the Comuni of the Province in their class and lists the best improvers, with downloads', async () => {
    const calls = routes();
    renderApp('/agenda-digitale/confronto?indicator=SRV-02&period=2026&province=028');
    const ranking = await screen.findByRole('table', { name: 'Punteggio C.SI, 2026: Comuni di Provincia di Padova ordinati nella propria classe di popolazione' });
    const abano = within(ranking).getByRole('rowheader', { name: 'Abano Terme' }).closest('tr')!;
    expect(within(abano).getAllByRole('cell').map((c) => c.textContent)).toEqual(['da 10.001 a 20.000 abitanti', '1 su 3', '72,5%', '50']);
    fireEvent.change(screen.getByLabelText('Classe di popolazione'), { target: { value: '1001-5000' } });
    await waitFor(() => expect(calls.some((c) => c.url.pathname.endsWith('/ranking') && c.url.searchParams.get('peerGroup') === '1001-5000')).toBe(true));
    const improvers = await screen.findByRole('table', { name: 'Punteggio C.SI: i Comuni con il miglioramento maggiore dal 2025 al 2026 (Provincia di Padova)' });
    expect(within(within(improvers).getByRole('rowheader', { name: 'Albignasego' }).closest('tr')!).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'da 10.001 a 20.000 abitanti',
      '30%',
      '50%',
      '+20%',
    ]);
    expect(screen.getByText('Comuni confrontati: 4.')).toBeTruthy();
    const hrefs = screen.getAllByRole('link', { name: 'CSV' }).map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('/api/v1/digital-agenda/indicators/SRV-02/improvers?from=2025&to=2026&limit=10&province=028&format=csv');
    expect(hrefs).toContain('/api/v1/digital-agenda/heatmap?period=2026&format=csv');
    expect(hrefs).toContain('/api/v1/digital-agenda/indicators/SRV-02/boxplots?period=2026&province=028&format=csv');
  });
});

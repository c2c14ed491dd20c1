import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';

const indicator = (code: string, unit: string) => ({
  code,
  nameIt: code === 'PAY-06' ? 'Ente attivo su SEND' : 'Servizi su pagoPA',
  nameEn: code === 'PAY-06' ? 'Active on SEND' : 'Services on pagoPA',
  area: 'PAY',
  unit,
  polarity: 'up',
  aggregation: unit === 'boolean' ? 'share' : 'mean',
  aggregationNote: '',
  source: 'S01',
  frequency: 'daily',
  availability: 'OD-C',
  target: unit === 'boolean' ? 1 : 35,
  targetDeadline: '2026-06-30',
  targetNote: null,
});

describe('monitoring', () => {
  it("shows a Province's adoption curve with its data table alternative, gap closure, forecast and downloads", async () => {
    const calls = mockFetch({
      'GET /api/v1/digital-agenda/indicators': () => json(200, { items: [indicator('PAY-06', 'boolean'), indicator('PAY-02', 'count')] }),
      'GET /api/v1/digital-agenda/provinces/028/trend': () =>
        json(200, {
          level: 'province',
          code: '028',
          name: 'Provincia di Padova',
          comuniTotal: 101,
          items: [
            { code: 'PAY-06', unit: 'boolean', series: [{ period: 2024, value: 0.4, comuni: 100 }, { period: 2025, value: 0.6, comuni: 101 }], target: 1, targetDeadline: '2026-06-30', gapClosure: 1 / 3, pace: 0.2, reachYear: 2027, status: 'at_risk' },
            { code: 'PAY-02', unit: 'count', series: [], target: 35, targetDeadline: '2026-06-30', gapClosure: null, pace: null, reachYear: null, status: null },
          ],
        }),
    });
    renderApp('/agenda-digitale/monitoraggio?level=province&code=028&indicator=PAY-06');
    expect(await screen.findByRole('heading', { level: 1, name: 'Monitoraggio' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Ente attivo su SEND – Provincia di Padova: valori per anno' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['40%', '100', '99%'],
      ['60%', '101', '100%'],
    ]);
    expect(within(table).getAllByRole('rowheader').map((c) => c.textContent)).toEqual(['2024', '2025']);
    // the chart names what it shows and where its data are
    expect(screen.getByText('Grafico a linee con 2 anni dal 2024 al 2025; la linea tratteggiata è l\'obiettivo. Gli stessi dati sono nella tabella che segue.')).toBeTruthy();
    expect(screen.getByText('33,3%', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByText('a rischio', { selector: 'dd' })).toBeTruthy();
    const targets = screen.getByRole('table', { name: 'Indicatori con obiettivo – Provincia di Padova: divario colmato e previsione' });
    expect(within(targets).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe('/api/v1/digital-agenda/provinces/028/trend?format=csv');
    expect(screen.getByRole('link', { name: 'JSON' }).getAttribute('href')).toBe('/api/v1/digital-agenda/provinces/028/trend?format=json');
    expect(calls.some((c) => c.url.pathname === '/api/v1/digital-agenda/provinces/028/trend')).toBe(true);
  });

  it('asks for a territory before loading anything', async () => {
    const calls = mockFetch({ 'GET /api/v1/digital-agenda/indicators': () => json(200, { items: [] }) });
    renderApp('/agenda-digitale/monitoraggio');
    expect(await screen.findByText('Scegli un territorio per vederne l’andamento.')).toBeTruthy();
    expect(calls.some((c) => c.url.pathname.endsWith('/trend'))).toBe(false);
  });

  it('finds a Province by its name, offers the matches in a list, and shows its progress', async () => {
    const provincia = { id: '5f0c9a64-6f0e-4d0b-9a77-1c2b3d4e5f60', type: 'provincia', name: 'Provincia di Padova', istatCode: '028' };
    const calls = mockFetch({
      'GET /api/v1/digital-agenda/indicators': () => json(200, { items: [indicator('PAY-06', 'boolean')] }),
      // the registry search also answers the Comune of the same name: not of this level
      'GET /api/v1/enti': () => json(200, { items: [provincia, { ...provincia, id: '6f0c9a64-6f0e-4d0b-9a77-1c2b3d4e5f61', type: 'comune', name: 'Padova', istatCode: '028060' }], total: 2, page: 1, pageSize: 20 }),
      'GET /api/v1/digital-agenda/provinces/028/trend': () => json(200, { level: 'province', code: '028', name: 'Provincia di Padova', comuniTotal: 101, items: [] }),
    });
    renderApp('/agenda-digitale/monitoraggio?level=province');
    const input = await screen.findByLabelText('Territorio (nome o codice ISTAT)');
    fireEvent.change(input, { target: { value: 'padova' } });
    expect(await screen.findByText('1 territorio nell’elenco')).toBeTruthy();
    expect([...document.querySelectorAll('#mon-code-options option')].map((o) => o.getAttribute('value'))).toEqual(['Provincia di Padova (028)']);
    fireEvent.click(screen.getByRole('button', { name: 'Mostra' }));
    expect(await screen.findByRole('heading', { name: 'Andamento: Provincia di Padova' })).toBeTruthy();
    expect(calls.find((c) => c.url.pathname === '/api/v1/enti')?.url.searchParams.get('q')).toBe('padova');
  });

  it('says so when no territory of the level has the name typed, and loads nothing', async () => {
    const calls = mockFetch({
      'GET /api/v1/digital-agenda/indicators': () => json(200, { items: [] }),
      'GET /api/v1/enti': () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }),
    });
    renderApp('/agenda-digitale/monitoraggio?level=region');
    fireEvent.change(await screen.findByLabelText('Territorio (nome o codice ISTAT)'), { target: { value: 'Atlantide' } });
    fireEvent.click(screen.getByRole('button', { name: 'Mostra' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Nessuna Regione, o più di una, corrisponde a quanto scritto: scegli dall’elenco o scrivi il codice ISTAT a 2 cifre');
    expect(calls.some((c) => c.url.pathname.endsWith('/trend'))).toBe(false);
  });
});

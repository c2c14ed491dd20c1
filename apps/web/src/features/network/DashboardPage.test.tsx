import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, mePadovaAdmin, meUpi } from './test-fixtures';

const dashboard = {
  protocols: {
    total: 76,
    byState: { draft: 0, sent: 1, signed: 75, declined: 0 },
    byRegion: [{ regionIstatCode: '13', name: 'Abruzzo', total: 4, signed: 3 }],
    missing: [{ id: ids.pescara, istatCode: '068', name: 'Provincia di Pescara', type: 'provincia' }],
  },
  conventions: {
    active: 5,
    expiring: 1,
    byService: { sua: 3, sape: 1, sit: 1 },
    byRegion: [{ regionIstatCode: '05', name: 'Veneto', sua: 3, sape: 1, sit: 1 }],
  },
  reach: [
    { service: 'sua', comuni: 12, population: 250000, populationShare: 0.0123 },
    { service: 'sape', comuni: 4, population: 80000, populationShare: 0.004 },
    { service: 'sit', comuni: 2, population: 30000, populationShare: 0.0015 },
  ],
  programmePopulation: 20000000,
  workingGroups: 3,
  localTables: { open: 1, total: 2, candidatures: 4 },
};

describe('network dashboard', () => {
  it('links each figure to its filtered list and names the Provinces missing', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, mePadovaAdmin),
      'GET /api/v1/registry/dashboard': () => json(200, dashboard),
    });
    renderApp('/rete');
    const signed = await screen.findByRole('link', { name: '75 di 76 firmati' });
    expect(signed.getAttribute('href')).toBe('/rete/protocolli?state=signed');
    expect(screen.getByRole('heading', { level: 3, name: '1 Provincia non ha ancora firmato' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Provincia di Pescara' }).getAttribute('href')).toBe(
      `/enti/${ids.pescara}`,
    );
    expect(screen.getByRole('link', { name: 'Abruzzo' }).getAttribute('href')).toBe('/rete/protocolli?region=13');
    expect(screen.getByRole('link', { name: /in scadenza entro 60 giorni/ }).getAttribute('href')).toBe(
      '/rete/convenzioni?expiring=60',
    );
    const reach = screen.getByRole('table', { name: 'Comuni con una convenzione attiva, per servizio' });
    const sua = within(reach)
      .getByRole('rowheader', { name: 'SUA – Stazione Unica Appaltante' })
      .closest('tr') as HTMLElement;
    expect(within(sua).getByRole('link').getAttribute('href')).toBe('/enti?type=comune&service=sua');
    expect(within(sua).getAllByRole('cell')[2]?.textContent).toBe('1,2%');
    expect(screen.queryByRole('button', { name: 'Invia solleciti' })).toBeNull();
  });

  it('lets the UPI administrator send reminders and tells how many', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meUpi),
      'GET /api/v1/registry/dashboard': () => json(200, dashboard),
      'POST /api/v1/registry/protocols/reminders': () => json(200, { protocols: 1, recipients: 3 }),
    });
    renderApp('/rete');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Invia solleciti' }));
    expect(await screen.findByText('Solleciti inviati per 1 protocollo a 3 destinatari.')).toBeTruthy();
    expect(calls.filter((c) => c.init?.method === 'POST')).toHaveLength(1);
  });
});

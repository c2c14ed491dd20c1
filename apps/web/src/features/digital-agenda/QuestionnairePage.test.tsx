import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Me } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';

const meAbano: Me = {
  user: {
    id: '40000000-0000-4000-8000-000000000001',
    email: 'persona@example.it',
    displayName: 'Persona di prova',
    locale: 'it',
    active: true,
    isDemo: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    memberships: [{ id: '50000000-0000-4000-8000-000000000003', enteId: '00000000-0000-4000-8000-000000028001', enteName: 'Comune di Abano Terme', enteType: 'comune', enteIstatCode: '028001', role: 'comune_user' }],
  },
  activeMembershipId: '50000000-0000-4000-8000-000000000003',
  csrfToken: 'tok',
};
const item = (code: string, unit: 'boolean' | 'count' | 'percent', value: number | null, extra: Record<string, unknown> = {}) => ({
  code,
  area: code.slice(0, 3),
  nameIt: `Indicatore ${code}`,
  nameEn: `Indicator ${code}`,
  unit,
  minValue: 0,
  maxValue: unit === 'boolean' ? 1 : unit === 'percent' ? 100 : 1000,
  value,
  source: value === null ? null : 'csv',
  prefilled: value !== null,
  ...extra,
});
const questionnaire = {
  istatCode: '028001',
  name: 'Abano Terme',
  period: 2026,
  items: [item('GOV-04', 'boolean', null), item('GOV-05', 'percent', null), item('SRV-03', 'count', 2), item('SRV-08', 'boolean', 1)],
};

describe('self-assessment questionnaire', () => {
  it('groups the indicators by area, pre-fills known values and saves only the answers given (partial save)', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meAbano),
      'GET /api/v1/digital-agenda/comuni/028001/questionnaire': () => json(200, questionnaire),
      'PUT /api/v1/digital-agenda/comuni/028001/questionnaire': (_url, init) => {
        const body = JSON.parse(String(init?.body)) as { answers: { code: string; value: number | null }[] };
        const saved = new Map(body.answers.map((a) => [a.code, a.value]));
        return json(200, { ...questionnaire, items: questionnaire.items.map((i) => (saved.has(i.code) ? { ...i, value: saved.get(i.code), source: 'questionnaire', prefilled: false } : i)) });
      },
    });
    renderApp('/agenda-digitale/comuni/028001/autovalutazione?period=2026');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Autovalutazione 2026 – Abano Terme' })).toBeTruthy();
    const gov = await screen.findByRole('region', { name: 'Governance, organizzazione e competenze' });
    expect(within(gov).getByRole('group', { name: /GOV-04/ })).toBeTruthy();
    // known values are pre-filled with their source and unit
    const srv03 = screen.getByLabelText(/SRV-03/) as HTMLInputElement;
    expect(srv03.value).toBe('2');
    expect(screen.getByText(/Unità: numero; valori da 0 a 1000\. .*Precompilato da fonte: csv\./)).toBeTruthy();
    expect((within(screen.getByRole('group', { name: /SRV-08/ })).getByLabelText('Sì') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('Risposte date: 2 su 4.')).toBeTruthy();

    // one answer only: the others stay as they are
    await user.click(within(screen.getByRole('group', { name: /GOV-04/ })).getByLabelText('Sì'));
    await user.click(screen.getByRole('button', { name: 'Salva le risposte' }));
    expect(await screen.findByText('Salvata 1 risposta. Puoi completare il questionario in seguito.')).toBeTruthy();
    const put = calls.filter((c) => c.init?.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(JSON.parse(String(put[0]!.init!.body))).toEqual({ period: 2026, answers: [{ code: 'GOV-04', value: 1 }] });
    expect(screen.getByText('Risposte date: 3 su 4.')).toBeTruthy();
  });

  it('lists an out-of-range answer with a link to its field and sends nothing', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meAbano),
      'GET /api/v1/digital-agenda/comuni/028001/questionnaire': () => json(200, questionnaire),
    });
    renderApp('/agenda-digitale/comuni/028001/autovalutazione?period=2026');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/GOV-05/), '140');
    await user.click(screen.getByRole('button', { name: 'Salva le risposte' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: /GOV-05 – Indicatore GOV-05: Inserisci un valore tra 0 e 100/ }).getAttribute('href')).toBe('#q-GOV-05');
    expect(screen.getByLabelText(/GOV-05/).getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((c) => c.init?.method === 'PUT')).toHaveLength(0);
  });

  it('shows the answers of a Comune read-only to its Province', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, { ...meAbano, user: { ...meAbano.user, memberships: [{ ...meAbano.user.memberships[0]!, enteName: 'Provincia di Padova', enteType: 'provincia', enteIstatCode: '028', role: 'sit_operator' }] } }),
      'GET /api/v1/digital-agenda/comuni/028001/questionnaire': () => json(200, questionnaire),
    });
    renderApp('/agenda-digitale/comuni/028001/autovalutazione?period=2026');
    expect(await screen.findByText('Sola lettura: solo il personale del Comune può modificare le risposte.')).toBeTruthy();
    expect((screen.getByLabelText(/SRV-03/) as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Salva le risposte' })).toBeNull();
  });
});

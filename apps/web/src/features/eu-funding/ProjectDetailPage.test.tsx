import type { ProjectDetail } from '@app/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderApp } from '../../test/render';
import { ids, meRup } from '../procurement/test-fixtures';

const projectId = '93000000-0000-4000-8000-000000000001';
const base: ProjectDetail = {
  id: projectId,
  title: 'Scuole a energia quasi zero',
  state: 'finanziato',
  leadEnte: { id: ids.abano, name: 'Abano Terme', istatCode: '028001' },
  callId: null,
  cup: null,
  budget: 100000,
  grantedAmount: 80000,
  updatedAt: '2026-06-01T10:00:00Z',
  description: null,
  programme: 'PR FESR Veneto 2021-2027',
  call: null,
  decreeRef: 'DDR 45/2026',
  supportedBySape: true,
  partners: [
    { enteId: 'a', name: 'Adria', role: 'partner', pic: null, country: 'IT' },
    { enteId: 'b', name: 'Albignasego', role: 'partner', pic: null, country: 'IT' },
  ],
  budgetLines: [{ category: 'lavori', amount: 100000 }],
  cofinancing: [{ source: 'ue', amount: 100000 }],
  spendingPlan: [],
  reportingDeadlines: [],
  steps: [{ state: 'idea', date: '2026-05-01', note: null, documentId: null }],
  procurement: null,
  expenditures: [
    { id: '94000000-0000-4000-8000-000000000001', documentRef: 'Fattura 12/2026', documentId: null, date: '2026-06-10', amount: 30000.1, eligible: true, paidOn: '2026-06-20', category: 'lavori', salNumber: 1, claimId: null },
    { id: '94000000-0000-4000-8000-000000000002', documentRef: 'Multa', documentId: null, date: '2026-06-11', amount: 100, eligible: false, paidOn: null, category: 'altro', salNumber: null, claimId: null },
  ],
  claims: [],
  totals: { budget: 100000, spent: 30100.1, eligible: 30000.1, claimed: 0, received: 0, remaining: 69999.9 },
  curve: [],
  allowedTransitions: ['cup', 'rinuncia', 'revoca'],
  canEdit: true,
  version: 4,
};

describe('project page', () => {
  it('records the CUP as the next step and shows the server’s field error when the format is wrong', async () => {
    let attempt = 0;
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      [`GET /api/v1/eu-funding/projects/${projectId}`]: () => json(200, base),
      [`POST /api/v1/eu-funding/projects/${projectId}/transitions`]: () =>
        ++attempt === 1
          ? json(400, { code: 'guard_failed', message: 'The step cannot be taken yet', details: { issues: [{ path: 'body.cup', code: 'CUP_LENGTH', message: 'A CUP has exactly 15 characters' }] }, requestId: 'r1' })
          : json(200, { ...base, state: 'cup', cup: 'J51B26000010006', allowedTransitions: ['affidamento', 'esecuzione', 'rinuncia', 'revoca'], version: 5 }),
    });
    renderApp(`/fondi-ue/progetti/${projectId}`);
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Scuole a energia quasi zero' });
    expect(screen.getByText('Adria, Albignasego')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Nuova fase'), 'cup');
    await user.type(screen.getByLabelText('CUP'), 'J51B2600001000');
    await user.click(screen.getByRole('button', { name: 'Registra il passo' }));
    expect((await screen.findByTestId('guard-issues')).textContent).toBe('Il CUP ha esattamente 15 caratteri.');
    await user.clear(screen.getByLabelText('CUP'));
    await user.type(screen.getByLabelText('CUP'), 'J51B26000010006');
    await user.click(screen.getByRole('button', { name: 'Registra il passo' }));
    await waitFor(() => expect(screen.getByTestId('project-state').textContent).toBe('CUP assegnato'));
    const posts = calls.filter((c) => c.init?.method === 'POST');
    expect(JSON.parse(String(posts.at(-1)!.init!.body))).toMatchObject({ to: 'cup', cup: 'J51B26000010006', decreeRef: null, grantedAmount: null, version: 4 });
  });

  it('claims only the eligible expenditures not yet claimed, and links the statement of the claim', async () => {
    const claimed: ProjectDetail = {
      ...base,
      expenditures: base.expenditures.map((e) => (e.eligible ? { ...e, claimId: '95000000-0000-4000-8000-000000000001' } : e)),
      claims: [{ id: '95000000-0000-4000-8000-000000000001', number: 1, kind: 'intermedia', submittedOn: '2026-06-25', amount: 30000.1, receivedOn: null, receivedAmount: null, expenditures: 1 }],
      totals: { ...base.totals, claimed: 30000.1 },
    };
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      [`GET /api/v1/eu-funding/projects/${projectId}`]: () => json(200, base),
      [`POST /api/v1/eu-funding/projects/${projectId}/claims`]: () => json(201, claimed),
    });
    renderApp(`/fondi-ue/progetti/${projectId}`);
    const user = userEvent.setup();
    await screen.findByText(/1 spese ammissibili da rendicontare per 30\.000,10/);
    await user.click(screen.getByRole('button', { name: 'Presenta la domanda di rimborso' }));
    const table = await screen.findByRole('table', { name: 'Domande di rimborso' });
    expect(within(table).getByRole('link', { name: 'Scarica il rendiconto della domanda n. 1 (CSV)' }).getAttribute('href')).toBe(
      `/api/v1/eu-funding/projects/${projectId}/claims/95000000-0000-4000-8000-000000000001/statement.csv`,
    );
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(JSON.parse(String(post.init!.body)).expenditureIds).toEqual(['94000000-0000-4000-8000-000000000001']);
  });
});

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

  it('edits the project with the same form as a new one: the sums are compared as typed, the version read is sent', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      [`GET /api/v1/eu-funding/projects/${projectId}`]: () => json(200, base),
      [`PUT /api/v1/eu-funding/projects/${projectId}`]: (_u, init) => {
        const body = JSON.parse(String(init!.body)) as { title: string };
        return json(200, { ...base, title: body.title, budget: 120000, version: 5 });
      },
    });
    renderApp(`/fondi-ue/progetti/${projectId}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Modifica il progetto' }));
    const title = screen.getByLabelText('Titolo del progetto');
    expect((title as HTMLInputElement).value).toBe('Scuole a energia quasi zero');
    await user.clear(title);
    await user.type(title, 'Scuole e palestre a energia quasi zero');
    const budget = document.getElementById('edit-budget-0-amount') as HTMLInputElement;
    await user.clear(budget);
    await user.type(budget, '120000');
    expect(screen.getByRole('status').textContent).toMatch(/^Il cofinanziamento \(100\.000,00\s€\) non pareggia il budget \(120\.000,00\s€\)\.$/);
    await user.click(screen.getByRole('button', { name: 'Aggiungi una fonte' }));
    await user.type(document.getElementById('edit-cofin-1-amount') as HTMLInputElement, '20000');
    expect(screen.queryByText(/non pareggia il budget/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Togli Adria' }));
    await user.type(screen.getByLabelText('Nome del partner esterno'), 'Energy Agency Graz');
    await user.type(screen.getByLabelText('Paese (codice ISO, es. AT)'), 'at');
    await user.click(screen.getByRole('button', { name: 'Aggiungi il partner esterno' }));
    await user.click(screen.getByRole('button', { name: 'Salva le modifiche' }));
    await screen.findByText('Progetto aggiornato.');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Scuole e palestre a energia quasi zero');
    const put = calls.find((c) => c.init?.method === 'PUT')!;
    expect(JSON.parse(String(put.init!.body))).toMatchObject({
      title: 'Scuole e palestre a energia quasi zero',
      version: 4,
      budget: [{ category: 'lavori', amount: 120000 }],
      cofinancing: [
        { source: 'ue', amount: 100000 },
        { source: 'comune', amount: 20000 },
      ],
      partners: [
        { enteId: 'b', role: 'partner' },
        { name: 'Energy Agency Graz', role: 'partner', country: 'AT', pic: null },
      ],
      supportedBySape: true,
    });
  }, 20_000);

  it('links the SUA procedure of the lead Comune and shows its CIG', async () => {
    const procedureId = '90000000-0000-4000-8000-000000000001';
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      [`GET /api/v1/eu-funding/projects/${projectId}`]: () => json(200, base),
      'GET /api/v1/procurement/procedures': () => json(200, { items: [{ id: procedureId, number: 'SUA-PD-2026-00007', title: 'Lavori di efficientamento' }], total: 1 }),
      [`PUT /api/v1/eu-funding/projects/${projectId}/procurement`]: () => json(200, { ...base, procurement: { procedureId, number: 'SUA-PD-2026-00007', cig: 'B123456789' }, version: 5 }),
    });
    renderApp(`/fondi-ue/progetti/${projectId}`);
    const user = userEvent.setup();
    await screen.findByRole('option', { name: 'SUA-PD-2026-00007 — Lavori di efficientamento' });
    await user.click(screen.getByRole('button', { name: 'Collega la procedura' }));
    expect((await screen.findByTestId('procurement-linked')).textContent).toBe('Collegata: SUA-PD-2026-00007 — CIG B123456789');
    expect(calls.find((c) => c.url.pathname === '/api/v1/procurement/procedures')!.url.searchParams.get('comune')).toBe(ids.abano);
    expect(JSON.parse(String(calls.find((c) => c.init?.method === 'PUT')!.init!.body))).toEqual({ procedureId, version: 4 });
  });

  it('records the receipt of a claim and files its statement as a PDF/A document', async () => {
    const claimId = '95000000-0000-4000-8000-000000000001';
    const claimed: ProjectDetail = {
      ...base,
      expenditures: base.expenditures.map((e) => (e.eligible ? { ...e, claimId } : e)),
      claims: [{ id: claimId, number: 1, kind: 'intermedia', submittedOn: '2026-06-25', amount: 30000.1, receivedOn: null, receivedAmount: null, expenditures: 1 }],
    };
    const documentId = '96000000-0000-4000-8000-000000000001';
    const calls = mockFetch({
      'GET /api/v1/auth/me': () => json(200, meRup),
      [`GET /api/v1/eu-funding/projects/${projectId}`]: () => json(200, claimed),
      [`PUT /api/v1/eu-funding/projects/${projectId}/claims/${claimId}/receipt`]: () =>
        json(200, { ...claimed, claims: [{ ...claimed.claims[0]!, receivedOn: '2026-07-10', receivedAmount: 30000 }] }),
      [`POST /api/v1/eu-funding/projects/${projectId}/claims/${claimId}/statement`]: () => json(201, { documentId, version: 2, mediaType: 'application/pdf', pdfA: true }),
    });
    renderApp(`/fondi-ue/progetti/${projectId}`);
    const user = userEvent.setup();
    const date = await screen.findByLabelText('Incassato il');
    await user.clear(date);
    await user.type(date, '2026-07-10');
    await user.type(screen.getByLabelText('Importo incassato in euro'), '30000');
    await user.click(screen.getByRole('button', { name: 'Registra l’incasso' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Incasso di una domanda di rimborso' })).toBeNull());
    const table = screen.getByRole('table', { name: 'Domande di rimborso' });
    expect(within(table).getAllByRole('row')[1]!.textContent).toMatch(/10\/07\/2026 — 30\.000,00\s€/);
    expect(JSON.parse(String(calls.find((c) => c.init?.method === 'PUT')!.init!.body))).toEqual({ receivedOn: '2026-07-10', amount: 30000 });
    await user.click(within(table).getByRole('button', { name: 'Genera il rendiconto PDF/A della domanda n. 1' }));
    const link = await within(table).findByRole('link', { name: 'Scarica il rendiconto della domanda n. 1 (PDF/A)' });
    expect(link.getAttribute('href')).toBe(`/api/v1/documents/${documentId}/content?version=2`);
  }, 20_000);
});

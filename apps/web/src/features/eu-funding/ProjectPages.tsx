import { CostCategories, type CostCategory, type ProjectState } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ApiError } from '../../lib/api-client';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ek, euApi, type ProjectDetail } from './api';
import { EuFundingNav, formatDay, formatEuro, todayIso, useEuFundingAccess } from './components';
import { useEuFundingTranslation } from './i18n';
import { ProjectForm, type ProjectFormValues } from './ProjectForm';

/** `/fondi-ue/progetti`: projects of my ente, those I am partner in, those of the Comuni my SAPE serves. */
export function ProjectsPage() {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  usePageTitle(t('projects.page_title'));
  const query = useQuery({ queryKey: ek.projects(1), queryFn: () => euApi.projects(1) });
  return (
    <RequireLogin>
      <div className="container my-4">
        <div className="d-flex flex-wrap justify-content-between align-items-start gap-3">
          <h1>{t('projects.page_title')}</h1>
          {a.speakerComuni.length > 0 && (
            <Link to="/fondi-ue/progetti/nuovo" className="btn btn-primary">
              {t('projects.new')}
            </Link>
          )}
        </div>
        <EuFundingNav />
        {query.error && <ApiErrorAlert error={query.error} />}
        {!query.data ? (
          !query.error && <Loading />
        ) : query.data.items.length === 0 ? (
          <p>{t('projects.empty')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('projects.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('projects.title')}</th>
                  <th scope="col">{t('projects.lead')}</th>
                  <th scope="col">{t('projects.state')}</th>
                  <th scope="col">CUP</th>
                  <th scope="col" className="text-end">
                    {t('projects.budget')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {query.data.items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to="/fondi-ue/progetti/$projectId" params={{ projectId: p.id }}>
                        {p.title}
                      </Link>
                    </th>
                    <td>{p.leadEnte.name}</td>
                    <td>{t(`states.${p.state}`)}</td>
                    <td>{p.cup ?? '—'}</td>
                    <td className="text-end">{formatEuro(p.budget)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </RequireLogin>
  );
}

/** `/fondi-ue/progetti/nuovo`: a Comune creates a project, with partner Comuni, budget and co-financing. */
export function ProjectNewPage({ callId }: { callId?: string }) {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  usePageTitle(t('new_project.page_title'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const call = useQuery({ queryKey: ek.call(callId ?? ''), queryFn: () => euApi.call(callId!), enabled: !!callId });
  const create = useMutation({
    mutationFn: (v: ProjectFormValues) => euApi.createProject({ ...v, callId: callId ?? null, spendingPlan: [], reportingDeadlines: [] }),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: ek.all });
      await navigate({ to: '/fondi-ue/progetti/$projectId', params: { projectId: p.id } });
    },
  });
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('new_project.page_title')}</h1>
        <EuFundingNav />
        {call.data && <p className="lead">{t('new_project.for_call', { title: call.data.title })}</p>}
        <ProjectForm leadChoices={a.speakerComuni} submitLabel={t('new_project.submit')} pending={create.isPending} error={create.error} onSubmit={(v) => create.mutate(v)} />
      </div>
    </RequireLogin>
  );
}

/** Editing a project's data, partners and money plan with the same form as a new one. */
function EditProject({ p }: { p: ProjectDetail }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const update = useMutation({
    mutationFn: (v: ProjectFormValues) =>
      euApi.updateProject(p.id, {
        title: v.title,
        description: v.description,
        programme: v.programme,
        callId: p.callId,
        partners: v.partners,
        budget: v.budget,
        cofinancing: v.cofinancing,
        spendingPlan: p.spendingPlan,
        reportingDeadlines: p.reportingDeadlines,
        supportedBySape: v.supportedBySape,
        version: p.version,
      }),
    onSuccess: (d) => {
      qc.setQueryData(ek.project(p.id), d);
      setOpen(false);
      setSaved(true);
    },
  });
  return (
    <section className="mb-4" aria-labelledby="edit-project-title">
      <h2 id="edit-project-title" className="h4">
        {t('edit_project.title')}
      </h2>
      {saved && !open && <p role="status">{t('edit_project.saved')}</p>}
      {open ? (
        <ProjectForm key={p.version} initial={p} submitLabel={t('edit_project.submit')} pending={update.isPending} error={update.error} onSubmit={(v) => update.mutate(v)} onCancel={() => setOpen(false)} />
      ) : (
        <button type="button" className="btn btn-outline-primary" onClick={() => { setSaved(false); setOpen(true); }}>
          {t('edit_project.open')}
        </button>
      )}
    </section>
  );
}

/** Links the SUA procedure of the lead Comune that buys for the project; its CIG is read from it. */
function ProcurementLinkForm({ p }: { p: ProjectDetail }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const procedures = useQuery({ queryKey: ek.procedures(p.leadEnte.id), queryFn: () => euApi.procedures(p.leadEnte.id) });
  const [chosen, setChosen] = useState('');
  const items = procedures.data?.items ?? [];
  const procedureId = chosen || p.procurement?.procedureId || items[0]?.id || '';
  const link = useMutation({
    mutationFn: () => euApi.linkProcurement(p.id, procedureId, p.version),
    onSuccess: (d) => qc.setQueryData(ek.project(p.id), d),
  });
  return (
    <form
      className="mb-4"
      noValidate
      aria-labelledby="procurement-link-title"
      onSubmit={(e) => {
        e.preventDefault();
        link.mutate();
      }}
    >
      <h2 id="procurement-link-title" className="h4">
        {t('procurement_link.title')}
      </h2>
      {p.procurement && (
        <p data-testid="procurement-linked">
          {t('procurement_link.linked', { number: p.procurement.number ?? '', cig: p.procurement.cig ?? t('procurement_link.no_cig') })}
        </p>
      )}
      {procedures.error && <ApiErrorAlert error={procedures.error} />}
      {procedures.data && items.length === 0 ? (
        <p>{t('procurement_link.none')}</p>
      ) : (
        <>
          <SelectField id="procurement-procedure" label={t('procurement_link.procedure')} value={procedureId} onChange={(e) => setChosen(e.target.value)}>
            {items.map((x) => (
              <option key={x.id} value={x.id}>
                {x.number} — {x.title}
              </option>
            ))}
          </SelectField>
          {link.error && <ApiErrorAlert error={link.error} />}
          <button type="submit" className="btn btn-outline-primary" disabled={link.isPending || !procedureId}>
            {t('procurement_link.submit')}
          </button>
        </>
      )}
    </form>
  );
}

/** Records what was received for a claim. */
function ReceiptForm({ p }: { p: ProjectDetail }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const pending = p.claims.filter((c) => !c.receivedOn);
  const [claimId, setClaimId] = useState('');
  const chosen = pending.find((c) => c.id === claimId) ?? pending[0];
  const [f, setF] = useState({ receivedOn: todayIso(), amount: '' });
  const record = useMutation({
    mutationFn: () => euApi.recordReceipt(p.id, chosen!.id, { receivedOn: f.receivedOn, amount: Number(f.amount || chosen!.amount) }),
    onSuccess: (d) => {
      qc.setQueryData(ek.project(p.id), d);
      setF({ receivedOn: todayIso(), amount: '' });
      setClaimId('');
    },
  });
  if (!chosen) return null;
  return (
    <form
      className="mb-4"
      noValidate
      aria-labelledby="receipt-title"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <h3 id="receipt-title" className="h5">
        {t('receipt.title')}
      </h3>
      <div className="row g-3">
        <SelectField id="receipt-claim" label={t('receipt.claim')} className="col-md-4" value={chosen.id} onChange={(e) => setClaimId(e.target.value)}>
          {pending.map((c) => (
            <option key={c.id} value={c.id}>
              {t('project.claim_label', { n: c.number })} — {formatEuro(c.amount)}
            </option>
          ))}
        </SelectField>
        <TextField id="receipt-date" type="date" label={t('receipt.received_on')} className="col-md-4" value={f.receivedOn} onChange={(e) => setF({ ...f, receivedOn: e.target.value })} />
        <TextField id="receipt-amount" type="number" step="0.01" min="0" label={t('receipt.amount')} className="col-md-4" placeholder={String(chosen.amount)} value={f.amount} onChange={(e) => setF({ ...f, amount: e.target.value })} />
      </div>
      {record.error && <ApiErrorAlert error={record.error} />}
      <button type="submit" className="btn btn-outline-primary" disabled={record.isPending}>
        {t('receipt.submit')}
      </button>
    </form>
  );
}

/** The statement of a claim: the CSV to download, and (for who may edit) the PDF/A filed among the project documents. */
function StatementLinks({ p, claim }: { p: ProjectDetail; claim: ProjectDetail['claims'][number] }) {
  const { t } = useEuFundingTranslation();
  const file = useMutation({ mutationFn: () => euApi.fileStatement(p.id, claim.id) });
  return (
    <>
      <a href={euApi.statementUrl(p.id, claim.id)}>{t('project.download_statement', { n: claim.number })}</a>
      {p.canEdit && !file.data && (
        <div>
          <button type="button" className="btn btn-link btn-sm px-0" onClick={() => file.mutate()} disabled={file.isPending}>
            {t('statement.make', { n: claim.number })}
          </button>
        </div>
      )}
      {file.error && <ApiErrorAlert error={file.error} />}
      {file.data && (
        <div role="status">
          <span className="visually-hidden">{t('statement.made', { n: claim.number })} </span>
          <a href={euApi.documentUrl(file.data.documentId, file.data.version)}>{t(file.data.pdfA ? 'statement.download' : 'statement.download_docx', { n: claim.number })}</a>
        </div>
      )}
    </>
  );
}

/** The guards a refused step did not pass, in the user's language. */
function GuardIssues({ error }: { error: unknown }) {
  const { t } = useEuFundingTranslation();
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const issues = (error.details as { issues?: { code?: string; message: string }[] } | undefined)?.issues ?? [];
  if (issues.length === 0) return null;
  return (
    <ul className="text-danger" data-testid="guard-issues">
      {issues.map((i, k) => (
        <li key={k}>{i.code ? t(`guards.${i.code}`, { defaultValue: i.message }) : i.message}</li>
      ))}
    </ul>
  );
}

function TransitionForm({ p }: { p: ProjectDetail }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const [to, setTo] = useState<ProjectState | ''>('');
  const [date, setDate] = useState(todayIso());
  const [decreeRef, setDecreeRef] = useState('');
  const [granted, setGranted] = useState('');
  const [cup, setCup] = useState('');
  const target = to || p.allowedTransitions[0] || '';
  const move = useMutation({
    mutationFn: () =>
      euApi.transition(p.id, {
        to: target as ProjectState,
        date,
        decreeRef: target === 'finanziato' ? decreeRef : null,
        grantedAmount: target === 'finanziato' && granted ? Number(granted) : null,
        cup: target === 'cup' ? cup : null,
        version: p.version,
      }),
    onSuccess: (d) => {
      qc.setQueryData(ek.project(p.id), d);
      setTo('');
    },
  });
  if (p.allowedTransitions.length === 0) return null;
  return (
    <form
      className="mb-4"
      aria-labelledby="transition-title"
      onSubmit={(e) => {
        e.preventDefault();
        move.mutate();
      }}
    >
      <h2 id="transition-title" className="h4">
        {t('project.next_step')}
      </h2>
      <div className="row g-3">
        <SelectField id="transition-to" label={t('project.to')} className="col-md-4" value={target} onChange={(e) => setTo(e.target.value as ProjectState)}>
          {p.allowedTransitions.map((s) => (
            <option key={s} value={s}>
              {t(`states.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField id="transition-date" type="date" label={t('project.date')} className="col-md-4" value={date} onChange={(e) => setDate(e.target.value)} />
        {target === 'finanziato' && (
          <>
            <TextField id="transition-decree" label={t('project.decree')} className="col-md-4" value={decreeRef} onChange={(e) => setDecreeRef(e.target.value)} />
            <TextField id="transition-granted" type="number" step="0.01" label={t('project.granted')} className="col-md-4" value={granted} onChange={(e) => setGranted(e.target.value)} />
          </>
        )}
        {target === 'cup' && <TextField id="transition-cup" label="CUP" className="col-md-4" value={cup} onChange={(e) => setCup(e.target.value)} />}
      </div>
      {move.error && <ApiErrorAlert error={move.error} />}
      <GuardIssues error={move.error} />
      <button type="submit" className="btn btn-primary mt-2" disabled={move.isPending}>
        {t('project.move')}
      </button>
    </form>
  );
}

function ExpenditureForm({ p }: { p: ProjectDetail }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({ documentRef: '', date: todayIso(), amount: '', paidOn: '', category: 'lavori' as CostCategory, eligible: true });
  const add = useMutation({
    mutationFn: () => euApi.addExpenditure(p.id, { documentRef: f.documentRef, date: f.date, amount: Number(f.amount), paidOn: f.paidOn || null, category: f.category, eligible: f.eligible }),
    onSuccess: (d) => {
      qc.setQueryData(ek.project(p.id), d);
      setF({ ...f, documentRef: '', amount: '' });
    },
  });
  return (
    <form
      className="mb-4"
      aria-labelledby="expenditure-title"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="expenditure-title" className="h5">
        {t('project.add_expenditure')}
      </h3>
      <div className="row g-3">
        <TextField id="exp-doc" label={t('project.document_ref')} className="col-md-4" value={f.documentRef} onChange={(e) => setF({ ...f, documentRef: e.target.value })} />
        <TextField id="exp-date" type="date" label={t('project.date')} className="col-md-2" value={f.date} onChange={(e) => setF({ ...f, date: e.target.value })} />
        <TextField id="exp-amount" type="number" step="0.01" label={t('project.amount')} className="col-md-2" value={f.amount} onChange={(e) => setF({ ...f, amount: e.target.value })} />
        <TextField id="exp-paid" type="date" label={t('project.paid_on')} className="col-md-2" value={f.paidOn} onChange={(e) => setF({ ...f, paidOn: e.target.value })} />
        <SelectField id="exp-category" label={t('new_project.category')} className="col-md-2" value={f.category} onChange={(e) => setF({ ...f, category: e.target.value as CostCategory })}>
          {CostCategories.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </SelectField>
        <div className="col-md-4">
          <CheckboxField id="exp-eligible" label={t('project.eligible')} checked={f.eligible} onChange={(e) => setF({ ...f, eligible: e.target.checked })} />
        </div>
      </div>
      {add.error && <ApiErrorAlert error={add.error} />}
      <button type="submit" className="btn btn-outline-primary mt-2" disabled={add.isPending}>
        {t('project.add_expenditure')}
      </button>
    </form>
  );
}

function ClaimForm({ p }: { p: ProjectDetail }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const open = p.expenditures.filter((e) => e.eligible && !e.claimId);
  const claim = useMutation({
    mutationFn: () => euApi.createClaim(p.id, { kind: 'intermedia', submittedOn: todayIso(), expenditureIds: open.map((e) => e.id) }),
    onSuccess: (d) => qc.setQueryData(ek.project(p.id), d),
  });
  if (open.length === 0) return null;
  const total = open.reduce((s, e) => s + Math.round(e.amount * 100), 0) / 100;
  return (
    <div className="mb-4">
      <p>{t('project.claim_hint', { count: open.length, total: formatEuro(total) })}</p>
      {claim.error && <ApiErrorAlert error={claim.error} />}
      <button type="button" className="btn btn-primary" onClick={() => claim.mutate()} disabled={claim.isPending}>
        {t('project.make_claim')}
      </button>
    </div>
  );
}

/** `/fondi-ue/progetti/:id`: one project through its life-cycle, with partners, money and reporting. */
export function ProjectDetailPage({ projectId }: { projectId: string }) {
  const { t } = useEuFundingTranslation();
  const query = useQuery({ queryKey: ek.project(projectId), queryFn: () => euApi.project(projectId) });
  usePageTitle(query.data?.title ?? t('project.page_title'));
  if (query.error) return <div className="container my-4"><ApiErrorAlert error={query.error} /></div>;
  const p = query.data;
  if (!p) return <Loading />;
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{p.title}</h1>
        <EuFundingNav />
        <dl className="row">
          <dt className="col-md-3">{t('projects.lead')}</dt>
          <dd className="col-md-9">{p.leadEnte.name}</dd>
          <dt className="col-md-3">{t('projects.state')}</dt>
          <dd className="col-md-9" data-testid="project-state">
            {t(`states.${p.state}`)}
          </dd>
          {p.call && (
            <>
              <dt className="col-md-3">{t('project.call')}</dt>
              <dd className="col-md-9">
                <Link to="/fondi-ue/bandi/$callId" params={{ callId: p.call.id }}>
                  {p.call.identifier}
                </Link>
              </dd>
            </>
          )}
          <dt className="col-md-3">{t('project.partners')}</dt>
          <dd className="col-md-9">{p.partners.map((x) => x.name).join(', ') || '—'}</dd>
          <dt className="col-md-3">CUP</dt>
          <dd className="col-md-9">{p.cup ?? '—'}</dd>
          <dt className="col-md-3">{t('project.decree')}</dt>
          <dd className="col-md-9">{p.decreeRef ?? '—'}</dd>
          <dt className="col-md-3">{t('project.granted')}</dt>
          <dd className="col-md-9">{formatEuro(p.grantedAmount)}</dd>
          {p.procurement && (
            <>
              <dt className="col-md-3">{t('project.procurement')}</dt>
              <dd className="col-md-9">
                <Link to="/appalti/$procedureId" params={{ procedureId: p.procurement.procedureId }}>
                  {p.procurement.number}
                </Link>
                {p.procurement.cig && ` — CIG ${p.procurement.cig}`}
              </dd>
            </>
          )}
        </dl>
        <h2 className="h4">{t('project.money')}</h2>
        <div className="table-responsive">
          <table className="table">
            <caption>{t('project.totals')}</caption>
            <tbody>
              {(['budget', 'spent', 'eligible', 'claimed', 'received', 'remaining'] as const).map((k) => (
                <tr key={k}>
                  <th scope="row">{t(`totals.${k}`)}</th>
                  <td className="text-end" data-testid={`total-${k}`}>
                    {formatEuro(p.totals[k])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2 className="h4">{t('project.steps')}</h2>
        <ol>
          {p.steps.map((s, i) => (
            <li key={i}>
              {t(`states.${s.state}`)} — {formatDay(s.date)}
              {s.note && ` — ${s.note}`}
            </li>
          ))}
        </ol>
        {p.canEdit && <TransitionForm p={p} />}
        {p.canEdit && <EditProject p={p} />}
        {p.canEdit && <ProcurementLinkForm p={p} />}
        <h2 className="h4">{t('project.reporting')}</h2>
        {p.expenditures.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('project.expenditures')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('project.document_ref')}</th>
                  <th scope="col">{t('project.date')}</th>
                  <th scope="col">{t('project.eligible')}</th>
                  <th scope="col" className="text-end">
                    {t('project.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.expenditures.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{e.documentRef}</th>
                    <td>{formatDay(e.date)}</td>
                    <td>{e.eligible ? t('yes') : t('no')}</td>
                    <td className="text-end">{formatEuro(e.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.canEdit && (['finanziato', 'cup', 'affidamento', 'esecuzione', 'conclusione', 'verifica', 'saldo'] as ProjectState[]).includes(p.state) && (
          <>
            <ExpenditureForm p={p} />
            <ClaimForm p={p} />
          </>
        )}
        {p.claims.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('project.claims')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('project.claim_number')}</th>
                  <th scope="col">{t('project.date')}</th>
                  <th scope="col" className="text-end">
                    {t('project.amount')}
                  </th>
                  <th scope="col">{t('receipt.received')}</th>
                  <th scope="col">{t('project.statement')}</th>
                </tr>
              </thead>
              <tbody>
                {p.claims.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{t('project.claim_label', { n: c.number })}</th>
                    <td>{formatDay(c.submittedOn)}</td>
                    <td className="text-end">{formatEuro(c.amount)}</td>
                    <td>{c.receivedOn ? `${formatDay(c.receivedOn)} — ${formatEuro(c.receivedAmount)}` : '—'}</td>
                    <td>
                      <StatementLinks p={p} claim={c} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.canEdit && <ReceiptForm p={p} />}
      </div>
    </RequireLogin>
  );
}

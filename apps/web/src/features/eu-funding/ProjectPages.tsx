import { CostCategories, FundingSources, type CostCategory, type FundingSource, type ProjectState } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ApiError } from '../../lib/api-client';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ek, euApi, type EnteOption, type ProjectDetail } from './api';
import { EuFundingNav, formatDay, formatEuro, todayIso, useEuFundingAccess } from './components';
import { useEuFundingTranslation } from './i18n';

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

interface Line<K> {
  key: K;
  amount: string;
}

/** `/fondi-ue/progetti/nuovo`: a Comune creates a project, with partner Comuni, budget and co-financing. */
export function ProjectNewPage({ callId }: { callId?: string }) {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  usePageTitle(t('new_project.page_title'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const call = useQuery({ queryKey: ek.call(callId ?? ''), queryFn: () => euApi.call(callId!), enabled: !!callId });
  const [lead, setLead] = useState('');
  const leadId = lead || a.speakerComuni[0]?.enteId || '';
  const [title, setTitle] = useState('');
  const [partners, setPartners] = useState<EnteOption[]>([]);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({ queryKey: ['enti', 'comuni', q], queryFn: () => euApi.comuni(q), enabled: q.length >= 2 });
  const [budget, setBudget] = useState<Line<CostCategory>[]>([{ key: 'lavori', amount: '' }]);
  const [cofin, setCofin] = useState<Line<FundingSource>[]>([{ key: 'ue', amount: '' }]);
  const create = useMutation({
    mutationFn: () =>
      euApi.createProject({
        leadEnteId: leadId,
        title,
        callId: callId ?? null,
        partners: partners.map((p) => ({ enteId: p.id, role: 'partner' })),
        budget: budget.filter((l) => l.amount).map((l) => ({ category: l.key, amount: Number(l.amount) })),
        cofinancing: cofin.filter((l) => l.amount).map((l) => ({ source: l.key, amount: Number(l.amount) })),
        spendingPlan: [],
        reportingDeadlines: [],
        supportedBySape: false,
      }),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: ek.all });
      await navigate({ to: '/fondi-ue/progetti/$projectId', params: { projectId: p.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('new_project.page_title')}</h1>
        <EuFundingNav />
        {call.data && <p className="lead">{t('new_project.for_call', { title: call.data.title })}</p>}
        <form onSubmit={submit} noValidate>
          <div className="row g-3">
            {a.speakerComuni.length > 1 && (
              <SelectField id="project-lead" label={t('new_project.lead')} className="col-md-6" value={leadId} onChange={(e) => setLead(e.target.value)}>
                {a.speakerComuni.map((m) => (
                  <option key={m.enteId} value={m.enteId}>
                    {m.enteName}
                  </option>
                ))}
              </SelectField>
            )}
            <TextField id="project-title" label={t('new_project.title')} className="col-12" value={title} onChange={(e) => setTitle(e.target.value)} required />
          </div>
          <fieldset className="mt-3">
            <legend className="h5">{t('new_project.partners')}</legend>
            <ul>
              {partners.map((p) => (
                <li key={p.id}>
                  {p.name}{' '}
                  <button type="button" className="btn btn-link btn-sm" onClick={() => setPartners(partners.filter((x) => x.id !== p.id))}>
                    {t('new_project.remove', { name: p.name })}
                  </button>
                </li>
              ))}
            </ul>
            <TextField id="partner-search" type="search" label={t('new_project.partner_search')} value={search} onChange={(e) => setSearch(e.target.value)} />
            {found.data && (
              <ul className="list-unstyled">
                {found.data.items
                  .filter((x) => x.id !== leadId && !partners.some((p) => p.id === x.id))
                  .map((x) => (
                    <li key={x.id}>
                      <button type="button" className="btn btn-outline-primary btn-sm my-1" onClick={() => setPartners([...partners, x])}>
                        {t('new_project.add', { name: x.name })}
                      </button>
                    </li>
                  ))}
              </ul>
            )}
          </fieldset>
          <fieldset className="mt-3">
            <legend className="h5">{t('new_project.budget')}</legend>
            {budget.map((l, i) => (
              <div className="row g-2" key={i}>
                <SelectField id={`budget-${i}-category`} label={t('new_project.category')} className="col-md-6" value={l.key} onChange={(e) => setBudget(budget.map((x, j) => (j === i ? { ...x, key: e.target.value as CostCategory } : x)))}>
                  {CostCategories.map((c) => (
                    <option key={c} value={c}>
                      {t(`categories.${c}`)}
                    </option>
                  ))}
                </SelectField>
                <TextField id={`budget-${i}-amount`} type="number" step="0.01" min="0" label={t('new_project.amount')} className="col-md-6" value={l.amount} onChange={(e) => setBudget(budget.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))} />
              </div>
            ))}
            <button type="button" className="btn btn-link" onClick={() => setBudget([...budget, { key: 'servizi', amount: '' }])}>
              {t('new_project.add_line')}
            </button>
          </fieldset>
          <fieldset className="mt-3">
            <legend className="h5">{t('new_project.cofinancing')}</legend>
            {cofin.map((l, i) => (
              <div className="row g-2" key={i}>
                <SelectField id={`cofin-${i}-source`} label={t('new_project.source')} className="col-md-6" value={l.key} onChange={(e) => setCofin(cofin.map((x, j) => (j === i ? { ...x, key: e.target.value as FundingSource } : x)))}>
                  {FundingSources.map((c) => (
                    <option key={c} value={c}>
                      {t(`sources.${c}`)}
                    </option>
                  ))}
                </SelectField>
                <TextField id={`cofin-${i}-amount`} type="number" step="0.01" min="0" label={t('new_project.amount')} className="col-md-6" value={l.amount} onChange={(e) => setCofin(cofin.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))} />
              </div>
            ))}
            <button type="button" className="btn btn-link" onClick={() => setCofin([...cofin, { key: 'comune', amount: '' }])}>
              {t('new_project.add_source')}
            </button>
          </fieldset>
          {create.error && <ApiErrorAlert error={create.error} />}
          <button type="submit" className="btn btn-primary mt-3" disabled={create.isPending || !leadId}>
            {t('new_project.submit')}
          </button>
        </form>
      </div>
    </RequireLogin>
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
                  <th scope="col">{t('project.statement')}</th>
                </tr>
              </thead>
              <tbody>
                {p.claims.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{t('project.claim_label', { n: c.number })}</th>
                    <td>{formatDay(c.submittedOn)}</td>
                    <td className="text-end">{formatEuro(c.amount)}</td>
                    <td>
                      <a href={euApi.statementUrl(p.id, c.id)}>{t('project.download_statement', { n: c.number })}</a>
                    </td>
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

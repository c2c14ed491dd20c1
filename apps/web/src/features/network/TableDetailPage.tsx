import { zodResolver } from '@hookform/resolvers/zod';
import { CandidatureInputSchema, LocalTableUpdateSchema, TableStates } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { SelectField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk, type Candidature, type CandidatureDecision, type LocalTable } from './api';
import { useNetworkAccess } from './access';
import {
  ActionPanel,
  NotSet,
  StateBadge,
  TextAreaField,
  applyServerIssues,
  emptyToNull,
  focusById,
  formatDateTime,
  formatDay,
} from './components';
import { FormButtons } from './components/FormButtons';
import { useNetworkTranslation } from './i18n';

const TableFormSchema = LocalTableUpdateSchema.omit({ version: true });
const ACTIVE = ['submitted', 'accepted'];

function ApplyForm({
  table,
  provinces,
  onDone,
}: {
  table: LocalTable;
  provinces: Array<{ id: string; name: string }>;
  onDone: (m: string) => void;
}) {
  const { t } = useNetworkTranslation();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(CandidatureInputSchema, zodOptions),
    defaultValues: { provinciaId: provinces.length === 1 ? (provinces[0]?.id ?? '') : '', motivation: '' },
  });
  const apply = useMutation({
    mutationFn: (v: { provinciaId: string; motivation: string }) => networkApi.apply(table.id, v),
    onSuccess: (c) => onDone(t('tables.applied', { name: c.provincia.name })),
    onError: (err) => applyServerIssues(err, setError, ['provinciaId', 'motivation']),
  });
  const { errors, isSubmitted } = formState;
  return (
    <section className="pc-panel mb-5" aria-labelledby="apply-title">
      <h2 id="apply-title" className="h4">
        {t('tables.apply_title')}
      </h2>
      <p>{t('tables.apply_intro', { date: formatDay(table.applyBy) })}</p>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['provinciaId', 'apply-provincia', t('common.provincia')],
            ['motivation', 'apply-motivation', t('tables.motivation')],
          ]}
        />
      )}
      {apply.isError && <ApiErrorAlert error={apply.error} />}
      <form noValidate className="pc-form" onSubmit={handleSubmit((v) => apply.mutate(v))}>
        {provinces.length === 1 ? (
          <p>
            <span className="pc-label d-inline">{t('common.provincia')}:</span> {provinces[0]?.name}
            <input type="hidden" {...register('provinciaId')} />
          </p>
        ) : (
          <SelectField
            id="apply-provincia"
            label={t('common.provincia')}
            error={errors.provinciaId?.message}
            registration={register('provinciaId')}
          >
            <option value="">{t('common.choose_provincia')}</option>
            {provinces.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
        )}
        <TextAreaField
          id="apply-motivation"
          label={t('tables.motivation')}
          hint={t('tables.motivation_hint')}
          required
          rows={5}
          error={errors.motivation?.message}
          registration={register('motivation')}
        />
        <button type="submit" className="btn btn-primary" disabled={apply.isPending}>
          {t('tables.apply_submit')}
        </button>
      </form>
    </section>
  );
}

type Decision = CandidatureDecision['to'];
const DECISION_KEYS: Record<Decision, { action: string; title: string; confirm: string }> = {
  accepted: { action: 'tables.accept', title: 'tables.accept_title', confirm: 'tables.confirm_accept' },
  rejected: { action: 'tables.reject', title: 'tables.reject_title', confirm: 'tables.confirm_reject' },
  withdrawn: { action: 'tables.withdraw', title: 'tables.withdraw_title', confirm: 'tables.confirm_withdraw' },
};

function DecisionPanel({
  candidature,
  to,
  onDone,
  onCancel,
}: {
  candidature: Candidature;
  to: Decision;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: () =>
      networkApi.decideCandidature(candidature.id, { to, note: note.trim() || null, version: candidature.version }),
    onSuccess: (c) =>
      onDone(t('tables.decided', { name: c.provincia.name, state: t(`states.candidature.${c.state}`) })),
  });
  const keys = DECISION_KEYS[to];
  return (
    <ActionPanel id="candidature-panel" title={t(keys.title, { name: candidature.provincia.name })}>
      {decide.isError && <ApiErrorAlert error={decide.error} />}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          decide.mutate();
        }}
      >
        <div className="mb-4 pc-field">
          <label htmlFor="candidature-note" className="form-label pc-label">
            {t('tables.decision_note')}
          </label>
          <p id="candidature-note-hint" className="form-text pc-hint mb-1">
            {t('common.optional')}
          </p>
          <textarea
            id="candidature-note"
            className="form-control pc-input"
            rows={3}
            aria-describedby="candidature-note-hint"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <FormButtons
          confirmLabel={t(keys.confirm)}
          pending={decide.isPending}
          onCancel={onCancel}
          danger={to !== 'accepted'}
        />
      </form>
    </ActionPanel>
  );
}

function ManageForm({ table, onDone }: { table: LocalTable; onDone: (m: string) => void }) {
  const { t } = useNetworkTranslation();
  const tc = useTranslation('common').t;
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(TableFormSchema, zodOptions),
    defaultValues: { state: table.state, outcomes: table.outcomes },
  });
  const save = useMutation({
    mutationFn: (v: { state: LocalTable['state']; outcomes?: string | null }) =>
      networkApi.updateTable(table.id, { ...v, version: table.version }),
    onSuccess: () => onDone(t('tables.saved')),
    onError: (err) => applyServerIssues(err, setError, ['state', 'outcomes']),
  });
  return (
    <section className="pc-panel mb-5" aria-labelledby="manage-table-title">
      <h2 id="manage-table-title" className="h4">
        {t('tables.manage_title')}
      </h2>
      {save.isError && <ApiErrorAlert error={save.error} />}
      <form noValidate className="pc-form" onSubmit={handleSubmit((v) => save.mutate(v))}>
        <SelectField
          id="manage-state"
          label={t('common.state')}
          error={formState.errors.state?.message}
          registration={register('state')}
        >
          {TableStates.map((s) => (
            <option key={s} value={s}>
              {t(`states.table.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          id="manage-outcomes"
          label={t('tables.outcomes')}
          hint={t('common.optional')}
          rows={5}
          error={formState.errors.outcomes?.message}
          registration={register('outcomes', { setValueAs: emptyToNull })}
        />
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {tc('actions.save')}
        </button>
      </form>
    </section>
  );
}

export function TableDetailPage({ tableId }: { tableId: string }) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const { isUpi, managedProvinces, canManage } = useNetworkAccess();
  const [notice, setNotice] = useState<string | null>(null);
  const [panel, setPanel] = useState<{ candidature: Candidature; to: Decision } | null>(null);
  const query = useQuery({ queryKey: nk.table(tableId), queryFn: () => networkApi.table(tableId) });
  const table = query.data;
  usePageTitle(table?.title ?? t('tables.title'));

  const done = async (message: string) => {
    await qc.invalidateQueries({ queryKey: nk.table(tableId) });
    void qc.invalidateQueries({ queryKey: nk.all });
    setPanel(null);
    setNotice(message);
    focusById('table-notice');
  };

  if (query.isPending) return <Loading />;
  if (query.isError || !table) {
    return (
      <>
        <h1>{t('tables.title')}</h1>
        <ApiErrorAlert error={query.error} />
        <Link to="/rete/tavoli">{t('tables.back')}</Link>
      </>
    );
  }
  const taken = new Set(table.candidatures.filter((c) => ACTIVE.includes(c.state)).map((c) => c.provincia.id));
  const canApplyFor = managedProvinces
    .filter((m) => !taken.has(m.enteId))
    .map((m) => ({ id: m.enteId, name: m.enteName }));
  const actionsFor = (c: Candidature): Decision[] => {
    const list: Decision[] = [];
    if (isUpi && c.state === 'submitted') list.push('accepted', 'rejected');
    if (
      canManage(c.provincia.id) &&
      ACTIVE.includes(c.state) &&
      managedProvinces.some((m) => m.enteId === c.provincia.id)
    ) {
      list.push('withdrawn');
    }
    return list;
  };
  const anyActions = table.candidatures.some((c) => actionsFor(c).length > 0);

  return (
    <>
      <p>
        <Link to="/rete/tavoli">{t('tables.back')}</Link>
      </p>
      <h1>{table.title}</h1>
      <div id="table-notice" tabIndex={-1}>
        {notice && <SuccessAlert>{notice}</SuccessAlert>}
      </div>
      <section className="mb-5" aria-labelledby="table-data-title">
        <h2 id="table-data-title" className="h4">
          {t('tables.data_title')}
        </h2>
        <dl className="pc-dl">
          <dt>{t('common.state')}</dt>
          <dd>
            <StateBadge group="table" state={table.state} />
          </dd>
          <dt>{t('tables.area')}</dt>
          <dd>{t(`areas.${table.area}`)}</dd>
          <dt>{t('tables.apply_by')}</dt>
          <dd>{formatDay(table.applyBy)}</dd>
          <dt>{t('tables.starts_on')}</dt>
          <dd>{formatDay(table.startsOn)}</dd>
          <dt>{t('tables.ends_on')}</dt>
          <dd>{table.endsOn ? formatDay(table.endsOn) : <NotSet />}</dd>
          <dt>{t('tables.topic')}</dt>
          <dd className="pc-pre">{table.topic}</dd>
          <dt>{t('tables.outcomes')}</dt>
          <dd className="pc-pre">{table.outcomes ?? <NotSet />}</dd>
        </dl>
      </section>

      {table.state === 'open' && canApplyFor.length > 0 && (
        <ApplyForm
          key={canApplyFor.map((p) => p.id).join()}
          table={table}
          provinces={canApplyFor}
          onDone={(m) => void done(m)}
        />
      )}

      <section className="mb-5" aria-labelledby="candidatures-title">
        <h2 id="candidatures-title" className="h4">
          {t('tables.candidatures')}
        </h2>
        {panel && (
          <DecisionPanel
            key={`${panel.candidature.id}-${panel.to}`}
            candidature={panel.candidature}
            to={panel.to}
            onDone={(m) => void done(m)}
            onCancel={() => {
              const was = panel;
              setPanel(null);
              focusById(`candidature-${was.to}-${was.candidature.id}`);
            }}
          />
        )}
        {table.candidatures.length === 0 ? (
          <p>{t('tables.no_candidatures')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table pc-table">
              <caption>{isUpi ? t('tables.candidatures_caption_all') : t('tables.candidatures_caption_own')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.provincia')}</th>
                  <th scope="col">{t('tables.motivation')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col">{t('tables.submitted_at')}</th>
                  <th scope="col">{t('tables.decision')}</th>
                  {anyActions && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {table.candidatures.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" className="fw-normal">
                      {c.provincia.name}
                    </th>
                    <td className="pc-pre">{c.motivation}</td>
                    <td>
                      <StateBadge group="candidature" state={c.state} />
                    </td>
                    <td>{formatDateTime(c.createdAt)}</td>
                    <td>
                      {c.decidedAt ? formatDateTime(c.decidedAt) : <NotSet />}
                      {c.decisionNote && <p className="pc-pre mb-0 mt-1">{c.decisionNote}</p>}
                    </td>
                    {anyActions && (
                      <td>
                        <div className="d-flex flex-wrap gap-2">
                          {actionsFor(c).map((to) => (
                            <button
                              key={to}
                              id={`candidature-${to}-${c.id}`}
                              type="button"
                              className={
                                to === 'accepted' ? 'btn btn-outline-primary btn-sm' : 'btn btn-outline-danger btn-sm'
                              }
                              onClick={() => {
                                setNotice(null);
                                setPanel({ candidature: c, to });
                                focusById('candidature-panel-title');
                              }}
                            >
                              {t(DECISION_KEYS[to].action)}
                              <span className="visually-hidden">
                                {' '}
                                {t('tables.candidature_of', { name: c.provincia.name })}
                              </span>
                            </button>
                          ))}
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="mb-5" aria-labelledby="participants-title">
        <h2 id="participants-title" className="h4">
          {t('tables.participants')}
        </h2>
        {table.participants.length === 0 ? (
          <p>{t('tables.no_participants')}</p>
        ) : (
          <ul>
            {table.participants.map((p) => (
              <li key={p.id}>
                <Link to="/enti/$enteId" params={{ enteId: p.id }}>
                  {p.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {isUpi && <ManageForm key={table.version} table={table} onDone={(m) => void done(m)} />}
    </>
  );
}

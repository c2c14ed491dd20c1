import { CheckOutcomes, ParticipantInputSchema, ParticipantRoles } from '@app/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { useDebounced } from '../../lib/use-debounced';
import { translateFieldError } from '../../lib/validation';
import { pk, procurementApi, useChecks, useOperatorSearch, useParticipants, type ProcedureDetail, type RequirementCheck } from './api';
import { ExpiryBadge, IssueSummary, OutcomeBadge, OverallBadge } from './components';
import { checkBody, serverIssues, type Issues } from './forms';
import { formatDay, formatEuro, parseEuro } from './format';
import { useProcurementTranslation } from './i18n';
import { ConflictMessage, PlainInput, PlainSelect } from './TransitionPanel';

function AddParticipantForm({ procedureId, onDone }: { procedureId: string; onDone: () => void }) {
  const { t } = useProcurementTranslation();
  const [q, setQ] = useState('');
  const [operatorId, setOperatorId] = useState('');
  const [role, setRole] = useState<string>('invited');
  const [amount, setAmount] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const dq = useDebounced(q.trim(), 300);
  const search = useOperatorSearch(dq, 1, 20, dq.length >= 2);
  const add = useMutation({
    mutationFn: (body: Parameters<typeof procurementApi.addParticipant>[1]) => procurementApi.addParticipant(procedureId, body),
    onSuccess: () => {
      setOperatorId('');
      setAmount('');
      setQ('');
      onDone();
    },
    onError: (e) => setIssues(serverIssues(e)),
  });
  const results = search.data?.items ?? [];
  return (
    <form
      noValidate
      className="pc-panel mb-4"
      aria-labelledby="participant-add-title"
      onSubmit={(e) => {
        e.preventDefault();
        const checked = checkBody(ParticipantInputSchema, { operatorId: operatorId || undefined, role, offerAmount: amount.trim() ? parseEuro(amount) : null });
        if (!checked.ok) return setIssues(checked.issues);
        setIssues({});
        add.mutate(checked.data);
      }}
    >
      <h3 id="participant-add-title" className="h5">
        {t('participants.add_title')}
      </h3>
      <IssueSummary
        issues={issues}
        fields={[
          ['operatorId', 'participant-operator', t('participants.operator')],
          ['role', 'participant-role', t('participants.role')],
          ['offerAmount', 'participant-amount', t('participants.offer')],
        ]}
      />
      {Object.keys(issues).length === 0 && <ApiErrorAlert error={add.error} />}
      <div className="row">
        <div className="col-md-6">
          <PlainInput id="participant-search" type="search" label={t('participants.search')} hint={t('participants.search_hint')} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="col-md-6">
          <PlainSelect id="participant-operator" label={t('participants.operator')} error={issues['operatorId']} value={operatorId} onChange={(e) => setOperatorId(e.target.value)}>
            <option value="">{dq.length < 2 ? t('participants.type_to_search') : search.isFetching ? t('common.loading') : results.length === 0 ? t('participants.no_results') : t('common.choose')}</option>
            {results.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} — {o.taxCode}
              </option>
            ))}
          </PlainSelect>
        </div>
        <div className="col-md-6">
          <PlainSelect id="participant-role" label={t('participants.role')} error={issues['role']} value={role} onChange={(e) => setRole(e.target.value)}>
            {ParticipantRoles.map((r) => (
              <option key={r} value={r}>
                {t(`participant_roles.${r}`)}
              </option>
            ))}
          </PlainSelect>
        </div>
        <div className="col-md-6">
          <PlainInput id="participant-amount" label={t('participants.offer')} hint={t('fields.euro_hint')} error={issues['offerAmount']} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={add.isPending}>
        {t('participants.add')}
      </button>
    </form>
  );
}

function CheckRow({ procedureId, check, canManage, onSaved }: { procedureId: string; check: RequirementCheck; canManage: boolean; onSaved: () => void }) {
  const { t, i18n } = useProcurementTranslation();
  const tc = useTranslation('common').t;
  const name = i18n.language.startsWith('en') ? check.nameEn : check.nameIt;
  const [requestedAt, setRequestedAt] = useState(check.requestedAt?.slice(0, 10) ?? '');
  const [outcome, setOutcome] = useState<RequirementCheck['outcome']>(check.outcome);
  const [issuedOn, setIssuedOn] = useState(check.issuedOn?.slice(0, 10) ?? '');
  const [validUntil, setValidUntil] = useState(check.validUntil?.slice(0, 10) ?? '');
  const save = useMutation({
    mutationFn: () =>
      procurementApi.updateCheck(procedureId, check.id, {
        requestedAt: requestedAt || null,
        outcome,
        issuedOn: issuedOn || null,
        validUntil: validUntil || null,
        version: check.version,
      }),
    onSuccess: onSaved,
  });
  const issues = serverIssues(save.error);
  const id = `check-${check.id}`;
  return (
    <tr data-check={check.code}>
      <th scope="row" className="fw-normal">
        {name}
        <span className="d-block small">{check.issuer}</span>
      </th>
      <td>{check.legalBasis}</td>
      <td>{check.evidence}</td>
      <td>{check.fvoeCode ?? t('common.none')}</td>
      {canManage ? (
        <>
          <td>
            <label htmlFor={`${id}-requested`} className="visually-hidden">
              {t('checks.requested_on_for', { name })}
            </label>
            <input id={`${id}-requested`} type="date" className="form-control form-control-sm" value={requestedAt} aria-invalid={issues['requestedAt'] ? true : undefined} onChange={(e) => setRequestedAt(e.target.value)} />
          </td>
          <td>
            <label htmlFor={`${id}-outcome`} className="visually-hidden">
              {t('checks.outcome_for', { name })}
            </label>
            <select id={`${id}-outcome`} className="form-select form-select-sm" value={outcome} onChange={(e) => setOutcome(e.target.value as RequirementCheck['outcome'])}>
              {CheckOutcomes.map((o) => (
                <option key={o} value={o}>
                  {t(`outcomes.${o}`)}
                </option>
              ))}
            </select>
          </td>
          <td>
            <label htmlFor={`${id}-issued`} className="visually-hidden">
              {t('checks.issued_on_for', { name })}
            </label>
            <input id={`${id}-issued`} type="date" className="form-control form-control-sm" value={issuedOn} aria-invalid={issues['issuedOn'] ? true : undefined} onChange={(e) => setIssuedOn(e.target.value)} />
          </td>
          <td>
            <label htmlFor={`${id}-valid`} className="visually-hidden">
              {t('checks.valid_until_for', { name })}
            </label>
            <input id={`${id}-valid`} type="date" className="form-control form-control-sm" value={validUntil} aria-invalid={issues['validUntil'] ? true : undefined} onChange={(e) => setValidUntil(e.target.value)} />
          </td>
        </>
      ) : (
        <>
          <td>{formatDay(check.requestedAt)}</td>
          <td>
            <OutcomeBadge outcome={check.outcome} />
          </td>
          <td>{formatDay(check.issuedOn)}</td>
          <td>{formatDay(check.validUntil)}</td>
        </>
      )}
      <td>
        <ExpiryBadge check={check} />
        {canManage && (
          <>
            <button type="button" className="btn btn-outline-primary btn-sm d-block mt-1" disabled={save.isPending} onClick={() => save.mutate()}>
              {t('checks.save')}
              <span className="visually-hidden">: {name}</span>
            </button>
            {save.error && (Object.keys(issues).length ? (
              <p className="pc-field-error mb-0" role="alert">
                {translateFieldError(tc, Object.values(issues)[0])}
              </p>
            ) : (
              <ConflictMessage error={save.error} />
            ))}
          </>
        )}
      </td>
    </tr>
  );
}

/** "Operatori e verifiche": who takes part, with their offers, and the checks of the requirements of each. */
export function ParticipantsSection({ procedure }: { procedure: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const participants = useParticipants(procedure.id);
  const checks = useChecks(procedure.id);
  const manage = procedure.can.manage;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: pk.participants(procedure.id) });
    void qc.invalidateQueries({ queryKey: pk.checks(procedure.id) });
  };
  const build = useMutation({
    mutationFn: (operatorId: string) => procurementApi.buildChecks(procedure.id, operatorId),
    onSuccess: (list) => qc.setQueryData(pk.checks(procedure.id), list),
  });
  const remove = useMutation({ mutationFn: (participantId: string) => procurementApi.removeParticipant(procedure.id, participantId), onSuccess: refresh });
  const byOperator = new Map<string, RequirementCheck[]>();
  for (const c of checks.data?.items ?? []) byOperator.set(c.operator.id, [...(byOperator.get(c.operator.id) ?? []), c]);

  return (
    <section aria-labelledby="procedure-participants-title" className="mb-5" id="operatori">
      <h2 id="procedure-participants-title" className="h4">
        {t('participants.title')}
      </h2>
      <ApiErrorAlert error={build.error ?? remove.error} />
      {participants.isError ? (
        <ApiErrorAlert error={participants.error} />
      ) : participants.isPending ? (
        <Loading />
      ) : participants.data.items.length === 0 ? (
        <p>{t('participants.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table pc-table">
            <caption>{t('participants.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participants.operator')}</th>
                <th scope="col">{t('participants.tax_code')}</th>
                <th scope="col">{t('participants.role')}</th>
                <th scope="col" className="text-end">
                  {t('participants.offer')}
                </th>
                <th scope="col" className="text-end">
                  {t('participants.rank')}
                </th>
                {manage && <th scope="col">{t('documents.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {participants.data.items.map((x) => (
                <tr key={x.id}>
                  <th scope="row" className="fw-normal">
                    {x.operator.name}
                  </th>
                  <td>{x.operator.taxCode}</td>
                  <td>{t(`participant_roles.${x.role}`)}</td>
                  <td className="text-end">{formatEuro(x.offerAmount)}</td>
                  <td className="text-end">{x.rank ?? ''}</td>
                  {manage && (
                    <td>
                      <div className="d-flex flex-wrap gap-2">
                        <button type="button" className="btn btn-outline-primary btn-sm" disabled={build.isPending} onClick={() => build.mutate(x.operator.id)}>
                          {t('participants.build_checks')}
                          <span className="visually-hidden">: {x.operator.name}</span>
                        </button>
                        <button type="button" className="btn btn-outline-danger btn-sm" disabled={remove.isPending} onClick={() => remove.mutate(x.id)}>
                          {t('participants.remove')}
                          <span className="visually-hidden">: {x.operator.name}</span>
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && <AddParticipantForm procedureId={procedure.id} onDone={refresh} />}
      <h3 className="h5">{t('checks.title')}</h3>
      {checks.isError ? (
        <ApiErrorAlert error={checks.error} />
      ) : checks.isPending ? (
        <Loading />
      ) : checks.data.overall.length === 0 ? (
        <p>{t('checks.empty')}</p>
      ) : (
        checks.data.overall.map((o) => (
          <div key={o.operatorId} className="mb-4" data-operator={o.operatorId}>
            <p>
              <strong>{o.operatorName}</strong> — {t('checks.overall')}: <OverallBadge result={o.result} />
            </p>
            <div className="table-responsive">
              <table className="table pc-table table-sm">
                <caption>{t('checks.caption', { name: o.operatorName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('checks.requirement')}</th>
                    <th scope="col">{t('checks.legal_basis')}</th>
                    <th scope="col">{t('checks.evidence')}</th>
                    <th scope="col">{t('checks.fvoe_code')}</th>
                    <th scope="col">{t('checks.requested_on')}</th>
                    <th scope="col">{t('checks.outcome')}</th>
                    <th scope="col">{t('checks.issued_on')}</th>
                    <th scope="col">{t('checks.valid_until')}</th>
                    <th scope="col">{t('checks.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(byOperator.get(o.operatorId) ?? []).map((c) => (
                    <CheckRow key={`${c.id}-${c.version}`} procedureId={procedure.id} check={c} canManage={manage} onSaved={() => void qc.invalidateQueries({ queryKey: pk.checks(procedure.id) })} />
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))
      )}
    </section>
  );
}

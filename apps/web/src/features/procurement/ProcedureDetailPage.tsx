import { TeamRoles, type TeamRole } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { CommentsPanel } from '../comments/CommentsPanel';
import { RequireLogin } from '../network/components';
import { pk, procurementApi, useParticipants, useProcedure, type Lot, type ProcedureDetail } from './api';
import { AdvicePanel, ProcedureStateBadge, ProcurementNav, YesNoText } from './components';
import { DocumentsSection } from './DocumentsSection';
import { serverIssues } from './forms';
import { formatDay, formatEuro, formatMoment } from './format';
import { useProcurementTranslation } from './i18n';
import { DrawSection } from './DrawSection';
import { ParticipantsSection } from './ParticipantsSection';
import { ConflictMessage, PlainSelect, TransitionPanel } from './TransitionPanel';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="col-sm-4">{label}</dt>
      <dd className="col-sm-8">{children}</dd>
    </>
  );
}

function Summary({ p }: { p: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  const dash = (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('common.not_set')}</span>
    </>
  );
  return (
    <section aria-labelledby="procedure-summary-title" className="mb-4">
      <h2 id="procedure-summary-title" className="h4">
        {t('detail.summary')}
      </h2>
      <dl className="row">
        <Row label={t('list.state')}>
          <ProcedureStateBadge state={p.state} />
        </Row>
        <Row label={t('fields.comune')}>{p.comune.name}</Row>
        <Row label={t('detail.provincia')}>{p.provincia.name}</Row>
        <Row label={t('fields.object_type')}>
          {t(`object_types.${p.objectType}`)}
          {p.sia && ` — ${t('detail.sia')}`}
        </Row>
        {p.description && <Row label={t('fields.description')}><span style={{ whiteSpace: 'pre-wrap' }}>{p.description}</span></Row>}
        <Row label={t('fields.estimated_value')}>
          {formatEuro(p.estimatedValue)}
          {p.optionsValue > 0 && <span className="d-block small">{t('detail.of_which_options', { value: formatEuro(p.optionsValue) })}</span>}
        </Row>
        <Row label={t('fields.cpv_main')}>
          {p.cpvMain}
          {p.cpvSecondary.length > 0 && <span className="d-block small">{t('detail.cpv_secondary', { list: p.cpvSecondary.join(', ') })}</span>}
        </Row>
        <Row label={t('fields.cup')}>{p.cup ?? dash}</Row>
        <Row label={t('fields.pnrr')}>
          <YesNoText value={p.pnrr} />
        </Row>
        {p.fundingNote && <Row label={t('fields.funding_note')}>{p.fundingNote}</Row>}
        <Row label={t('fields.rup')}>
          {p.rupName}
          {p.rupEmail && (
            <span className="d-block">
              <a href={`mailto:${p.rupEmail}`}>{p.rupEmail}</a>
            </span>
          )}
        </Row>
        <Row label={t('fields.desired_start')}>{p.desiredStart ? formatDay(p.desiredStart) : dash}</Row>
        <Row label={t('fields.desired_award')}>{p.desiredAward ? formatDay(p.desiredAward) : dash}</Row>
        <Row label={t('detail.procedure')}>{p.procedureCode ? t(`procedure_codes.${p.procedureCode}`) : t('detail.not_chosen')}</Row>
        <Row label={t('detail.criterion')}>
          {p.awardCriterion ? t(`criteria.${p.awardCriterion}`) : t('detail.not_chosen')}
          {p.priceCapPercent !== null && <span className="d-block small">{t('advice.price_cap', { percent: p.priceCapPercent })}</span>}
        </Row>
        {p.justification && <Row label={t('transition.justification')}>{p.justification}</Row>}
        {p.publishedOn && (
          <Row label={t('transition.published_on')}>
            {formatDay(p.publishedOn)}
            {p.platform && ` — ${p.platform}`}
          </Row>
        )}
        <Row label={t('list.offer_deadline')}>{p.offerDeadline ? formatMoment(p.offerDeadline) : dash}</Row>
        {p.proposalOn && <Row label={t('detail.proposal_on')}>{formatDay(p.proposalOn)}</Row>}
        {p.awardedOn && <Row label={t('detail.awarded_on')}>{formatDay(p.awardedOn)}</Row>}
        <Row label={t('detail.standstill_end')}>{p.standstillEnd ? formatDay(p.standstillEnd) : dash}</Row>
        {p.stipulaDeadline && <Row label={t('detail.stipula_deadline')}>{formatDay(p.stipulaDeadline)}</Row>}
        <Row label={t('detail.awardee')}>
          {p.awardee ? p.awardee.name : dash}
          {p.awardAmount !== null && <span className="d-block">{formatEuro(p.awardAmount)}</span>}
        </Row>
        {p.fvoeFallbackNote && <Row label={t('transition.fvoe_fallback')}>{p.fvoeFallbackNote}</Row>}
        {p.terms && (
          <Row label={t('terms.label')}>
            {p.terms.feeAmount !== null ? t('terms.fee', { amount: formatEuro(p.terms.feeAmount), percent: (p.terms.feePercent ?? 0).toLocaleString('it-IT') }) : dash}
            {p.terms.maxValue !== null && <span className="d-block">{t('terms.cap', { amount: formatEuro(p.terms.maxValue) })}</span>}
          </Row>
        )}
        <Row label={t('detail.features')}>
          {[p.socialServices && t('fields.social_services'), p.labourIntensive && t('fields.labour_intensive'), p.innovative && t('fields.innovative')].filter(Boolean).join('; ') || t('common.none')}
        </Row>
      </dl>
      {p.returnNote && (
        <div className="alert alert-warning" role="note">
          <p className="mb-0">{t('detail.return_note', { note: p.returnNote })}</p>
        </div>
      )}
    </section>
  );
}

function TeamSection({ p }: { p: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<TeamRole>('sua_officer');
  const candidates = useQuery({ queryKey: pk.candidates(p.id), queryFn: () => procurementApi.teamCandidates(p.id), enabled: p.can.manage });
  const refresh = () => void qc.invalidateQueries({ queryKey: pk.detail(p.id) });
  const add = useMutation({ mutationFn: () => procurementApi.addTeamMember(p.id, { userId, role }), onSuccess: () => { setUserId(''); refresh(); } });
  const remove = useMutation({ mutationFn: (memberId: string) => procurementApi.removeTeamMember(p.id, memberId), onSuccess: refresh });
  return (
    <section aria-labelledby="procedure-team-title" className="mb-5" id="gruppo">
      <h2 id="procedure-team-title" className="h4">
        {t('team.title')}
      </h2>
      <ApiErrorAlert error={remove.error} />
      {p.team.length === 0 ? (
        <p>{t('team.empty')}</p>
      ) : (
        <ul>
          {p.team.map((m) => (
            <li key={m.id} className="mb-1">
              {m.user.displayName} — {t(`team_roles.${m.role}`)} ({m.enteName})
              {p.can.manage && (
                <button type="button" className="btn btn-link btn-sm" disabled={remove.isPending} onClick={() => remove.mutate(m.id)}>
                  {t('team.remove')}
                  <span className="visually-hidden">: {m.user.displayName}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {p.can.manage && (
        <form
          className="row align-items-end"
          aria-labelledby="team-add-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (userId) add.mutate();
          }}
        >
          <h3 id="team-add-title" className="h5 col-12">
            {t('team.add_title')}
          </h3>
          <div className="col-12">
            <ApiErrorAlert error={add.error} />
          </div>
          <div className="col-md-5">
            <PlainSelect id="team-user" label={t('team.person')} value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t('common.choose')}</option>
              {(candidates.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName} ({c.enteName})
                </option>
              ))}
            </PlainSelect>
          </div>
          <div className="col-md-4">
            <PlainSelect id="team-role" label={t('team.role')} value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
              {TeamRoles.map((r) => (
                <option key={r} value={r}>
                  {t(`team_roles.${r}`)}
                </option>
              ))}
            </PlainSelect>
          </div>
          <div className="col-md-3 mb-3">
            <button type="submit" className="btn btn-primary" disabled={add.isPending || !userId}>
              {t('team.add')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function LotCigForm({ p, lot }: { p: ProcedureDetail; lot: Lot }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const [cig, setCig] = useState(lot.cig ?? '');
  const save = useMutation({
    mutationFn: () => procurementApi.setCig(p.id, lot.id, cig.trim() ? cig.trim().toUpperCase() : null),
    onSuccess: () => void qc.invalidateQueries({ queryKey: pk.detail(p.id) }),
  });
  const issue = serverIssues(save.error)['cig'];
  const id = `lot-${lot.id}-cig`;
  return (
    <form
      className="d-flex gap-2 align-items-start"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div>
        <label htmlFor={id} className="visually-hidden">
          {t('lots.cig_for', { n: lot.number })}
        </label>
        <input id={id} className={`form-control form-control-sm${issue ? ' is-invalid' : ''}`} value={cig} maxLength={10} aria-invalid={issue ? true : undefined} aria-describedby={issue ? `${id}-error` : undefined} onChange={(e) => setCig(e.target.value)} />
        {issue && (
          <p id={`${id}-error`} className="pc-field-error">
            {issue}
          </p>
        )}
        {save.error && !issue && <ConflictMessage error={save.error} />}
        {save.isSuccess && <span role="status" className="small">{t('lots.saved')}</span>}
      </div>
      <button type="submit" className="btn btn-outline-primary btn-sm" disabled={save.isPending}>
        {t('lots.save_cig')}
        <span className="visually-hidden"> {t('lots.lot_n', { n: lot.number })}</span>
      </button>
    </form>
  );
}

function LotsSection({ p }: { p: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  return (
    <section aria-labelledby="procedure-lots-title" className="mb-5" id="lotti">
      <h2 id="procedure-lots-title" className="h4">
        {t('lots.title')}
      </h2>
      {p.lots.length === 0 ? (
        <p>{t('lots.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table pc-table">
            <caption>{t('lots.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('lots.number')}</th>
                <th scope="col">{t('lots.lot_title')}</th>
                <th scope="col" className="text-end">
                  {t('lots.value')}
                </th>
                <th scope="col">CPV</th>
                <th scope="col">CIG</th>
              </tr>
            </thead>
            <tbody>
              {p.lots.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.number}</th>
                  <td>{l.title}</td>
                  <td className="text-end">{formatEuro(l.value)}</td>
                  <td>{l.cpv ?? ''}</td>
                  <td>{p.can.manage ? <LotCigForm key={l.cig ?? ''} p={p} lot={l} /> : (l.cig ?? t('common.none'))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function History({ p }: { p: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  return (
    <section aria-labelledby="procedure-history-title" className="mb-5" id="storico">
      <h2 id="procedure-history-title" className="h4">
        {t('history.title')}
      </h2>
      {p.events.length === 0 ? (
        <p>{t('history.empty')}</p>
      ) : (
        <ol className="list-unstyled">
          {p.events.map((e) => (
            <li key={e.id} className="mb-2">
              <time dateTime={e.at}>{formatMoment(e.at)}</time> — <strong>{e.actor?.displayName ?? t('history.system')}</strong>:{' '}
              {e.fromState === null ? t('history.created', { to: t(`states.${e.toState}`) }) : t('history.moved', { from: t(`states.${e.fromState}`), to: t(`states.${e.toState}`) })}
              {e.note && <span className="d-block ms-3">{e.note}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const SECTIONS = [
  ['documenti', 'documents.title'],
  ['operatori', 'participants.title'],
  ['gruppo', 'team.title'],
  ['lotti', 'lots.title'],
  ['storico', 'history.title'],
  ['conversazione', 'detail.conversation'],
] as const;

function ProcedureView({ procedureId }: { procedureId: string }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const [saved, setSaved] = useState(false);
  const query = useProcedure(procedureId);
  const participants = useParticipants(procedureId);
  usePageTitle(query.data ? `${query.data.number} — ${query.data.title}` : t('title'));
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  const p = query.data;
  const done = (next: ProcedureDetail) => {
    qc.setQueryData(pk.detail(procedureId), next);
    void qc.invalidateQueries({ queryKey: pk.lists });
    void qc.invalidateQueries({ queryKey: pk.tasks });
    void qc.invalidateQueries({ queryKey: pk.documents(procedureId) });
    void qc.invalidateQueries({ queryKey: pk.checklist(procedureId) });
    void qc.invalidateQueries({ queryKey: pk.participants(procedureId) });
    void qc.invalidateQueries({ queryKey: pk.checks(procedureId) });
    setSaved(true);
  };
  return (
    <>
      <h1>
        {p.number} — {p.title}
      </h1>
      <p>
        <ProcedureStateBadge state={p.state} />
      </p>
      {p.can.edit && (
        <p>
          <Link to="/appalti/$procedureId/modifica" params={{ procedureId: p.id }} className="btn btn-outline-primary btn-sm">
            {t('edit.link')}
          </Link>
        </p>
      )}
      <ProcurementNav />
      {saved && <SuccessAlert>{t('detail.saved')}</SuccessAlert>}
      <nav aria-label={t('detail.sections')} className="mb-4">
        <ul className="list-inline">
          {SECTIONS.map(([anchor, key]) => (
            <li key={anchor} className="list-inline-item">
              <a href={`#${anchor}`}>{t(key)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="row">
        <div className="col-lg-7">
          <Summary p={p} />
        </div>
        <div className="col-lg-5">
          <AdvicePanel advice={p.advice} idPrefix="procedure-advice" />
        </div>
      </div>
      <TransitionPanel key={`${p.id}-${p.version}`} procedure={p} participants={participants.data?.items ?? []} onDone={done} />
      <DocumentsSection procedure={p} />
      <ParticipantsSection procedure={p} />
      <DrawSection procedure={p} />
      <TeamSection p={p} />
      <LotsSection p={p} />
      <History p={p} />
      <section aria-labelledby="procedure-conversation-title" className="mb-5" id="conversazione">
        <h2 id="procedure-conversation-title" className="h4">
          {t('detail.conversation')}
        </h2>
        <CommentsPanel recordType="procurement_procedure" recordId={p.id} idPrefix="procedure-conversation" onChange={() => void qc.invalidateQueries({ queryKey: pk.detail(p.id) })} />
      </section>
    </>
  );
}

/** `/appalti/:id`: a procedure with its advice, the moves allowed to me, documents, operators and checks, team, lots, history and conversation. */
export function ProcedureDetailPage({ procedureId }: { procedureId: string }) {
  return (
    <RequireLogin>
      <div className="container my-4">
        <ProcedureView procedureId={procedureId} />
      </div>
    </RequireLogin>
  );
}

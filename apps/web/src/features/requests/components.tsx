import { StatusIcon, type Tone } from '../../components/StatusIcon';
import { CommentsPanel } from '../comments/CommentsPanel';
import './requests.css';
import { Link, useRouterState } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { SlaStatus } from '@app/contracts';
import { formatDateTimeRome } from '../../lib/format';
import { useSession } from '../identity/session';
import { rk, type RequestState, type RequestSummary } from './api';
import { useRequestsTranslation } from './i18n';

const PROVINCE_TYPES = ['provincia', 'citta_metropolitana'];
const OPERATOR_ROLES = ['sua_operator', 'sape_operator', 'sit_operator'];
const REQUESTER_ROLES = ['comune_user', 'ente_admin', 'referent'];

/** What the assistance pages may offer the caller (the server decides; the UI hides what cannot be done). */
export function useRequestsAccess() {
  const { me, isLoading } = useSession();
  const memberships = me?.user.memberships ?? [];
  const comuni = memberships.filter((m) => m.enteType === 'comune');
  return {
    isLoading,
    isLoggedIn: !!me,
    /** Member of a Comune: sees its requests. */
    isComuneMember: comuni.length > 0,
    /** Comuni on whose behalf the caller may open requests. */
    requesterEntes: comuni.filter((m) => REQUESTER_ROLES.includes(m.role)),
    /** Operates a service of a Province (its operator or administrator). */
    isOperator: memberships.some((m) => OPERATOR_ROLES.includes(m.role) || (m.role === 'ente_admin' && PROVINCE_TYPES.includes(m.enteType))),
    isUpi: memberships.some((m) => m.role === 'upi_admin'),
  };
}

const SLA_TONES: Record<SlaStatus, Tone> = { ok: 'ok', met: 'ok', warning: 'warn', breached: 'off' };
const STATE_TONES: Record<RequestState, Tone> = {
  new: 'warn',
  assigned: 'neutral',
  in_progress: 'neutral',
  waiting_requester: 'warn',
  resolved: 'ok',
  closed: 'neutral',
  reopened: 'warn',
};


/** A service-level status as icon + words (never colour alone). */
export function SlaBadge({ status, label }: { status: SlaStatus; label?: string }) {
  const { t } = useRequestsTranslation();
  const tone = SLA_TONES[status];
  return (
    <span className={`pc-req-status pc-req-${tone}`} data-sla={status}>
      <StatusIcon tone={tone} />
      {label ? `${label}: ` : ''}
      {t(`sla.${status}`)}
    </span>
  );
}

/** The clock that needs attention first: a breach, then a warning, then the running one. */
export function worstSla(sla: RequestSummary['sla']): SlaStatus {
  const order: SlaStatus[] = ['breached', 'warning', 'ok', 'met'];
  const statuses = [sla.firstResponse.status, sla.resolution.status];
  return order.find((s) => statuses.includes(s)) ?? 'ok';
}

export function StateLabel({ state }: { state: RequestState }) {
  const { t } = useRequestsTranslation();
  const tone = STATE_TONES[state];
  return (
    <span className={`pc-req-status pc-req-${tone}`}>
      <StatusIcon tone={tone} />
      {t(`states.${state}`)}
    </span>
  );
}

/** Links between the assistance pages, by what the caller may do. */
export function RequestsNav() {
  const { t } = useRequestsTranslation();
  const access = useRequestsAccess();
  const href = useRouterState({ select: (s) => s.location.href });
  const links: { to: string; search?: Record<string, string>; label: string; current: boolean }[] = [];
  if (access.isComuneMember) links.push({ to: '/assistenza', search: { view: 'mine' }, label: t('nav.mine'), current: href === '/assistenza' || href.includes('view=mine') });
  if (access.isOperator) links.push({ to: '/assistenza', search: { view: 'queue' }, label: t('nav.queue'), current: href.includes('view=queue') || (href === '/assistenza' && !access.isComuneMember) });
  if (access.requesterEntes.length > 0) links.push({ to: '/assistenza/nuova', label: t('nav.new'), current: href.startsWith('/assistenza/nuova') });
  if (access.isOperator) links.push({ to: '/assistenza/cruscotto', label: t('nav.dashboard'), current: href.startsWith('/assistenza/cruscotto') });
  if (access.isUpi) links.push({ to: '/assistenza/statistiche', label: t('nav.stats'), current: href.startsWith('/assistenza/statistiche') });
  if (access.isUpi) links.push({ to: '/assistenza/categorie', label: t('nav.categories'), current: href.startsWith('/assistenza/categorie') });
  if (links.length === 0) return null;
  return (
    <nav aria-label={t('nav.label')} className="mb-4">
      <ul className="nav nav-tabs">
        {links.map((l) => (
          <li key={l.label} className="nav-item">
            <Link to={l.to} search={l.search} className={`nav-link${l.current ? ' active' : ''}`} aria-current={l.current ? 'page' : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A table of requests (dashboard lists). */
export function RequestsTable({ items, caption, emptyText }: { items: RequestSummary[]; caption: string; emptyText: string }) {
  const { t } = useRequestsTranslation();
  if (items.length === 0) return <p role="status">{emptyText}</p>;
  return (
    <div className="table-responsive">
      <table className="table table-striped pc-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('list.number')}</th>
            <th scope="col">{t('list.subject')}</th>
            <th scope="col">{t('list.requester')}</th>
            <th scope="col">{t('list.state')}</th>
            <th scope="col">{t('list.sla')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <RequestRow key={r.id} r={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RequestRow({ r, withService }: { r: RequestSummary; withService?: boolean }) {
  return (
    <tr>
      <RequestCells r={r} withService={withService} />
    </tr>
  );
}

/** The cells of one request: number (link), subject, service, requester, state, SLA. */
export function RequestCells({ r, withService }: { r: RequestSummary; withService?: boolean }) {
  const { t } = useRequestsTranslation();
  return (
    <>
      <th scope="row">
        <Link to="/assistenza/$requestId" params={{ requestId: r.id }}>
          {r.number}
        </Link>
      </th>
      <td>{r.subject}</td>
      {withService && <td>{t(`service_short.${r.service}`)}</td>}
      <td>{r.requesterEnte.name}</td>
      <td>
        <StateLabel state={r.state} />
      </td>
      <td>
        <SlaBadge status={worstSla(r.sla)} />
        {r.sla.paused && <span className="d-block small">{t('sla.paused')}</span>}
      </td>
    </>
  );
}

export const formatDue = (iso: string | null) => (iso ? formatDateTimeRome(iso).slice(0, 17) : '');

/** The request's conversation with the Province: the platform's comments on the request (replies, files, mentions). */
export function RequestConversation({ requestId }: { requestId: string }) {
  const { t } = useRequestsTranslation();
  const qc = useQueryClient();
  return (
    <section aria-labelledby="request-conversation-title" className="mb-5">
      <h2 id="request-conversation-title" className="h4">
        {t('detail.conversation')}
      </h2>
      <CommentsPanel
        recordType="service_request"
        recordId={requestId}
        idPrefix="request-conversation"
        // an answer may be the first response or resume a waiting request: the request is read again
        onChange={() => void qc.invalidateQueries({ queryKey: rk.detail(requestId) })}
      />
    </section>
  );
}

import { StatusIcon, type Tone } from '../../components/StatusIcon';
import './procurement.css';
import { Link, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { translateFieldError } from '../../lib/validation';
import { useSession } from '../identity/session';
import type { Advice, ProcedureDocument, ProcedureState, RequirementCheck } from './api';
import { formatEuro } from './format';
import { useProcurementTranslation } from './i18n';

const REQUESTER_ROLES = ['comune_user', 'ente_admin', 'referent'];

/** What the procurement pages may offer the caller (the server decides; the UI hides what cannot be done). */
export function useProcurementAccess() {
  const { me, isLoading } = useSession();
  const memberships = me?.user.memberships ?? [];
  const comuni = memberships.filter((m) => m.enteType === 'comune');
  const suaOf = memberships.filter((m) => m.role === 'sua_operator' || (m.role === 'ente_admin' && m.enteType === 'provincia'));
  const isUpi = memberships.some((m) => m.role === 'upi_admin');
  return {
    isLoading,
    isLoggedIn: !!me,
    /** Comuni on whose behalf the caller may ask the SUA for a procedure. */
    requesterComuni: comuni.filter((m) => REQUESTER_ROLES.includes(m.role)),
    /** Works in the SUA of a Province. */
    isSua: suaOf.length > 0,
    /** The Provinces whose SUA the caller works in. */
    suaProvinces: suaOf,
    isUpi,
    /** Sees procedures (Comune staff, SUA). */
    seesProcedures: comuni.length > 0 || suaOf.length > 0,
    seesDashboard: isUpi || suaOf.length > 0,
  };
}

const STATE_TONES: Record<ProcedureState, Tone> = {
  bozza: 'neutral',
  istruttoria: 'warn',
  documenti: 'warn',
  pronta: 'warn',
  pubblicata: 'neutral',
  valutazione: 'warn',
  proposta: 'warn',
  verifica: 'warn',
  aggiudicata: 'ok',
  stipula: 'ok',
  esecuzione: 'ok',
  chiusa: 'neutral',
  deserta: 'off',
  annullata: 'off',
};

function Badge({ tone, children, data }: { tone: Tone; children: ReactNode; data?: string }) {
  return (
    <span className={`pc-proc-status pc-proc-${tone}`} data-state={data}>
      <StatusIcon tone={tone} />
      {children}
    </span>
  );
}

/** The state of a procedure as icon + Italian/English words (never colour alone). */
export function ProcedureStateBadge({ state }: { state: ProcedureState }) {
  const { t } = useProcurementTranslation();
  return (
    <Badge tone={STATE_TONES[state]} data={state}>
      {t(`states.${state}`)}
    </Badge>
  );
}

const DOC_TONES: Record<ProcedureDocument['state'], Tone> = {
  da_redigere: 'off',
  in_bozza: 'warn',
  in_revisione: 'warn',
  approvato: 'ok',
  firmato: 'ok',
};

export function DocStateBadge({ state }: { state: ProcedureDocument['state'] }) {
  const { t } = useProcurementTranslation();
  return (
    <Badge tone={DOC_TONES[state]} data={state}>
      {t(`doc_states.${state}`)}
    </Badge>
  );
}

const OUTCOME_TONES: Record<RequirementCheck['outcome'], Tone> = { pending: 'warn', regolare: 'ok', irregolare: 'off', non_pertinente: 'neutral' };

export function OutcomeBadge({ outcome }: { outcome: RequirementCheck['outcome'] }) {
  const { t } = useProcurementTranslation();
  return <Badge tone={OUTCOME_TONES[outcome]}>{t(`outcomes.${outcome}`)}</Badge>;
}

const OVERALL_TONES: Record<string, Tone> = { incomplete: 'warn', regolare: 'ok', irregolare: 'off', scaduto: 'off' };

export function OverallBadge({ result }: { result: string }) {
  const { t } = useProcurementTranslation();
  return <Badge tone={OVERALL_TONES[result] ?? 'neutral'}>{t(`overall.${result}`)}</Badge>;
}

/** Expiry of a check as words: "Scaduto" / "In scadenza". */
export function ExpiryBadge({ check }: { check: Pick<RequirementCheck, 'expired' | 'expiring'> }) {
  const { t } = useProcurementTranslation();
  if (check.expired) return <Badge tone="off">{t('checks.expired')}</Badge>;
  if (check.expiring) return <Badge tone="warn">{t('checks.expiring')}</Badge>;
  return null;
}

export function YesNoText({ value }: { value: boolean }) {
  const { t } = useProcurementTranslation();
  return <Badge tone={value ? 'ok' : 'neutral'}>{value ? t('common.yes') : t('common.no')}</Badge>;
}

/** Links between the procurement pages, by what the caller may do. */
export function ProcurementNav() {
  const { t } = useProcurementTranslation();
  const access = useProcurementAccess();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const links: { to: string; label: string; current: boolean }[] = [];
  if (access.seesProcedures) links.push({ to: '/appalti', label: t('nav.list'), current: pathname === '/appalti' });
  if (access.requesterComuni.length > 0) links.push({ to: '/appalti/nuova', label: t('nav.new'), current: pathname === '/appalti/nuova' });
  if (access.seesProcedures) links.push({ to: '/appalti/attivita', label: t('nav.tasks'), current: pathname === '/appalti/attivita' });
  if (access.seesDashboard) links.push({ to: '/appalti/cruscotto', label: t('nav.dashboard'), current: pathname === '/appalti/cruscotto' });
  if (access.isSua) links.push({ to: '/appalti/operatori', label: t('nav.operators'), current: pathname === '/appalti/operatori' });
  if (access.isSua) links.push({ to: '/appalti/convenzioni', label: t('nav.terms'), current: pathname === '/appalti/convenzioni' });
  links.push({ to: '/appalti/trasparenza', label: t('nav.transparency'), current: pathname === '/appalti/trasparenza' });
  if (links.length === 0) return null;
  return (
    <nav aria-label={t('nav.label')} className="mb-4">
      <ul className="nav nav-tabs">
        {links.map((l) => (
          <li key={l.to} className="nav-item">
            <Link to={l.to} className={`nav-link${l.current ? ' active' : ''}`} aria-current={l.current ? 'page' : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** One allowed procedure in words: "Procedura negoziata senza bando — art. 50 c.1 lett. e — almeno 5 operatori". */
export function procedureLine(t: (key: string, opts?: Record<string, unknown>) => string, p: Advice['allowedProcedures'][number]): string {
  const parts = [t(`procedure_codes.${p.code}`), p.legalBasis];
  if (p.minOperators) parts.push(t('advice.min_operators', { count: p.minOperators }));
  return parts.join(' — ');
}

interface AdvicePanelProps {
  advice: Advice | undefined;
  isFetching?: boolean;
  error?: unknown;
  /** Shown while there is no advice yet (e.g. no value typed). */
  emptyText?: string;
  idPrefix?: string;
}

/**
 * "Consulenza normativa": what the rules in force say for this procurement — EU threshold, allowed procedures with
 * their legal basis and minimum operators, award criterion, qualification, standstill and minimum offer days.
 */
export function AdvicePanel({ advice, isFetching, error, emptyText, idPrefix = 'advice' }: AdvicePanelProps) {
  const { t, i18n } = useProcurementTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <section aria-labelledby={`${idPrefix}-title`} className="pc-proc-advice mb-4" aria-busy={isFetching ? true : undefined}>
      <h2 id={`${idPrefix}-title`} className="h4">
        {t('advice.title')}
      </h2>
      <div aria-live="polite">
        {error ? (
          <ApiErrorAlert error={error} />
        ) : !advice ? (
          isFetching ? <Loading /> : <p className="mb-0">{emptyText ?? t('advice.empty')}</p>
        ) : (
          <>
            <dl className="mb-3">
              <dt>{t('advice.threshold')}</dt>
              <dd data-testid={`${idPrefix}-threshold`}>
                {formatEuro(advice.euThreshold)} —{' '}
                <Badge tone={advice.aboveEuThreshold ? 'warn' : 'ok'}>{advice.aboveEuThreshold ? t('advice.above') : t('advice.below')}</Badge>
              </dd>
              <dt>{t('advice.criterion')}</dt>
              <dd>
                {advice.awardCriterion.oepvMandatory ? t('advice.oepv_mandatory') : t('advice.oepv_free')} ({advice.awardCriterion.legalBasis})
                {advice.awardCriterion.priceCapPercent !== undefined && (
                  <span className="d-block">{t('advice.price_cap', { percent: advice.awardCriterion.priceCapPercent })}</span>
                )}
              </dd>
              <dt>{t('advice.qualification')}</dt>
              <dd>
                {advice.qualificationRequired ? t('advice.qualification_required') : t('advice.qualification_not_required')}
                {advice.qualificationLevel && (
                  <span className="d-block">
                    {t('advice.qualification_level', { level: advice.qualificationLevel.level })}
                    {advice.qualificationLevel.coveredBySua !== undefined &&
                      ` — ${advice.qualificationLevel.coveredBySua ? t('advice.covered_by_sua') : t('advice.not_covered_by_sua')}`}
                  </span>
                )}
              </dd>
              <dt>{t('advice.standstill')}</dt>
              <dd>{advice.standstillDays > 0 ? t('advice.days', { count: advice.standstillDays }) : t('advice.no_standstill')}</dd>
              {advice.minimumOfferDays !== undefined && (
                <>
                  <dt>{t('advice.minimum_offer_days')}</dt>
                  <dd>{t('advice.days', { count: advice.minimumOfferDays })}</dd>
                </>
              )}
              <dt>{t('advice.stipula')}</dt>
              <dd>{t('advice.days', { count: advice.stipulaDays })}</dd>
            </dl>
            <h3 className="h6">{t('advice.allowed_procedures')}</h3>
            {advice.allowedProcedures.length === 0 ? (
              <p>{t('advice.no_procedures')}</p>
            ) : (
              <ul data-testid={`${idPrefix}-procedures`}>
                {advice.allowedProcedures.map((p) => {
                  const note = en ? p.noteEn : p.noteIt;
                  return (
                    <li key={p.code}>
                      {procedureLine(t, p)}
                      {note && <span className="d-block small">{note}</span>}
                    </li>
                  );
                })}
              </ul>
            )}
            {advice.notes.length > 0 && (
              <>
                <h3 className="h6">{t('advice.notes')}</h3>
                <ul>
                  {advice.notes.map((n) => (
                    <li key={n.code}>{en ? n.en : n.it}</li>
                  ))}
                </ul>
              </>
            )}
            <p className="small mb-0">{t('advice.rules_from', { date: advice.rulesValidFrom })}</p>
          </>
        )}
      </div>
    </section>
  );
}

/** A list of field issues linking to their inputs (for forms whose fields are nested, like lots). */
export function IssueSummary({ issues, fields }: { issues: Record<string, string>; fields: Array<[string, string, string]> }) {
  const { t } = useProcurementTranslation();
  const tc = useTranslation('common').t;
  const items = fields.filter(([path]) => issues[path]);
  if (items.length === 0) return null;
  return (
    <div className="alert alert-danger pc-error-summary" role="alert" aria-labelledby="issue-summary-title">
      <h2 id="issue-summary-title" className="h5">
        {t('form.error_summary_title')}
      </h2>
      <ul className="mb-0">
        {items.map(([path, id, label]) => (
          <li key={path}>
            <a href={`#${id}`}>
              {label}: {translateFieldError(tc, issues[path])}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { Link, useRouterState } from '@tanstack/react-router';
import { useSession } from '../identity/session';
import { useEuFundingTranslation } from './i18n';

const SPEAKER_ROLES = ['comune_user', 'ente_admin', 'referent'];
const PROVINCE_TYPES = ['provincia', 'citta_metropolitana'];

/** What the SAPE pages may offer the caller (the server decides; the UI hides what cannot be done). */
export function useEuFundingAccess() {
  const { me, isLoading } = useSession();
  const ms = me?.user.memberships ?? [];
  const comuni = ms.filter((m) => m.enteType === 'comune');
  const sapeOf = ms.filter((m) => PROVINCE_TYPES.includes(m.enteType) && (m.role === 'sape_operator' || m.role === 'ente_admin'));
  const isUpi = ms.some((m) => m.role === 'upi_admin');
  return {
    isLoading,
    isLoggedIn: !!me,
    comuni,
    speakerComuni: comuni.filter((m) => SPEAKER_ROLES.includes(m.role)),
    sapeOf,
    isUpi,
    keepsCalls: isUpi || sapeOf.length > 0,
  };
}

const euroFormat = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
export const formatEuro = (v: number | null | undefined) => (v === null || v === undefined ? '—' : euroFormat.format(v));
const momentFormat = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' });
export const formatMoment = (iso: string) => momentFormat.format(new Date(iso));
export const formatDay = (d: string | null | undefined) => (d ? d.split('-').reverse().join('/') : '—');
export const todayIso = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

/** The tabs of the SAPE pages. */
export function EuFundingNav() {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const links: { to: string; label: string }[] = [{ to: '/fondi-ue', label: t('nav.calls') }];
  if (a.comuni.length > 0) links.push({ to: '/fondi-ue/per-te', label: t('nav.for_me') });
  if (a.isLoggedIn) links.push({ to: '/fondi-ue/progetti', label: t('nav.projects') });
  if (a.comuni.length > 0 || a.sapeOf.length > 0) links.push({ to: '/fondi-ue/servizi', label: t('nav.services') });
  if (a.keepsCalls) links.push({ to: '/fondi-ue/bandi/nuovo', label: t('nav.new_call') });
  if (a.sapeOf.length > 0 || a.isUpi) links.push({ to: '/fondi-ue/territorio', label: t('nav.territory') });
  return (
    <nav aria-label={t('nav.label')} className="mb-4">
      <ul className="nav nav-tabs">
        {links.map((l) => (
          <li key={l.to} className="nav-item">
            <Link to={l.to} className={`nav-link${pathname === l.to ? ' active' : ''}`} aria-current={pathname === l.to ? 'page' : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The status of a call in words (never colour alone). */
export function CallStatusText({ status }: { status: string }) {
  const { t } = useEuFundingTranslation();
  return (
    <span className="fw-semibold" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../features/identity/session';
import { HeaderSearch } from '../../features/search/HeaderSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { UserArea } from './UserArea';

export function Header() {
  const { t } = useTranslation('common');
  const { me, isAdmin } = useSession();
  const isUpiAdmin = !!me?.user.memberships.some((m) => m.role === 'upi_admin');
  const linkProps = {
    className: 'nav-link',
    activeProps: { 'aria-current': 'page' as const, className: 'active' },
  };
  return (
    <header className="it-header-wrapper pc-header">
      <div className="it-header-slim-wrapper">
        <div className="container">
          <div className="it-header-slim-wrapper-content pc-slim">
            <span className="pc-owner">{t('app.owner')}</span>
            <div className="pc-slim-right">
              <LanguageSwitch />
              <UserArea />
            </div>
          </div>
        </div>
      </div>
      <div className="pc-nav-wrapper">
        <div className="it-header-center-wrapper">
          <div className="container">
            <div className="it-header-center-content-wrapper">
              <div className="it-brand-wrapper">
                <Link to="/">
                  <svg className="pc-logo" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
                    <rect x="2" y="2" width="44" height="44" rx="8" fill="none" stroke="currentColor" strokeWidth="3" />
                    <text x="24" y="31" textAnchor="middle" fontSize="17" fontWeight="700" fill="currentColor">
                      P&amp;C
                    </text>
                  </svg>
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t('app.name')}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t('app.tagline')}</div>
                  </div>
                </Link>
              </div>
              {me && (
                <div className="it-right-zone">
                  <HeaderSearch />
                </div>
              )}
            </div>
          </div>
        </div>
        <div className="pc-navbar">
          <div className="container">
            <nav id="main-nav" tabIndex={-1} aria-label={t('nav.label')}>
              <ul className="pc-nav-list">
                <li>
                  <Link to="/" {...linkProps} activeOptions={{ exact: true }}>
                    {t('nav.home')}
                  </Link>
                </li>
                <li>
                  <Link to="/enti" {...linkProps}>
                    {t('nav.enti')}
                  </Link>
                </li>
                {me && (
                  <li>
                    <Link to="/rete" {...linkProps}>
                      {t('nav.network')}
                    </Link>
                  </li>
                )}
                {me && (
                  <li>
                    <Link to="/documenti/cerca" {...linkProps}>
                      {t('nav.documents')}
                    </Link>
                  </li>
                )}
                {me && (
                  <li>
                    <Link to="/assistenza" {...linkProps}>
                      {t('nav.requests')}
                    </Link>
                  </li>
                )}
                {me && (
                  <li>
                    <Link to="/appalti" {...linkProps}>
                      {t('nav.procurement')}
                    </Link>
                  </li>
                )}
                <li>
                  <Link to="/fondi-ue" {...linkProps}>
                    {t('nav.eu_funding')}
                  </Link>
                </li>
                {me && (
                  <li>
                    <Link to="/fascicoli" {...linkProps}>
                      {t('nav.fascicoli')}
                    </Link>
                  </li>
                )}
                <li>
                  <Link to="/agenda-digitale" {...linkProps}>
                    {t('nav.digitalAgenda')}
                  </Link>
                </li>
                {me && (
                  <li>
                    <Link to="/calendario" {...linkProps}>
                      {t('nav.calendar')}
                    </Link>
                  </li>
                )}
                {isAdmin && (
                  <li>
                    <Link to="/admin/users" {...linkProps}>
                      {t('nav.users')}
                    </Link>
                  </li>
                )}
                {isAdmin && (
                  <li>
                    <Link to="/admin/audit" {...linkProps}>
                      {t('nav.audit')}
                    </Link>
                  </li>
                )}
                {isUpiAdmin && (
                  <li>
                    <Link to="/amministrazione/modelli" {...linkProps}>
                      {t('nav.templates')}
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </div>
      </div>
    </header>
  );
}

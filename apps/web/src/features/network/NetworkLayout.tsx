import { Link, Outlet } from '@tanstack/react-router';
import { Suspense } from 'react';
import { Loading } from '../../components/Loading';
import { RequireLogin } from './components';
import { useNetworkTranslation } from './i18n';

/** Sub-pages of the "Rete" module. */
export function NetworkNav() {
  const { t } = useNetworkTranslation();
  const linkProps = {
    className: 'pc-subnav-link',
    activeProps: { 'aria-current': 'page' as const, className: 'active' },
  };
  return (
    <nav aria-label={t('nav.label')} className="pc-subnav mb-4">
      <ul>
        <li>
          <Link to="/rete" {...linkProps} activeOptions={{ exact: true }}>
            {t('nav.dashboard')}
          </Link>
        </li>
        <li>
          <Link to="/rete/protocolli" {...linkProps}>
            {t('nav.protocols')}
          </Link>
        </li>
        <li>
          <Link to="/rete/convenzioni" {...linkProps}>
            {t('nav.conventions')}
          </Link>
        </li>
        <li>
          <Link to="/rete/territorio" {...linkProps}>
            {t('nav.territory')}
          </Link>
        </li>
        <li>
          <Link to="/rete/referenti" {...linkProps}>
            {t('nav.referents')}
          </Link>
        </li>
        <li>
          <Link to="/rete/organi" {...linkProps}>
            {t('nav.bodies')}
          </Link>
        </li>
        <li>
          <Link to="/rete/decisioni" {...linkProps}>
            {t('nav.decisions')}
          </Link>
        </li>
        <li>
          <Link to="/rete/gruppi" {...linkProps}>
            {t('nav.groups')}
          </Link>
        </li>
        <li>
          <Link to="/rete/tavoli" {...linkProps}>
            {t('nav.tables')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}

export function NetworkLayout() {
  return (
    <RequireLogin>
      <NetworkNav />
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </RequireLogin>
  );
}

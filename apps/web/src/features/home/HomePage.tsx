import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../identity/session';
import { usePageTitle } from '../../lib/use-page-title';

const services = ['sua', 'sape', 'sit'] as const;

export function HomePage() {
  const { t } = useTranslation('common');
  const { me, activeMembership } = useSession();
  usePageTitle(t('app.name'));
  return (
    <>
      <section className="pc-hero mb-5" aria-labelledby="page-title">
        <h1 id="page-title">{t('home.title')}</h1>
        <p className="lead">{t('home.lead')}</p>
        {me ? (
          <div className="pc-welcome">
            <p className="h4 mb-1">{t('home.welcome_user', { name: me.user.displayName })}</p>
            <p className="mb-0">
              {activeMembership
                ? t('home.active_ente', { ente: activeMembership.enteName, role: t(`roles.${activeMembership.role}`) })
                : t('home.no_active_ente')}
            </p>
          </div>
        ) : (
          <p className="mb-0 d-flex flex-wrap gap-3">
            <Link to="/login" className="btn btn-primary">
              {t('home.login_cta')}
            </Link>
            <Link to="/enti" className="btn btn-outline-primary">
              {t('home.enti_cta')}
            </Link>
          </p>
        )}
      </section>
      <section aria-labelledby="services-title">
        <h2 id="services-title" className="mb-4">
          {t('home.services_title')}
        </h2>
        <ul className="row list-unstyled g-4 ps-0">
          {services.map((s) => (
            <li key={s} className="col-12 col-md-4">
              <div className="card card-bg pc-service-card h-100">
                <div className="card-body">
                  <h3 className="card-title h5">{t(`home.services.${s}.title`)}</h3>
                  <p className="card-text">{t(`home.services.${s}.description`)}</p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

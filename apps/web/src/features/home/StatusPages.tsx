import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../lib/use-page-title';

export function NotFoundPage() {
  const { t } = useTranslation('common');
  usePageTitle(t('not_found.title'));
  return (
    <section className="pc-narrow">
      <h1>{t('not_found.title')}</h1>
      <p>{t('not_found.body')}</p>
      <Link to="/" className="btn btn-primary">
        {t('not_found.back_home')}
      </Link>
    </section>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation('common');
  usePageTitle(t('forbidden.title'));
  return (
    <section className="pc-narrow">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body')}</p>
      <Link to="/" className="btn btn-primary">
        {t('forbidden.back_home')}
      </Link>
    </section>
  );
}

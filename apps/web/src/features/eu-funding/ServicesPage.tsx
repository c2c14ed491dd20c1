import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ek, euApi } from './api';
import { EuFundingNav } from './components';
import { useEuFundingTranslation } from './i18n';

/** `/fondi-ue/servizi`: what the Province's SAPE offers my Comune, asked through the assistance requests. */
export function ServicesPage() {
  const { t, i18n } = useEuFundingTranslation();
  usePageTitle(t('services.page_title'));
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const query = useQuery({ queryKey: ek.services(lang), queryFn: () => euApi.services(lang) });
  const d = query.data;
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('services.page_title')}</h1>
        <EuFundingNav />
        {query.error && <ApiErrorAlert error={query.error} />}
        {!d ? (
          !query.error && <Loading />
        ) : (
          <>
            {d.provincia && <p className="lead">{t(d.adheres ? 'services.adheres' : 'services.not_adheres', { provincia: d.provincia.name, count: d.adheringComuni })}</p>}
            <ul className="list-unstyled">
              {d.services.map((s) => (
                <li key={s.id} className="mb-3">
                  <h2 className="h5">{s.name}</h2>
                  <p className="mb-1">{s.description}</p>
                  <p className="small mb-0">{t('services.levels', { hours: s.firstResponseHours, days: s.resolutionDays })}</p>
                </li>
              ))}
            </ul>
            <Link to="/assistenza/nuova" className="btn btn-primary">
              {t('services.ask')}
            </Link>
          </>
        )}
      </div>
    </RequireLogin>
  );
}

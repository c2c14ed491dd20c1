import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { FiltersForm, NotSet, RequireLogin } from '../network/components';
import { requestsApi, rk } from './api';
import { RequestsNav, useRequestsAccess } from './components';
import { useRequestsTranslation } from './i18n';

const validDay = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);
const num = (n: number | null) => (n === null ? <NotSet /> : n.toLocaleString('it-IT'));

function Stats() {
  const { t } = useRequestsTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const f = validDay(from);
  const tt = validDay(to);
  const query = useQuery({ queryKey: rk.stats(f, tt), queryFn: () => requestsApi.stats(f, tt), placeholderData: keepPreviousData });
  return (
    <>
      <FiltersForm id="stats-filters" title={t('filters.title')}>
        <TextField id="stats-from" type="date" label={t('stats.from')} className="col-md-3" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField id="stats-to" type="date" label={t('stats.to')} className="col-md-3" value={to} onChange={(e) => setTo(e.target.value)} />
        <div className="col-md-3 mb-4 align-self-end">
          <a className="btn btn-outline-primary" href={requestsApi.statsCsvUrl(f, tt)} download>
            {t('stats.csv')}
          </a>
        </div>
      </FiltersForm>
      {query.isError ? (
        <ApiErrorAlert error={query.error} />
      ) : query.isPending ? (
        <Loading />
      ) : query.data.rows.length === 0 ? (
        <p role="status">{t('stats.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-striped pc-table">
            <caption>{t('stats.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.provincia')}</th>
                <th scope="col">{t('stats.service')}</th>
                <th scope="col" className="text-end">{t('stats.volume')}</th>
                <th scope="col" className="text-end">{t('stats.open')}</th>
                <th scope="col" className="text-end">{t('stats.median_first')}</th>
                <th scope="col" className="text-end">{t('stats.median_resolution')}</th>
                <th scope="col" className="text-end">{t('stats.breaches_first')}</th>
                <th scope="col" className="text-end">{t('stats.breaches_resolution')}</th>
                <th scope="col" className="text-end">{t('stats.rating')}</th>
                <th scope="col" className="text-end">{t('stats.ratings')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.rows.map((r) => (
                <tr key={`${r.provincia.id}-${r.service}`}>
                  <th scope="row">{r.provincia.name}</th>
                  <td>{t(`service_short.${r.service}`)}</td>
                  <td className="text-end">{r.volume}</td>
                  <td className="text-end">{r.open}</td>
                  <td className="text-end">{num(r.medianFirstResponseHours)}</td>
                  <td className="text-end">{num(r.medianResolutionDays)}</td>
                  <td className="text-end">{r.firstResponseBreaches}</td>
                  <td className="text-end">{r.resolutionBreaches}</td>
                  <td className="text-end">{num(r.avgRating)}</td>
                  <td className="text-end">{r.ratingsCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** `/assistenza/statistiche`: UPI's aggregated view per Province and service. */
export function RequestsStatsPage() {
  const { t } = useRequestsTranslation();
  const access = useRequestsAccess();
  usePageTitle(t('stats.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('stats.title')}</h1>
        <RequestsNav />
        <p>{t('stats.intro')}</p>
        {access.isLoading ? <Loading /> : access.isUpi ? <Stats /> : <p role="status">{t('stats.not_allowed')}</p>}
      </div>
    </RequireLogin>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { requestsApi, rk } from './api';
import { RequestsNav, RequestsTable } from './components';
import { useRequestsTranslation } from './i18n';

function Dashboard() {
  const { t } = useRequestsTranslation();
  const query = useQuery({ queryKey: rk.dashboard, queryFn: requestsApi.dashboard, refetchInterval: 60_000 });
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  const d = query.data;
  const counters = [
    ['unassigned', d.counts.unassigned, { view: 'queue', state: 'new' }],
    ['assigned_to_me', d.counts.assignedToMe, { view: 'queue' }],
    ['in_progress', d.counts.inProgress, { view: 'queue', state: 'in_progress' }],
    ['waiting', d.counts.waiting, { view: 'queue', state: 'waiting_requester' }],
    ['breached', d.counts.breached, { view: 'queue', sla: 'breached' }],
    ['due_soon', d.counts.dueSoon, { view: 'queue', sla: 'due_soon' }],
  ] as const;
  return (
    <>
      <section aria-labelledby="dashboard-counters-title" className="mb-4">
        <h2 id="dashboard-counters-title" className="visually-hidden">
          {t('dashboard.counters')}
        </h2>
        <ul className="pc-req-counters">
          {counters.map(([key, value, search]) => (
            <li key={key} className="pc-req-counter" data-counter={key}>
              <span className="pc-req-counter-value">{value}</span>
              <Link to="/assistenza" search={search}>
                {t(`dashboard.${key}`)}
              </Link>
            </li>
          ))}
          <li className="pc-req-counter" data-counter="median">
            <span className="pc-req-counter-value">{d.medianFirstResponseHours === null ? '—' : d.medianFirstResponseHours.toLocaleString('it-IT')}</span>
            {t('dashboard.median')}
            {d.medianFirstResponseHours === null && <span className="d-block small">{t('dashboard.no_median')}</span>}
          </li>
        </ul>
      </section>
      <section aria-labelledby="dashboard-due-title" className="mb-4">
        <h2 id="dashboard-due-title" className="h4">
          {t('dashboard.due_soon_list')}
        </h2>
        <RequestsTable items={d.dueSoon} caption={t('dashboard.due_soon')} emptyText={t('dashboard.empty')} />
      </section>
      <section aria-labelledby="dashboard-breached-title" className="mb-4">
        <h2 id="dashboard-breached-title" className="h4">
          {t('dashboard.breached_list')}
        </h2>
        <RequestsTable items={d.breached} caption={t('dashboard.breached')} emptyText={t('dashboard.empty')} />
      </section>
    </>
  );
}

/** `/assistenza/cruscotto`: the operator's counters and the requests close to or past their due dates. */
export function RequestsDashboardPage() {
  const { t } = useRequestsTranslation();
  usePageTitle(t('dashboard.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('dashboard.title')}</h1>
        <RequestsNav />
        <Dashboard />
      </div>
    </RequireLogin>
  );
}

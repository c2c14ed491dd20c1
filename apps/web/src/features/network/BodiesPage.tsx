import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { networkApi, nk } from './api';
import { NotSet } from './components';
import { useNetworkTranslation } from './i18n';

export function BodiesPage() {
  const { t } = useNetworkTranslation();
  usePageTitle(t('bodies.title'));
  const query = useQuery({ queryKey: nk.bodies, queryFn: networkApi.bodies });
  return (
    <>
      <h1>{t('bodies.title')}</h1>
      <p className="lead">{t('bodies.intro')}</p>
      <p>
        <Link to="/rete/decisioni">{t('bodies.decisions_link')}</Link>
      </p>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data &&
        (query.data.items.length === 0 ? (
          <p>{t('bodies.none')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table pc-table">
              <caption>{t('bodies.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bodies.name')}</th>
                  <th scope="col">{t('bodies.description')}</th>
                  <th scope="col" className="text-end">
                    {t('bodies.members')}
                  </th>
                  <th scope="col" className="text-end">
                    {t('bodies.meetings')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {query.data.items.map((b) => (
                  <tr key={b.id}>
                    <th scope="row" className="fw-normal">
                      <Link to="/rete/organi/$bodyId" params={{ bodyId: b.id }}>
                        {b.name}
                      </Link>
                    </th>
                    <td>{b.description ?? <NotSet />}</td>
                    <td className="text-end">{formatInteger(b.members)}</td>
                    <td className="text-end">{formatInteger(b.meetings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { networkApi, nk } from './api';
import { NotSet } from './components';
import { useNetworkTranslation } from './i18n';

export function GroupsPage() {
  const { t } = useNetworkTranslation();
  usePageTitle(t('groups.title'));
  const query = useQuery({ queryKey: nk.groups, queryFn: networkApi.groups });
  return (
    <>
      <h1>{t('groups.title')}</h1>
      <p className="lead">{t('groups.intro')}</p>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data &&
        (query.data.items.length === 0 ? (
          <p>{t('groups.none')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table pc-table">
              <caption>{t('groups.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('groups.name')}</th>
                  <th scope="col">{t('groups.area')}</th>
                  <th scope="col">{t('groups.lead')}</th>
                  <th scope="col" className="text-end">
                    {t('groups.members_count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {query.data.items.map((g) => (
                  <tr key={g.id}>
                    <th scope="row" className="fw-normal">
                      <Link to="/rete/gruppi/$groupId" params={{ groupId: g.id }}>
                        {g.name}
                      </Link>
                    </th>
                    <td>{t(`services_long.${g.area}`)}</td>
                    <td>{g.lead?.name ?? <NotSet />}</td>
                    <td className="text-end">{formatInteger(g.members)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}

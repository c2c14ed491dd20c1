import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { networkApi, nk } from './api';
import { NotSet, ServiceNames, StateBadge, formatDay } from './components';
import { useNetworkTranslation } from './i18n';

const PROVINCE_TYPES = ['provincia', 'citta_metropolitana'];

/** The network data of an ente: referents, protocol, conventions, services, working groups. */
export function EnteNetworkSection({ enteId, enteType }: { enteId: string; enteType: string }) {
  const { t } = useNetworkTranslation();
  const query = useQuery({ queryKey: nk.enteNetwork(enteId), queryFn: () => networkApi.enteNetwork(enteId) });
  const isProvince = PROVINCE_TYPES.includes(enteType);
  const data = query.data;

  return (
    <section className="mb-5" aria-labelledby="ente-network-title">
      <h2 id="ente-network-title">{t('ente.title')}</h2>
      {isProvince && (
        <p>
          <Link to="/rete/territorio/$provinciaId" params={{ provinciaId: enteId }}>
            {t('ente.territory_link')}
          </Link>
        </p>
      )}
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {data && (
        <>
          <h3 className="h5">{t('ente.protocol')}</h3>
          {data.protocol ? (
            <dl className="pc-dl mb-4">
              <dt>{t('common.state')}</dt>
              <dd>
                <StateBadge group="protocol" state={data.protocol.state} />
              </dd>
              <dt>{t('protocols.sent_at')}</dt>
              <dd>{data.protocol.sentAt ? formatDay(data.protocol.sentAt) : <NotSet />}</dd>
              <dt>{t('protocols.signed_at')}</dt>
              <dd>{data.protocol.signedAt ? formatDay(data.protocol.signedAt) : <NotSet />}</dd>
              <dt>{t('protocol.areas')}</dt>
              <dd>
                <ServiceNames services={data.protocol.areas} long />
              </dd>
              <dt>{t('ente.protocol_page')}</dt>
              <dd>
                <Link to="/rete/protocolli/$protocolId" params={{ protocolId: data.protocol.id }}>
                  {t('ente.open_protocol')}
                </Link>
              </dd>
            </dl>
          ) : (
            <p>{t('ente.no_protocol')}</p>
          )}

          <h3 className="h5">{t('ente.services')}</h3>
          <dl className="pc-dl mb-4">
            {(isProvince || data.services.gives.length > 0) && (
              <>
                <dt>{t('ente.gives')}</dt>
                <dd>
                  <ServiceNames services={data.services.gives} long />
                </dd>
              </>
            )}
            {(!isProvince || data.services.receives.length > 0) && (
              <>
                <dt>{t('ente.receives')}</dt>
                <dd>
                  <ServiceNames services={data.services.receives} long />
                </dd>
              </>
            )}
          </dl>

          <h3 className="h5">{t('ente.conventions')}</h3>
          {data.conventions.length === 0 ? (
            <p>{t('ente.no_conventions')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table pc-table">
                <caption className="visually-hidden">{t('ente.conventions_caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('conventions.title_column')}</th>
                    <th scope="col">{t('common.services')}</th>
                    <th scope="col">{t('common.state')}</th>
                    <th scope="col">{t('conventions.starts_on')}</th>
                    <th scope="col">{t('conventions.ends_on')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.conventions.map((c) => (
                    <tr key={c.id}>
                      <th scope="row" className="fw-normal">
                        <Link to="/rete/convenzioni/$conventionId" params={{ conventionId: c.id }}>
                          {c.title}
                        </Link>
                      </th>
                      <td>
                        <ServiceNames services={c.services} />
                      </td>
                      <td>
                        <StateBadge group="convention" state={c.state} />
                        {c.expiring && <span className="pc-tag pc-tag-warn ms-1">{t('conventions.expiring')}</span>}
                      </td>
                      <td>{formatDay(c.startsOn)}</td>
                      <td>{c.endsOn ? formatDay(c.endsOn) : <NotSet />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3 className="h5">{t('ente.referents')}</h3>
          {data.referents === null ? (
            <p>{t('ente.referents_hidden')}</p>
          ) : data.referents.length === 0 ? (
            <p>{t('ente.no_referents')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table pc-table">
                <caption className="visually-hidden">{t('ente.referents_caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('referents.full_name')}</th>
                    <th scope="col">{t('referents.area')}</th>
                    <th scope="col">{t('referents.role')}</th>
                    <th scope="col">{t('referents.email')}</th>
                    <th scope="col">{t('referents.phone')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.referents.map((r) => (
                    <tr key={r.id}>
                      <th scope="row" className="fw-normal">
                        {r.fullName}
                      </th>
                      <td>{t(`areas.${r.area}`)}</td>
                      <td>{r.role ?? <NotSet />}</td>
                      <td className="pc-break">
                        <a href={`mailto:${r.email}`}>{r.email}</a>
                      </td>
                      <td>{r.phone ?? <NotSet />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3 className="h5">{t('ente.groups')}</h3>
          {data.workingGroups.length === 0 ? (
            <p>{t('ente.no_groups')}</p>
          ) : (
            <ul>
              {data.workingGroups.map((g) => (
                <li key={g.id}>
                  <Link to="/rete/gruppi/$groupId" params={{ groupId: g.id }}>
                    {g.name}
                  </Link>{' '}
                  ({t(`services.${g.area}`)}
                  {g.isLead ? `, ${t('groups.role_lead')}` : ''})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

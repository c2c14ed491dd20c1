import { ProtocolStates, Services } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { networkApi, nk, type Dashboard } from './api';
import { useNetworkAccess } from './access';
import { StateBadge, focusById, formatShare } from './components';
import { useNetworkTranslation } from './i18n';

function Reminders({ sent }: { sent: number }) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: networkApi.sendReminders,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: nk.all });
      focusById('reminders-result');
    },
  });
  return (
    <section className="pc-panel mb-5" aria-labelledby="reminders-title">
      <h2 id="reminders-title" className="h4">
        {t('dashboard.reminders_title')}
      </h2>
      <p>{t('dashboard.reminders_intro', { count: sent })}</p>
      {send.isError && <ApiErrorAlert error={send.error} />}
      <div id="reminders-result" tabIndex={-1}>
        {send.isSuccess && (
          <SuccessAlert>
            {t('dashboard.reminders_done', { count: send.data.protocols, recipients: send.data.recipients })}
          </SuccessAlert>
        )}
      </div>
      <button type="button" className="btn btn-primary" disabled={send.isPending} onClick={() => send.mutate()}>
        {send.isPending ? t('dashboard.reminders_sending') : t('dashboard.send_reminders')}
      </button>
    </section>
  );
}

function Protocols({ data }: { data: Dashboard['protocols'] }) {
  const { t } = useNetworkTranslation();
  return (
    <section className="mb-5" aria-labelledby="dash-protocols-title">
      <h2 id="dash-protocols-title">{t('dashboard.protocols_title')}</h2>
      <p className="pc-kpi">
        <Link to="/rete/protocolli" search={{ state: 'signed' }}>
          {t('dashboard.signed_of', { signed: data.byState.signed, total: data.total })}
        </Link>
      </p>
      <ul className="pc-kpi-list">
        {ProtocolStates.map((s) => (
          <li key={s}>
            <Link to="/rete/protocolli" search={{ state: s }}>
              <span className="pc-kpi-number">{formatInteger(data.byState[s])}</span>{' '}
              <StateBadge group="protocol" state={s} />
            </Link>
          </li>
        ))}
      </ul>
      <h3 className="h5">{t('dashboard.missing_title', { count: data.missing.length })}</h3>
      {data.missing.length === 0 ? (
        <p>{t('dashboard.missing_none')}</p>
      ) : (
        <ul className="pc-inline-list">
          {data.missing.map((p) => (
            <li key={p.id}>
              <Link to="/enti/$enteId" params={{ enteId: p.id }}>
                {p.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="table-responsive">
        <table className="table pc-table">
          <caption>{t('dashboard.by_region_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.region')}</th>
              <th scope="col" className="text-end">
                {t('dashboard.provinces')}
              </th>
              <th scope="col" className="text-end">
                {t('dashboard.signed')}
              </th>
              <th scope="col" className="text-end">
                {t('dashboard.to_sign')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.byRegion.map((r) => (
              <tr key={r.regionIstatCode}>
                <th scope="row" className="fw-normal">
                  <Link to="/rete/protocolli" search={{ region: r.regionIstatCode }}>
                    {r.name}
                  </Link>
                </th>
                <td className="text-end">{formatInteger(r.total)}</td>
                <td className="text-end">{formatInteger(r.signed)}</td>
                <td className="text-end">{formatInteger(r.total - r.signed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Conventions({ data }: { data: Dashboard['conventions'] }) {
  const { t } = useNetworkTranslation();
  return (
    <section className="mb-5" aria-labelledby="dash-conventions-title">
      <h2 id="dash-conventions-title">{t('dashboard.conventions_title')}</h2>
      <ul className="pc-kpi-list">
        <li>
          <Link to="/rete/convenzioni" search={{ state: 'active' }}>
            <span className="pc-kpi-number">{formatInteger(data.active)}</span> {t('dashboard.conventions_active')}
          </Link>
        </li>
        <li>
          <Link to="/rete/convenzioni" search={{ expiring: '60' }}>
            <span className="pc-kpi-number">{formatInteger(data.expiring)}</span> {t('dashboard.conventions_expiring')}
          </Link>
        </li>
        {Services.map((s) => (
          <li key={s}>
            <Link to="/rete/convenzioni" search={{ service: s, state: 'active' }}>
              <span className="pc-kpi-number">{formatInteger(data.byService[s])}</span>{' '}
              {t('dashboard.conventions_service', { service: t(`services.${s}`) })}
            </Link>
          </li>
        ))}
      </ul>
      <div className="table-responsive">
        <table className="table pc-table">
          <caption>{t('dashboard.conventions_by_region_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.region')}</th>
              {Services.map((s) => (
                <th key={s} scope="col" className="text-end">
                  {t(`services.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.byRegion.map((r) => (
              <tr key={r.regionIstatCode}>
                <th scope="row" className="fw-normal">
                  {r.name}
                </th>
                {Services.map((s) => (
                  <td key={s} className="text-end">
                    {formatInteger(r[s])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Reach({ data, programmePopulation }: { data: Dashboard['reach']; programmePopulation: number }) {
  const { t } = useNetworkTranslation();
  return (
    <section className="mb-5" aria-labelledby="dash-reach-title">
      <h2 id="dash-reach-title">{t('dashboard.reach_title')}</h2>
      <p>{t('dashboard.reach_intro', { population: formatInteger(programmePopulation) })}</p>
      <div className="table-responsive">
        <table className="table pc-table">
          <caption>{t('dashboard.reach_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.service')}</th>
              <th scope="col" className="text-end">
                {t('dashboard.reach_comuni')}
              </th>
              <th scope="col" className="text-end">
                {t('dashboard.reach_population')}
              </th>
              <th scope="col" className="text-end">
                {t('dashboard.reach_share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.service}>
                <th scope="row" className="fw-normal">
                  {t(`services_long.${r.service}`)}
                </th>
                <td className="text-end">
                  <Link to="/enti" search={{ type: 'comune', service: r.service }}>
                    {formatInteger(r.comuni)}
                    <span className="visually-hidden">
                      {' '}
                      {t('dashboard.reach_link', { service: t(`services.${r.service}`) })}
                    </span>
                  </Link>
                </td>
                <td className="text-end">{formatInteger(r.population)}</td>
                <td className="text-end">{formatShare(r.populationShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function DashboardPage() {
  const { t } = useNetworkTranslation();
  usePageTitle(t('dashboard.title'));
  const { isUpi } = useNetworkAccess();
  const query = useQuery({ queryKey: nk.dashboard, queryFn: networkApi.dashboard });

  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <p className="lead">{t('dashboard.intro')}</p>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data && (
        <>
          {isUpi && <Reminders sent={query.data.protocols.byState.sent} />}
          <Protocols data={query.data.protocols} />
          <Conventions data={query.data.conventions} />
          <Reach data={query.data.reach} programmePopulation={query.data.programmePopulation} />
          <section className="mb-5" aria-labelledby="dash-groups-title">
            <h2 id="dash-groups-title">{t('dashboard.collaboration_title')}</h2>
            <ul className="pc-kpi-list">
              <li>
                <Link to="/rete/gruppi">
                  <span className="pc-kpi-number">{formatInteger(query.data.workingGroups)}</span>{' '}
                  {t('dashboard.working_groups')}
                </Link>
              </li>
              <li>
                <Link to="/rete/tavoli">
                  <span className="pc-kpi-number">{formatInteger(query.data.localTables.open)}</span>{' '}
                  {t('dashboard.tables_open', { total: query.data.localTables.total })}
                </Link>
              </li>
              <li>
                <Link to="/rete/tavoli">
                  <span className="pc-kpi-number">{formatInteger(query.data.localTables.candidatures)}</span>{' '}
                  {t('dashboard.candidatures')}
                </Link>
              </li>
            </ul>
          </section>
          <p className="pc-hint">{t('dashboard.figures_note')}</p>
        </>
      )}
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { csvHref, digitalAgendaApi, useCentre } from './api';
import { DigitalAgendaNav, PeriodSelect } from './components';
import { formatValue } from './format';
import { useDigitalAgendaTranslation } from './i18n';

/**
 * The competence centre's dashboard: every Comune of the Province with its indicators behind target, its open
 * requests to the centre and whether it adheres to the centre's convention; the Comuni that fell behind this year.
 */
export function CentreDashboardPage({ province, period, onPeriod }: { province: string; period: number; onPeriod: (p: number) => void }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const lang = i18n.language;
  const centre = useCentre(province);
  const q = useQuery({ queryKey: ['digital-agenda', 'centre-dashboard', province, period], queryFn: () => digitalAgendaApi.centreDashboard(province, period) });
  const alerts = useQuery({ queryKey: ['digital-agenda', 'alerts', province, period], queryFn: () => digitalAgendaApi.alerts(province, period), enabled: q.isSuccess });
  const title = t('dashboard.title', { name: centre.data?.province.name ?? province });
  usePageTitle(title);
  const alertsBy = useMemo(() => {
    const m = new Map<string, number>();
    for (const a of alerts.data?.items ?? []) m.set(a.istatCode, (m.get(a.istatCode) ?? 0) + 1);
    return m;
  }, [alerts.data]);
  const yesNo: [string, string] = [t('values.yes'), t('values.no')];
  const nf = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'it-IT');
  const rows = q.data?.items ?? [];
  const csv = csvHref(
    rows.map((r) => ({
      codice_istat: r.istatCode,
      comune: r.name,
      popolazione: r.population,
      indice: r.composite,
      fuori_traiettoria: r.offTrack,
      a_rischio: r.atRisk,
      richieste_aperte: r.openRequests,
      aderente: r.adherent,
      allarmi: alertsBy.get(r.istatCode) ?? 0,
    })),
  );
  return (
    <RequireLogin>
      <div>
        <h1>{title}</h1>
        <DigitalAgendaNav />
        <p className="lead">{t('dashboard.intro')}</p>
        <form className="row g-2 align-items-end mb-3" onSubmit={(e) => e.preventDefault()}>
          <PeriodSelect id="dash-period" value={period} onChange={onPeriod} />
        </form>
        <p>
          <Link to="/agenda-digitale/centri/$provinceIstatCode" params={{ provinceIstatCode: province }}>
            {t('dashboard.catalogueLink')}
          </Link>{' '}
          ·{' '}
          <Link to="/agenda-digitale/monitoraggio" search={{ level: 'province', code: province }}>
            {t('dashboard.monitoringLink')}
          </Link>
        </p>
        {q.isError && <ApiErrorAlert error={q.error} />}
        {q.isPending && <Loading />}
        {q.data && (
          <>
            <p className="small">
              {t('dashboard.download')}:{' '}
              <a href={csv} download={`cruscotto-centro-${province}-${period}.csv`}>
                {t('download.csv')}
              </a>
            </p>
            <div className="table-responsive">
              <table className="table table-sm">
                <caption>{t('dashboard.caption', { period })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.comune')}</th>
                    <th scope="col" className="text-end">{t('profile.population')}</th>
                    <th scope="col" className="text-end">{t('profile.composite')}</th>
                    <th scope="col" className="text-end">{t('dashboard.offTrack')}</th>
                    <th scope="col" className="text-end">{t('dashboard.atRisk')}</th>
                    <th scope="col" className="text-end">{t('dashboard.alerts')}</th>
                    <th scope="col" className="text-end">{t('dashboard.openRequests')}</th>
                    <th scope="col">{t('dashboard.adherent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.istatCode}>
                      <th scope="row" className="fw-normal">
                        <Link to="/agenda-digitale/comuni/$istatCode" params={{ istatCode: r.istatCode }} search={{ period: String(period) }}>
                          {r.name}
                        </Link>
                      </th>
                      <td className="text-end">{nf.format(r.population)}</td>
                      <td className="text-end">{formatValue(r.composite, 'index100', lang, yesNo)}</td>
                      <td className="text-end">{r.offTrack}</td>
                      <td className="text-end">{r.atRisk}</td>
                      <td className="text-end">{alertsBy.get(r.istatCode) ?? 0}</td>
                      <td className="text-end">{r.openRequests}</td>
                      <td>{r.adherent ? yesNo[0] : yesNo[1]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <section aria-labelledby="dash-alerts" className="mb-4">
              <h2 id="dash-alerts" className="h4">
                {t('dashboard.alertsTitle')}
              </h2>
              <p className="small">{t('methodology.alerts')}</p>
              {alerts.isError && <ApiErrorAlert error={alerts.error} />}
              {alerts.data && alerts.data.items.length === 0 && <p>{t('dashboard.noAlerts')}</p>}
              {alerts.data && alerts.data.items.length > 0 && (
                <div className="table-responsive">
                  <table className="table table-sm">
                    <caption>{t('dashboard.alertsCaption', { period })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('dashboard.comune')}</th>
                        <th scope="col">{t('filters.indicator')}</th>
                        <th scope="col">{t('dashboard.reason')}</th>
                        <th scope="col" className="text-end">{t('profile.value')}</th>
                        <th scope="col" className="text-end">{t('profile.previous')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {alerts.data.items.map((a) => (
                        <tr key={`${a.istatCode}-${a.indicatorCode}`}>
                          <th scope="row" className="fw-normal">
                            {a.name}
                          </th>
                          <td>{a.indicatorCode}</td>
                          <td>{t(`dashboard.reasons.${a.reason}`)}</td>
                          <td className="text-end">{formatValue(a.value, 'count', lang, yesNo)}</td>
                          <td className="text-end">{formatValue(a.previous, 'count', lang, yesNo)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        )}
      </div>
    </RequireLogin>
  );
}

import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin, useProgrammeProvinces } from '../network/components';
import { procurementApi, useDashboard, type ProcurementDashboard } from './api';
import { ProcurementNav, useProcurementAccess } from './components';
import { formatEuro } from './format';
import { useProcurementTranslation } from './i18n';

type Counts = ProcurementDashboard['byState'];

function CountTable({ id, title, rows, label }: { id: string; title: string; rows: Counts; label: (key: string, fallback: string) => string }) {
  const { t } = useProcurementTranslation();
  return (
    <section aria-labelledby={`${id}-title`} className="col-lg-6 mb-4">
      <h2 id={`${id}-title`} className="h5">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p>{t('dashboard.empty')}</p>
      ) : (
        <table className="table table-sm pc-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.item')}</th>
              <th scope="col" className="text-end">
                {t('dashboard.count')}
              </th>
              <th scope="col" className="text-end">
                {t('dashboard.value')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" className="fw-normal">
                  {label(r.key, r.label)}
                </th>
                <td className="text-end">{formatInteger(r.count)}</td>
                <td className="text-end">{formatEuro(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Dashboard({ provincia }: { provincia?: string }) {
  const { t } = useProcurementTranslation();
  const query = useDashboard(provincia);
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  const d = query.data;
  const plain = (_key: string, fallback: string) => fallback;
  return (
    <>
      <p>{d.scope.provincia ? t('dashboard.scope_one', { name: d.scope.provincia.name }) : t('dashboard.scope_all', { count: d.scope.provinces })}</p>
      <ul className="pc-proc-counters">
        <li className="pc-proc-counter" data-counter="total">
          <span className="pc-proc-counter-value">{formatInteger(d.total)}</span>
          {t('dashboard.total')}
        </li>
        <li className="pc-proc-counter" data-counter="value">
          <span className="pc-proc-counter-value">{formatEuro(d.valueHandled)}</span>
          {t('dashboard.value_handled')}
        </li>
        <li className="pc-proc-counter" data-counter="checks-pending">
          <span className="pc-proc-counter-value">{formatInteger(d.checksPending)}</span>
          {t('dashboard.checks_pending')}
        </li>
        <li className="pc-proc-counter" data-counter="checks-expiring">
          <span className="pc-proc-counter-value">{formatInteger(d.checksExpiring)}</span>
          {t('dashboard.checks_expiring')}
        </li>
      </ul>
      <p>
        <a href={procurementApi.dashboardCsvUrl(provincia)} download>
          {t('dashboard.csv')}
        </a>
      </p>
      <div className="row">
        <CountTable id="dash-state" title={t('dashboard.by_state')} rows={d.byState} label={(k, f) => t(`states.${k}`, { defaultValue: f })} />
        <CountTable id="dash-type" title={t('dashboard.by_object_type')} rows={d.byObjectType} label={(k, f) => t(`object_types.${k}`, { defaultValue: f })} />
        <CountTable id="dash-procedure" title={t('dashboard.by_procedure')} rows={d.byProcedure} label={(k, f) => t(`procedure_codes.${k}`, { defaultValue: f })} />
        <CountTable id="dash-band" title={t('dashboard.by_band')} rows={d.byBand} label={plain} />
        <CountTable id="dash-comune" title={t('dashboard.by_comune')} rows={d.byComune} label={plain} />
        {d.byProvincia.length > 0 && <CountTable id="dash-provincia" title={t('dashboard.by_provincia')} rows={d.byProvincia} label={plain} />}
      </div>
      <section aria-labelledby="dash-median-title" className="mb-4">
        <h2 id="dash-median-title" className="h5">
          {t('dashboard.median_title')}
        </h2>
        <table className="table table-sm pc-table">
          <caption className="visually-hidden">{t('dashboard.median_title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.phase')}</th>
              <th scope="col" className="text-end">
                {t('dashboard.median_days')}
              </th>
              <th scope="col" className="text-end">
                {t('dashboard.samples')}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.medianDaysPerPhase.map((m) => (
              <tr key={m.state}>
                <th scope="row" className="fw-normal">
                  {t(`states.${m.state}`)}
                </th>
                <td className="text-end">{m.medianDays === null ? t('dashboard.no_data') : m.medianDays.toLocaleString('it-IT', { maximumFractionDigits: 1 })}</td>
                <td className="text-end">{formatInteger(m.samples)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** `/appalti/cruscotto`: the SUA's figures (UPI: of every Province, or of the one chosen). */
export function ProcurementDashboardPage() {
  const { t } = useProcurementTranslation();
  const access = useProcurementAccess();
  const provinces = useProgrammeProvinces();
  const [provincia, setProvincia] = useState('');
  usePageTitle(t('dashboard.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('dashboard.title')}</h1>
        <ProcurementNav />
        {access.isUpi && (
          <form className="row mb-3" role="search" aria-label={t('dashboard.filter')} onSubmit={(e) => e.preventDefault()}>
            <div className="col-md-6 pc-field">
              <label htmlFor="dash-provincia-filter" className="form-label pc-label">
                {t('dashboard.provincia')}
              </label>
              <select id="dash-provincia-filter" className="form-select pc-input" value={provincia} onChange={(e) => setProvincia(e.target.value)}>
                <option value="">{t('dashboard.all_provinces')}</option>
                {(provinces.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          </form>
        )}
        <Dashboard provincia={provincia || undefined} />
      </div>
    </RequireLogin>
  );
}

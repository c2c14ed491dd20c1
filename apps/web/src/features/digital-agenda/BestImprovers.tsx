import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { PERIODS, downloadUrl } from './api';
import { Downloads } from './components';
import { useDigitalAgendaTranslation } from './i18n';
import { scopeParams, useImprovers, type Scope } from './views-api';

/** The Comuni with the largest improvement of an indicator between two years (a fall where lower is better). */
export function BestImprovers({ code, name, period, scope, scopeName, format }: { code: string; name: string; period: number; scope: Scope; scopeName: string; format: (v: number | null) => string }) {
  const { t } = useDigitalAgendaTranslation();
  const first = Math.min(...PERIODS);
  const [from, setFrom] = useState(period > first ? period - 1 : first);
  const [to, setTo] = useState(period > first ? period : first + 1);
  const q = useImprovers(code, from, to, scope, true);
  const caption = t('views.improvers.caption', { name, from, to, territory: scopeName });
  const params = { from, to, limit: 10, ...scopeParams(scope) };
  const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${format(Math.abs(v))}`;
  const years = [...PERIODS].sort((a, b) => a - b);
  return (
    <section aria-labelledby="da-improvers" className="mb-4">
      <h3 id="da-improvers" className="h4">
        {t('views.improvers.title')}
      </h3>
      <div className="row g-2 align-items-end mb-2">
        <div className="col-auto">
          <label htmlFor="da-improvers-from" className="form-label">
            {t('views.improvers.from')}
          </label>
          <select id="da-improvers-from" className="form-select" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="col-auto">
          <label htmlFor="da-improvers-to" className="form-label">
            {t('views.improvers.to')}
          </label>
          <select id="da-improvers-to" className="form-select" value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {from >= to ? (
        <p role="alert">{t('views.improvers.order')}</p>
      ) : (
        <>
          <Downloads label={t('views.download')} csv={downloadUrl(`/indicators/${code}/improvers`, params, 'csv')} json={downloadUrl(`/indicators/${code}/improvers`, params, 'json')} />
          {q.isError && <ApiErrorAlert error={q.error} />}
          {q.isPending && <Loading />}
          {q.data && <p className="small">{t('views.improvers.compared', { count: q.data.compared })}</p>}
          {q.data && q.data.items.length === 0 && <p>{t('views.noData')}</p>}
          {q.data && q.data.items.length > 0 && (
            <div className="table-responsive">
              <table className="table table-sm">
                <caption>{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('views.improvers.comune')}</th>
                    <th scope="col">{t('views.improvers.peerGroup')}</th>
                    <th scope="col" className="text-end">
                      {t('views.improvers.valueFrom')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('views.improvers.valueTo')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('views.improvers.delta')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.items.map((r) => (
                    <tr key={r.istatCode}>
                      <th scope="row" className="fw-normal">
                        {r.name}
                      </th>
                      <td>{t(`peerGroups.${r.peerGroup}`)}</td>
                      <td className="text-end">{format(r.from)}</td>
                      <td className="text-end">{format(r.to)}</td>
                      <td className="text-end">{signed(r.delta)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

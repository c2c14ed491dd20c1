import { useMemo } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { PERIODS, downloadUrl, useBenchmark, useIndicators } from './api';
import { BarChart } from './BarChart';
import { BenchmarkViews } from './BenchmarkViews';
import { DigitalAgendaNav, Downloads, PeriodSelect } from './components';
import { formatShare, formatValue } from './format';
import { useDigitalAgendaTranslation } from './i18n';

export interface BenchmarkSearch {
  indicator?: string;
  period?: number;
  level?: 'province' | 'region';
  province?: string;
}

/** An indicator across the Provinces (or Regions): share of Comuni and population-weighted, always from the Comuni. */
export function BenchmarkPage({ search, onSearch }: { search: BenchmarkSearch; onSearch: (s: BenchmarkSearch) => void }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  usePageTitle(t('benchmark.title'));
  const code = search.indicator ?? 'PAY-06';
  const period = search.period ?? PERIODS[0]!;
  const level = search.level ?? 'province';
  const cat = useIndicators();
  const q = useBenchmark(code, period, level);
  const ind = cat.data?.items.find((i) => i.code === code);
  const lang = i18n.language;
  const isBool = ind?.unit === 'boolean';
  const fmt = useMemo(
    () => (v: number | null) => (isBool ? formatShare(v, lang) : formatValue(v, ind?.unit ?? 'count', lang, ['', ''])),
    [isBool, lang, ind?.unit],
  );
  const chartData = useMemo(
    () => (q.data ? [...q.data.items].sort((a, b) => ((isBool ? b.share : b.median) ?? -1) - ((isBool ? a.share : a.median) ?? -1)).map((r) => ({ label: r.name, value: (isBool ? r.share : r.median) ?? null })) : []),
    [q.data, isBool],
  );
  const fmtChart = useMemo(() => (v: number | null) => fmt(v), [fmt]);
  const name = ind ? (lang === 'en' ? ind.nameEn : ind.nameIt) : code;
  return (
    <div>
      <h1>{t('benchmark.title')}</h1>
      <DigitalAgendaNav />
      <form className="row g-2 align-items-end mb-3" onSubmit={(e) => e.preventDefault()}>
        <div className="col-md-6">
          <label htmlFor="bm-indicator" className="form-label">
            {t('filters.indicator')}
          </label>
          <select id="bm-indicator" className="form-select" value={code} onChange={(e) => onSearch({ ...search, indicator: e.target.value })}>
            {cat.data?.items.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} – {lang === 'en' ? i.nameEn : i.nameIt}
              </option>
            ))}
          </select>
        </div>
        <PeriodSelect id="bm-period" value={period} onChange={(p) => onSearch({ ...search, period: p })} />
        <div className="col-auto">
          <label htmlFor="bm-level" className="form-label">
            {t('filters.level')}
          </label>
          <select id="bm-level" className="form-select" value={level} onChange={(e) => onSearch({ ...search, level: e.target.value as 'province' | 'region' })}>
            <option value="province">{t('filters.province')}</option>
            <option value="region">{t('filters.region')}</option>
          </select>
        </div>
      </form>
      <Downloads label={t('benchmark.download')} csv={downloadUrl(`/indicators/${code}/benchmark`, { period, level }, 'csv')} json={downloadUrl(`/indicators/${code}/benchmark`, { period, level }, 'json')} />
      {q.isError && <ApiErrorAlert error={q.error} />}
      {q.isPending && <Loading />}
      {q.data && (
        <>
          <p>
            {t('benchmark.national', {
              comuni: q.data.national.comuni,
              value: isBool ? formatShare(q.data.national.share, lang) : fmt(q.data.national.median ?? null),
              weighted: isBool ? formatShare(q.data.national.populationWeighted, lang) : fmt(q.data.national.populationWeighted ?? null),
            })}
          </p>
          <BarChart id="benchmark" title={t('benchmark.chart', { name, period })} data={chartData} format={fmtChart} />
          <div className="table-responsive">
            <table className="table table-sm">
              <caption>{t('benchmark.caption', { name, period })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('benchmark.territory')}</th>
                  <th scope="col" className="text-end">{t('benchmark.comuni')}</th>
                  <th scope="col" className="text-end">{t('benchmark.coverage')}</th>
                  {isBool ? (
                    <>
                      <th scope="col" className="text-end">{t('benchmark.share')}</th>
                      <th scope="col" className="text-end">{t('benchmark.populationWeightedShare')}</th>
                    </>
                  ) : (
                    <>
                      <th scope="col" className="text-end">{t('benchmark.mean')}</th>
                      <th scope="col" className="text-end">{t('benchmark.median')}</th>
                      <th scope="col" className="text-end">{t('benchmark.populationWeightedMean')}</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {q.data.items.map((r) => (
                  <tr key={r.code} className={r.code === search.province ? 'table-primary' : undefined} aria-current={r.code === search.province ? 'true' : undefined}>
                    <th scope="row" className="fw-normal">
                      {r.name}
                      {r.metropolitan && <span className="badge bg-secondary ms-1">{t('benchmark.metropolitan')}</span>}
                      {r.inProgramme && <span className="badge bg-primary ms-1">{t('benchmark.programme')}</span>}
                    </th>
                    <td className="text-end">{r.comuni}</td>
                    <td className="text-end">{formatShare(r.coverage, lang)}</td>
                    {isBool ? (
                      <>
                        <td className="text-end">{formatShare(r.share, lang)}</td>
                        <td className="text-end">{formatShare(r.populationWeighted, lang)}</td>
                      </>
                    ) : (
                      <>
                        <td className="text-end">{fmt(r.mean ?? null)}</td>
                        <td className="text-end">{fmt(r.median ?? null)}</td>
                        <td className="text-end">{fmt(r.populationWeighted ?? null)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <BenchmarkViews
        code={code}
        name={name}
        period={period}
        isBool={isBool}
        polarity={ind?.polarity}
        province={search.province}
        onProvince={(province) => onSearch({ ...search, province })}
        format={fmtChart}
      />
    </div>
  );
}

import { useMemo } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { downloadUrl } from './api';
import { ChartFigure } from './ChartFigure';
import { Downloads } from './components';
import { useDigitalAgendaTranslation } from './i18n';
import type { DaHeatMap } from './views-api';

const score = (v: number | null | undefined, lang: string) =>
  v === null || v === undefined ? '–' : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: 1 }).format(v * 100);

/** Areas × Provinces: the mean area score of the Comuni of every Province and Città metropolitana (0–100). */
export function HeatMapChart({ period, data, error, pending, highlight }: { period: number; data: DaHeatMap | undefined; error: unknown; pending: boolean; highlight?: string }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const lang = i18n.language;
  const title = t('views.heatmap.chart', { period });
  const option = useMemo(() => {
    if (!data || data.methodologyVersion === null) return null;
    const cells: [number, number, number | '-'][] = [];
    data.items.forEach((p, y) => data.areas.forEach((a, x) => cells.push([x, y, p.scores[a] === null || p.scores[a] === undefined ? '-' : Math.round(p.scores[a]! * 1000) / 10])));
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 48, containLabel: true },
      tooltip: { position: 'top' },
      xAxis: { type: 'category', data: data.areas, position: 'top', splitArea: { show: true } },
      yAxis: { type: 'category', data: data.items.map((p) => p.name.replace(/^(Provincia|Città metropolitana) di /, '')), inverse: true, axisLabel: { fontSize: 9 } },
      visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f2f7fc', '#0066cc', '#003366'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: false } }],
    };
  }, [data]);
  return (
    <section aria-labelledby="da-heatmap" className="mb-4">
      <h3 id="da-heatmap" className="h4">
        {t('views.heatmap.title')}
      </h3>
      <Downloads label={t('views.download')} csv={downloadUrl('/heatmap', { period }, 'csv')} json={downloadUrl('/heatmap', { period }, 'json')} />
      {error ? <ApiErrorAlert error={error} /> : null}
      {pending && <Loading />}
      {data && data.methodologyVersion === null && <p>{t('views.heatmap.none')}</p>}
      {data && data.methodologyVersion !== null && (
        <>
          <p className="small">{t('views.heatmap.version', { version: data.methodologyVersion })}</p>
          <ChartFigure id="da-heatmap-figure" title={title} description={t('views.heatmap.aria', { rows: data.items.length, cols: data.areas.length })} option={option} height={data.items.length * 14 + 100}>
            <table className="table table-sm">
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('views.heatmap.province')}</th>
                  <th scope="col" className="text-end">
                    {t('views.heatmap.comuni')}
                  </th>
                  {data.areas.map((a) => (
                    <th key={a} scope="col" className="text-end">
                      <abbr title={t(`areas.${a}`)}>{a}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={p.code} className={p.code === highlight ? 'table-primary' : undefined} aria-current={p.code === highlight ? 'true' : undefined}>
                    <th scope="row" className="fw-normal">
                      {p.name}
                      {p.metropolitan && <span className="badge bg-secondary ms-1">{t('benchmark.metropolitan')}</span>}
                      {p.inProgramme && <span className="badge bg-primary ms-1">{t('benchmark.programme')}</span>}
                    </th>
                    <td className="text-end">{p.comuni}</td>
                    {data.areas.map((a) => (
                      <td key={a} className="text-end">
                        {score(p.scores[a], lang)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ChartFigure>
        </>
      )}
    </section>
  );
}

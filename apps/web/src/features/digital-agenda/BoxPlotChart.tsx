import { useMemo } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { downloadUrl } from './api';
import { ChartFigure } from './ChartFigure';
import { Downloads } from './components';
import { useDigitalAgendaTranslation } from './i18n';
import { scopeParams, useBoxPlots, type Scope } from './views-api';

/** Box plots of an indicator by peer group (nation, Region or Province), with the five numbers as a table. */
export function BoxPlotChart({ code, name, period, scope, format }: { code: string; name: string; period: number; scope: Scope; format: (v: number | null) => string }) {
  const { t } = useDigitalAgendaTranslation();
  const q = useBoxPlots(code, period, scope);
  const items = useMemo(() => q.data?.items ?? [], [q.data]);
  const territory = q.data ? (q.data.territory.level === 'national' ? t('views.national') : q.data.territory.name) : '';
  const title = t('views.boxplot.chart', { name, period, territory });
  const withData = useMemo(() => items.filter((i) => i.n > 0), [items]);
  const option = useMemo(
    () =>
      withData.length
        ? {
            grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
            tooltip: { trigger: 'item' },
            xAxis: { type: 'category', data: withData.map((i) => t(`peerGroups.${i.peerGroup}`)), axisLabel: { interval: 0, fontSize: 10, rotate: 20 } },
            yAxis: { type: 'value', scale: true },
            series: [{ type: 'boxplot', itemStyle: { color: '#d9e8f6', borderColor: '#0066cc' }, data: withData.map((i) => [i.min, i.q1, i.median, i.q3, i.max]) }],
          }
        : null,
    [withData, t],
  );
  const params = { period, ...scopeParams(scope) };
  return (
    <section aria-labelledby="da-boxplot" className="mb-4">
      <h3 id="da-boxplot" className="h4">
        {t('views.boxplot.title')}
      </h3>
      <Downloads label={t('views.download')} csv={downloadUrl(`/indicators/${code}/boxplots`, params, 'csv')} json={downloadUrl(`/indicators/${code}/boxplots`, params, 'json')} />
      {q.isError && <ApiErrorAlert error={q.error} />}
      {q.isPending && <Loading />}
      {q.data && (
        <ChartFigure id="da-boxplot-figure" title={title} description={t('views.boxplot.aria', { count: withData.length })} option={option} height={300}>
          <table className="table table-sm">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('views.boxplot.peerGroup')}</th>
                {(['n', 'min', 'q1', 'median', 'q3', 'max'] as const).map((k) => (
                  <th key={k} scope="col" className="text-end">
                    {t(`views.boxplot.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.peerGroup}>
                  <th scope="row" className="fw-normal">
                    {t(`peerGroups.${i.peerGroup}`)}
                  </th>
                  <td className="text-end">{i.n}</td>
                  <td className="text-end">{format(i.min)}</td>
                  <td className="text-end">{format(i.q1)}</td>
                  <td className="text-end">{format(i.median)}</td>
                  <td className="text-end">{format(i.q3)}</td>
                  <td className="text-end">{format(i.max)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>
      )}
    </section>
  );
}

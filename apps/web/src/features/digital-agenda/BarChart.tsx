import { useMemo } from 'react';
import { ChartFigure } from './ChartFigure';
import { useDigitalAgendaTranslation } from './i18n';

export interface BarDatum {
  label: string;
  value: number | null;
}

/**
 * A horizontal bar chart with an accessible description and, always, the same data as a table: the table is the
 * alternative for screen readers and keyboard users, and the source of the numbers.
 */
export function BarChart({ id, title, data, format, height }: { id: string; title: string; data: BarDatum[]; format: (v: number | null) => string; height?: number }) {
  const { t } = useDigitalAgendaTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format(typeof v === 'number' ? v : null) },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: data.map((d) => d.label), inverse: true, axisLabel: { fontSize: 11 } },
      series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#0066cc' } }],
    }),
    [data, format],
  );
  return (
    <ChartFigure id={id} title={title} description={t('chart.aria', { count: data.length })} option={option} height={height ?? Math.max(160, data.length * 18)}>
      <table className="table table-sm">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chart.label')}</th>
            <th scope="col" className="text-end">
              {t('chart.value')}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row" className="fw-normal">
                {d.label}
              </th>
              <td className="text-end">{format(d.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFigure>
  );
}

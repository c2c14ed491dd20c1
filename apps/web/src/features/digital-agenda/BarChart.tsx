import { useEffect, useRef, useState } from 'react';
import { useDigitalAgendaTranslation } from './i18n';

export interface BarDatum {
  label: string;
  value: number | null;
}

/** ECharts is loaded only when a chart is shown (its own chunk), with the Italian locale registered. */
async function loadECharts() {
  const [core, charts, components, renderers, it] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
    import('echarts/lib/i18n/langIT.js'),
  ]);
  core.use([charts.BarChart, components.GridComponent, components.TooltipComponent, components.AriaComponent, renderers.SVGRenderer]);
  core.registerLocale('IT', it.default);
  return core;
}

/**
 * A horizontal bar chart with an accessible description (ECharts aria) and, always, the same data as a table:
 * the table is the alternative for screen readers and keyboard users, and the source of the numbers.
 */
export function BarChart({ id, title, data, format, height }: { id: string; title: string; data: BarDatum[]; format: (v: number | null) => string; height?: number }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void } | null = null;
    void loadECharts()
      .then((echarts) => {
        if (disposed || !ref.current) return;
        const c = echarts.init(ref.current, null, { renderer: 'svg', locale: i18n.language === 'en' ? 'EN' : 'IT' });
        chart = c;
        c.setOption({
          aria: { enabled: true, label: { description: `${title}. ${t('chart.aria', { count: data.length })}` } },
          grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
          tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format(typeof v === 'number' ? v : null) },
          xAxis: { type: 'value' },
          yAxis: { type: 'category', data: data.map((d) => d.label), inverse: true, axisLabel: { fontSize: 11 } },
          series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#0066cc' } }],
        });
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [data, title, format, i18n.language, t]);
  return (
    <figure className="mb-4" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="h6">
        {title}
      </figcaption>
      {!failed && <div ref={ref} data-testid={`${id}-chart`} style={{ width: '100%', height: height ?? Math.max(160, data.length * 18) }} />}
      <details className="mt-2">
        <summary>{t('chart.table')}</summary>
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
      </details>
    </figure>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useDigitalAgendaTranslation } from './i18n';

export interface LinePoint {
  period: number;
  value: number;
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
  core.use([charts.LineChart, components.GridComponent, components.TooltipComponent, components.AriaComponent, components.MarkLineComponent, renderers.SVGRenderer]);
  core.registerLocale('IT', it.default);
  return core;
}

/**
 * A line chart of a series over the years, with the target as a dashed line. The chart carries an accessible
 * description (ECharts aria) naming what it shows; the data table that the page renders next to it is the
 * alternative for screen readers and keyboard users.
 */
export function LineChart({ id, title, description, series, target, format }: { id: string; title: string; description: string; series: LinePoint[]; target: number | null; format: (v: number | null) => string }) {
  const { i18n } = useDigitalAgendaTranslation();
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
          aria: { enabled: true, label: { description: `${title}. ${description}` } },
          grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
          tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format(typeof v === 'number' ? v : null) },
          xAxis: { type: 'category', data: series.map((p) => String(p.period)) },
          yAxis: { type: 'value' },
          series: [
            {
              type: 'line',
              data: series.map((p) => p.value),
              itemStyle: { color: '#0066cc' },
              ...(target !== null ? { markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#cc334d' }, data: [{ yAxis: target }], label: { formatter: () => format(target) } } } : {}),
            },
          ],
        });
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [series, target, title, description, format, i18n.language]);
  return (
    <figure className="mb-3" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="h6">
        {title}
      </figcaption>
      <p id={`${id}-description`} className="visually-hidden">
        {description}
      </p>
      {!failed && <div ref={ref} data-testid={`${id}-chart`} aria-describedby={`${id}-description`} style={{ width: '100%', height: 260 }} />}
    </figure>
  );
}

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useDigitalAgendaTranslation } from './i18n';

/** ECharts, loaded only when a chart is shown (its own chunk), with the Italian locale registered. */
async function loadECharts() {
  const [core, charts, components, renderers, it] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
    import('echarts/lib/i18n/langIT.js'),
  ]);
  core.use([
    charts.BarChart,
    charts.BoxplotChart,
    charts.HeatmapChart,
    charts.LineChart,
    components.GridComponent,
    components.TooltipComponent,
    components.AriaComponent,
    components.MarkLineComponent,
    components.VisualMapComponent,
    renderers.SVGRenderer,
  ]);
  core.registerLocale('IT', it.default);
  return core;
}

/**
 * A chart with its caption, an accessible description (ECharts aria) and the same data as a table (the
 * alternative for screen readers and keyboard users): `option` builds the ECharts option, `children` is the table,
 * in a disclosure under the chart (without children, the page shows the table itself next to the chart).
 */
export function ChartFigure({ id, title, description, option, height, children }: { id: string; title: string; description: string; option: Record<string, unknown> | null; height: number; children?: ReactNode }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!option) return undefined;
    let disposed = false;
    let chart: { dispose(): void } | null = null;
    void loadECharts()
      .then((echarts) => {
        if (disposed || !ref.current) return;
        const c = echarts.init(ref.current, null, { renderer: 'svg', locale: i18n.language === 'en' ? 'EN' : 'IT' });
        chart = c;
        c.setOption({ aria: { enabled: true, label: { description: `${title}. ${description}` } }, ...option });
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [option, title, description, i18n.language]);
  return (
    <figure className="mb-4" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="h6">
        {title}
      </figcaption>
      <p id={`${id}-desc`} className="visually-hidden">
        {description}
      </p>
      {!failed && option && <div ref={ref} data-testid={`${id}-chart`} aria-describedby={`${id}-desc`} style={{ width: '100%', height }} />}
      {children && (
        <details className="mt-2">
          <summary>{t('views.chartTable')}</summary>
          <div className="table-responsive">{children}</div>
        </details>
      )}
    </figure>
  );
}

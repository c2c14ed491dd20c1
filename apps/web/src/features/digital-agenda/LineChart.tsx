import { useMemo } from 'react';
import { ChartFigure } from './ChartFigure';

export interface LinePoint {
  period: number;
  value: number;
}

/**
 * A line chart of a series over the years, with the target as a dashed line. The chart carries an accessible
 * description naming what it shows; the data table that the page renders next to it is the alternative for screen
 * readers and keyboard users.
 */
export function LineChart({ id, title, description, series, target, format }: { id: string; title: string; description: string; series: LinePoint[]; target: number | null; format: (v: number | null) => string }) {
  const option = useMemo(
    () => ({
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
    }),
    [series, target, format],
  );
  return <ChartFigure id={id} title={title} description={description} option={option} height={260} />;
}

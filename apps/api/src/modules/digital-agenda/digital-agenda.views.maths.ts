/**
 * The maths of the benchmark views: five-number summaries of a peer group (box plots) and the improvement of a
 * Comune between two periods. Pure functions, no database; the SQL of the views uses the same definitions.
 */
import type { Polarity } from './digital-agenda.maths.js';

export interface FiveNumbers {
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

/**
 * The p-quantile of sorted values by linear interpolation between the closest ranks: position p·(n − 1) from 0,
 * the definition of PostgreSQL's `percentile_cont` (and of Excel's QUARTILE.INC, R type 7).
 */
export function quantileSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Minimum, quartiles, median and maximum of a list of values (ties kept: every Comune counts once). */
export function fiveNumbers(values: readonly number[]): FiveNumbers {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0, min: null, q1: null, median: null, q3: null, max: null };
  return { n: s.length, min: s[0]!, q1: quantileSorted(s, 0.25), median: quantileSorted(s, 0.5), q3: quantileSorted(s, 0.75), max: s[s.length - 1]! };
}

/**
 * The improvement between two values of an indicator: the change oriented so that a positive number is always
 * better (a fall is an improvement where lower is better). Context indicators have none.
 */
export function improvement(from: number, to: number, polarity: Polarity): number | null {
  if (polarity === 'context') return null;
  return polarity === 'down' ? from - to : to - from;
}

export interface Change {
  istatCode: string;
  name: string;
  from: number;
  to: number;
}

/**
 * The Comuni that improved most, best first: only real improvements (> 0); ties by the larger relative change,
 * then by name, so that the order is stable.
 */
export function bestImprovers<T extends Change>(changes: readonly T[], polarity: Polarity, limit: number): (T & { delta: number; improvement: number })[] {
  if (polarity === 'context') return [];
  const scored = changes
    .map((c) => ({ ...c, delta: c.to - c.from, improvement: improvement(c.from, c.to, polarity)! }))
    .filter((c) => c.improvement > 0);
  const relative = (c: { from: number; improvement: number }) => (c.from === 0 ? Number.POSITIVE_INFINITY : c.improvement / Math.abs(c.from));
  scored.sort((a, b) => b.improvement - a.improvement || relative(b) - relative(a) || a.name.localeCompare(b.name, 'it'));
  return scored.slice(0, limit);
}

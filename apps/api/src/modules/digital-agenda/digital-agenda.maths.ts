/**
 * The maths of the Agenda Digitale Territoriale: normalisation with fixed goalposts, percentiles and ranks within a
 * peer group, aggregation from Comuni (share of Comuni, population-weighted), composite index with its robustness
 * draws, gap closure and run-rate forecast. Pure functions, no database.
 */

export type Polarity = 'up' | 'down' | 'context';
export type Aggregation = 'share' | 'mean' | 'median' | 'ratio' | 'sum';
export type Status = 'on_track' | 'at_risk' | 'off_track';

/** Population classes (ISTAT style, right-closed): the peer groups of the rankings. */
export const PEER_GROUPS = [
  { code: 'fino-1000', max: 1000 },
  { code: '1001-5000', max: 5000 },
  { code: '5001-10000', max: 10000 },
  { code: '10001-20000', max: 20000 },
  { code: '20001-60000', max: 60000 },
  { code: '60001-250000', max: 250000 },
  { code: 'oltre-250000', max: Number.POSITIVE_INFINITY },
] as const;

export function peerGroupOf(population: number): string {
  return PEER_GROUPS.find((g) => population <= g.max)!.code;
}

/** Min–max normalisation on fixed goalposts; values beyond the goalposts go past 0 or 1 (DESI practice). */
export function normalise(x: number, [lower, upper]: readonly [number, number], polarity: Polarity): number | null {
  if (polarity === 'context' || upper === lower) return null;
  return polarity === 'down' ? (upper - x) / (upper - lower) : (x - lower) / (upper - lower);
}

/** How a value compares with another: positive when `a` is better. */
const better = (polarity: Polarity) => (a: number, b: number) => (polarity === 'down' ? b - a : a - b);

/**
 * Percentile of `x` among `values` (which include it), ties counted half: 100 × (worse + ½ equal) / n,
 * oriented so that a higher percentile is always better.
 */
export function percentileInGroup(values: readonly number[], x: number, polarity: Polarity): number {
  if (values.length === 0) return 0;
  const cmp = better(polarity);
  let worse = 0;
  let equal = 0;
  for (const v of values) {
    const c = cmp(v, x);
    if (c < 0) worse++;
    else if (c === 0) equal++;
  }
  return (100 * (worse + equal / 2)) / values.length;
}

/** Competition rank ("1224"): one plus the number of strictly better values. */
export function rankInGroup(values: readonly number[], x: number, polarity: Polarity): number {
  const cmp = better(polarity);
  let ahead = 0;
  for (const v of values) if (cmp(v, x) > 0) ahead++;
  return ahead + 1;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Observation {
  value: number;
  population: number;
}

export interface Aggregate {
  comuni: number;
  /** Share of Comuni meeting the condition (booleans): Σ 1[x] / N. */
  share?: number;
  /** Σ pop·x / Σ pop: population-weighted share (booleans) or mean (numbers). */
  populationWeighted?: number;
  mean?: number;
  median?: number;
  sum?: number;
}

/** Aggregates the values of the Comuni of a territory (never means of lower-level means). */
export function aggregate(obs: readonly Observation[], aggregation: Aggregation): Aggregate {
  const n = obs.length;
  if (n === 0) return { comuni: 0 };
  let popSum = 0;
  let weighted = 0;
  let sum = 0;
  for (const o of obs) {
    popSum += o.population;
    weighted += o.population * o.value;
    sum += o.value;
  }
  const pw = popSum > 0 ? weighted / popSum : undefined;
  if (aggregation === 'share') return { comuni: n, share: sum / n, populationWeighted: pw };
  const med = median(obs.map((o) => o.value))!;
  const out: Aggregate = { comuni: n, mean: sum / n, median: med, populationWeighted: pw };
  if (aggregation === 'sum') out.sum = sum;
  return out;
}

/** The headline figure of an aggregate, by the indicator's aggregation rule. */
export function headline(a: Aggregate, aggregation: Aggregation): number | null {
  if (a.comuni === 0) return null;
  switch (aggregation) {
    case 'share':
      return a.share ?? null;
    case 'ratio':
      return a.populationWeighted ?? null;
    case 'median':
      return a.median ?? null;
    case 'sum':
      return a.sum ?? null;
    case 'mean':
      return a.mean ?? null;
  }
}

export interface ScoredIndicator {
  area: string;
  score: number;
}

/** Area sub-indices: equal weights within an area, scores capped to [0, 1] before averaging. */
export function areaScores(items: readonly ScoredIndicator[], indicatorsPerArea: Readonly<Record<string, number>>): Record<string, { score: number; coverage: number }> {
  const acc: Record<string, { sum: number; n: number }> = {};
  for (const it of items) {
    const a = (acc[it.area] ??= { sum: 0, n: 0 });
    a.sum += Math.min(1, Math.max(0, it.score));
    a.n++;
  }
  const out: Record<string, { score: number; coverage: number }> = {};
  for (const [area, { sum, n }] of Object.entries(acc)) {
    out[area] = { score: sum / n, coverage: n / (indicatorsPerArea[area] ?? n) };
  }
  return out;
}

/** An area is computed only when at least this share of its indicators has data. */
export const AREA_MIN_COVERAGE = 0.6;

/**
 * The composite index on 0–100: Σ W_a·S_a / Σ W_a over the areas with enough coverage (re-weighted), with the
 * share of the total weight it rests on.
 */
export function composite(areas: Readonly<Record<string, { score: number; coverage: number }>>, weights: Readonly<Record<string, number>>): { score: number | null; coverage: number } {
  let total = 0;
  let used = 0;
  let acc = 0;
  for (const [area, w] of Object.entries(weights)) {
    if (w <= 0) continue;
    total += w;
    const a = areas[area];
    if (!a || a.coverage < AREA_MIN_COVERAGE) continue;
    used += w;
    acc += w * a.score;
  }
  if (used === 0) return { score: null, coverage: 0 };
  return { score: (100 * acc) / used, coverage: total > 0 ? used / total : 0 };
}

/** A small deterministic generator (mulberry32): the same draws on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rank intervals of the composite under perturbed weights: each draw multiplies every area weight by a factor in
 * [1 − spread, 1 + spread], recomputes the composite of every member and ranks them (competition rank, higher is
 * better). Answers, per member, the 5th and 95th percentile of its ranks over the draws.
 */
export function rankIntervals(
  members: readonly Readonly<Record<string, { score: number; coverage: number }>>[],
  weights: Readonly<Record<string, number>>,
  opts: { draws?: number; spread?: number; seed?: number } = {},
): { low: number; high: number }[] {
  const draws = opts.draws ?? 200;
  const spread = opts.spread ?? 0.5;
  const rnd = seededRandom(opts.seed ?? 20260630);
  const areas = Object.keys(weights).filter((a) => (weights[a] ?? 0) > 0);
  const n = members.length;
  const ranks: number[][] = members.map(() => []);
  const scores = new Float64Array(n);
  for (let d = 0; d < draws; d++) {
    const w: Record<string, number> = {};
    for (const a of areas) w[a] = weights[a]! * (1 - spread + 2 * spread * rnd());
    for (let i = 0; i < n; i++) scores[i] = composite(members[i]!, w).score ?? Number.NaN;
    const order = [...scores.keys()].filter((i) => !Number.isNaN(scores[i]!)).sort((x, y) => scores[y]! - scores[x]!);
    let prev = Number.NaN;
    let rank = 0;
    order.forEach((i, pos) => {
      if (scores[i] !== prev) rank = pos + 1;
      prev = scores[i]!;
      ranks[i]!.push(rank);
    });
  }
  return ranks.map((r) => {
    if (r.length === 0) return { low: 0, high: 0 };
    const s = r.sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))]!;
    return { low: q(0.05), high: q(0.95) };
  });
}

/** Gap closure towards a target: (x_t − x_0) / (target − x_0); null when the baseline already is the target. */
export function gapClosure(baseline: number, current: number, target: number): number | null {
  if (target === baseline) return null;
  return (current - baseline) / (target - baseline);
}

export interface Forecast {
  /** Change per year at the last period's pace. */
  pace: number;
  /** The year the target is reached at that pace (null: never at that pace). */
  reachYear: number | null;
  status: Status;
}

/**
 * Run-rate forecast and status: the target reached is on track; otherwise, at the pace of the last year, on track
 * when reached by the deadline's year, at risk when one year later (or when there is no progress yet before the
 * deadline year), off track otherwise.
 */
export function forecast(series: readonly { period: number; value: number }[], target: number, deadlineYear: number, polarity: Polarity): Forecast | null {
  if (series.length === 0 || polarity === 'context') return null;
  const s = [...series].sort((a, b) => a.period - b.period);
  const last = s[s.length - 1]!;
  const prev = s.length > 1 ? s[s.length - 2]! : null;
  const sign = polarity === 'down' ? -1 : 1;
  const gap = sign * (target - last.value);
  const pace = prev ? (last.value - prev.value) / (last.period - prev.period) : 0;
  if (gap <= 0) return { pace, reachYear: last.period, status: 'on_track' };
  const signedPace = sign * pace;
  if (signedPace <= 0) return { pace, reachYear: null, status: last.period < deadlineYear ? 'at_risk' : 'off_track' };
  const reachYear = last.period + Math.ceil(gap / signedPace - 1e-9);
  const status: Status = reachYear <= deadlineYear ? 'on_track' : reachYear <= deadlineYear + 1 ? 'at_risk' : 'off_track';
  return { pace, reachYear, status };
}

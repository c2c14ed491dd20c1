import { describe, expect, it } from 'vitest';
import {
  aggregate,
  areaScores,
  composite,
  forecast,
  gapClosure,
  headline,
  median,
  normalise,
  peerGroupOf,
  percentileInGroup,
  rankInGroup,
  rankIntervals,
} from './digital-agenda.maths.js';

describe('peer groups', () => {
  it('puts a Comune in its right-closed population class', () => {
    expect(peerGroupOf(1000)).toBe('fino-1000');
    expect(peerGroupOf(1001)).toBe('1001-5000');
    expect(peerGroupOf(60000)).toBe('20001-60000');
    expect(peerGroupOf(2_750_000)).toBe('oltre-250000');
  });
});

describe('normalisation on fixed goalposts', () => {
  it('maps the goalposts to 0 and 1 and lets values go beyond them', () => {
    expect(normalise(10, [0, 20], 'up')).toBe(0.5);
    expect(normalise(35, [0, 20], 'up')).toBe(1.75);
    expect(normalise(-5, [0, 20], 'up')).toBe(-0.25);
  });
  it('reverses lower-is-better indicators: 360 days between 180 and 900 scores 0.75', () => {
    expect(normalise(360, [180, 900], 'down')).toBe(0.75);
  });
  it('does not score context indicators nor degenerate goalposts', () => {
    expect(normalise(3, [0, 10], 'context')).toBeNull();
    expect(normalise(3, [5, 5], 'up')).toBeNull();
  });
});

describe('percentiles and ranks within a peer group', () => {
  const group = [1, 2, 2, 2, 5];
  it('counts ties half: the value 2 among 1,2,2,2,5 is at (1 + 3/2)/5 = 50%', () => {
    expect(percentileInGroup(group, 2, 'up')).toBe(50);
    expect(percentileInGroup(group, 5, 'up')).toBe(90);
    expect(percentileInGroup(group, 1, 'up')).toBe(10);
  });
  it('orients percentiles so that higher is better for lower-is-better indicators', () => {
    expect(percentileInGroup(group, 1, 'down')).toBe(90);
  });
  it('gives tied values the same competition rank (1224)', () => {
    expect(rankInGroup(group, 5, 'up')).toBe(1);
    expect(rankInGroup(group, 2, 'up')).toBe(2);
    expect(rankInGroup(group, 1, 'up')).toBe(5);
    expect(rankInGroup(group, 1, 'down')).toBe(1);
  });
  it('takes the middle of an even list as median', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('aggregation from Comuni', () => {
  // a capoluogo of 100,000 without the service and four small Comuni of 1,000 with it
  const obs = [
    { value: 0, population: 100_000 },
    { value: 1, population: 1_000 },
    { value: 1, population: 1_000 },
    { value: 1, population: 1_000 },
    { value: 1, population: 1_000 },
  ];
  it('gives both the share of Comuni (80%) and the population-weighted share (4,000 / 104,000)', () => {
    const a = aggregate(obs, 'share');
    expect(a.comuni).toBe(5);
    expect(a.share).toBe(0.8);
    expect(a.populationWeighted).toBeCloseTo(4000 / 104000, 12);
    expect(headline(a, 'share')).toBe(0.8);
  });
  it('pools ratios by population rather than averaging the Comuni’s ratios', () => {
    const a = aggregate([{ value: 10, population: 9_000 }, { value: 0, population: 1_000 }], 'ratio');
    expect(a.mean).toBe(5);
    expect(headline(a, 'ratio')).toBe(9);
  });
  it('aggregates a region from its Comuni, not from its provinces’ means', () => {
    const provA = [{ value: 1, population: 1 }];
    const provB = [{ value: 0, population: 1 }, { value: 0, population: 1 }, { value: 0, population: 1 }];
    const meanOfMeans = (headline(aggregate(provA, 'share'), 'share')! + headline(aggregate(provB, 'share'), 'share')!) / 2;
    expect(meanOfMeans).toBe(0.5);
    expect(headline(aggregate([...provA, ...provB], 'share'), 'share')).toBe(0.25);
  });
  it('answers no figures for a territory without values', () => {
    expect(aggregate([], 'mean')).toEqual({ comuni: 0 });
    expect(headline({ comuni: 0 }, 'mean')).toBeNull();
  });
});

describe('composite index', () => {
  const perArea = { SRV: 5, SEC: 2 };
  it('averages an area on its scored indicators, capping each score to [0, 1]', () => {
    const a = areaScores(
      [
        { area: 'SRV', score: 1.5 },
        { area: 'SRV', score: 0.5 },
        { area: 'SRV', score: 0 },
        { area: 'SEC', score: 0.5 },
      ],
      perArea,
    );
    expect(a.SRV!.score).toBe(0.5);
    expect(a.SRV!.coverage).toBe(0.6);
    expect(a.SEC!.coverage).toBe(0.5);
  });
  it('leaves out an area below 60% coverage and re-weights the others', () => {
    const areas = { SRV: { score: 0.5, coverage: 0.6 }, SEC: { score: 1, coverage: 0.5 } };
    expect(composite(areas, { SRV: 20, SEC: 10 })).toEqual({ score: 50, coverage: 20 / 30 });
    expect(composite({ SRV: { score: 0.5, coverage: 1 }, SEC: { score: 1, coverage: 1 } }, { SRV: 20, SEC: 10 }).score).toBeCloseTo((20 * 0.5 + 10) / 30 * 100, 12);
  });
  it('answers no score without any covered area', () => {
    expect(composite({}, { SRV: 20 })).toEqual({ score: null, coverage: 0 });
  });
  it('gives a single rank when a member dominates in every area, and an interval when weights decide', () => {
    const w = { A: 1, B: 1 };
    const members = [
      { A: { score: 1, coverage: 1 }, B: { score: 1, coverage: 1 } },
      { A: { score: 0.9, coverage: 1 }, B: { score: 0.1, coverage: 1 } },
      { A: { score: 0.1, coverage: 1 }, B: { score: 0.9, coverage: 1 } },
    ];
    const r = rankIntervals(members, w, { draws: 400, seed: 7 });
    expect(r[0]).toEqual({ low: 1, high: 1 });
    expect(r[1]).toEqual({ low: 2, high: 3 });
    expect(r[2]).toEqual({ low: 2, high: 3 });
    expect(rankIntervals(members, w, { draws: 400, seed: 7 })).toEqual(r);
  });
});

describe('gap closure and run-rate forecast', () => {
  it('measures the share of the gap closed: from 20 to 50 towards 80 is one half', () => {
    expect(gapClosure(20, 50, 80)).toBe(0.5);
    expect(gapClosure(80, 80, 80)).toBeNull();
  });
  it('is on track when the pace reaches the target by the deadline year', () => {
    // 10 → 20 per year; 15 still missing to 35: two more years (2026) for a 2026 deadline
    expect(forecast([{ period: 2023, value: 10 }, { period: 2024, value: 20 }], 35, 2026, 'up')).toEqual({ pace: 10, reachYear: 2026, status: 'on_track' });
  });
  it('is at risk one year late and off track later', () => {
    // pace 7, 18 missing: three years (2027), one after the deadline
    expect(forecast([{ period: 2023, value: 10 }, { period: 2024, value: 17 }], 35, 2026, 'up')!.status).toBe('at_risk');
    expect(forecast([{ period: 2023, value: 10 }, { period: 2024, value: 12 }], 35, 2026, 'up')!.status).toBe('off_track');
  });
  it('treats a boolean not adopted as at risk before the deadline year and off track from it', () => {
    expect(forecast([{ period: 2025, value: 0 }], 1, 2026, 'up')!.status).toBe('at_risk');
    expect(forecast([{ period: 2025, value: 0 }, { period: 2026, value: 0 }], 1, 2026, 'up')!.status).toBe('off_track');
    expect(forecast([{ period: 2026, value: 1 }], 1, 2026, 'up')!.status).toBe('on_track');
  });
  it('reads lower-is-better targets downwards', () => {
    expect(forecast([{ period: 2024, value: 600 }, { period: 2025, value: 400 }], 200, 2026, 'down')!.status).toBe('on_track');
  });
});

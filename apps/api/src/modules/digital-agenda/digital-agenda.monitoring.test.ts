import { describe, expect, it } from 'vitest';
import { fallsBehind, progress } from './digital-agenda.monitoring.js';

const pnrr = { target: 1, deadlineYear: 2026, polarity: 'up' as const };
const services = { target: 35, deadlineYear: 2026, polarity: 'up' as const };

describe('the falling-behind rule', () => {
  it('flags a PNRR boolean still not adopted in its deadline year as off track', () => {
    expect(fallsBehind([{ period: 2026, value: 0 }], 2026, pnrr)).toBe('off_track');
  });
  it('does not flag a boolean not yet adopted before the deadline year (at risk, not behind)', () => {
    expect(fallsBehind([{ period: 2025, value: 0 }], 2025, pnrr)).toBeNull();
  });
  it('never flags a Comune that reached the target, even after a fall', () => {
    expect(fallsBehind([{ period: 2025, value: 40 }, { period: 2026, value: 36 }], 2026, services)).toBeNull();
  });
  it('flags a fall from the previous year before the deadline year as a decline', () => {
    expect(fallsBehind([{ period: 2024, value: 10 }, { period: 2025, value: 8 }], 2025, services)).toBe('decline');
  });
  it('flags a pace that reaches the target more than a year after the deadline as off track', () => {
    // 10 → 12: 23 services missing at 2 a year, reached in 2037
    expect(fallsBehind([{ period: 2024, value: 10 }, { period: 2025, value: 12 }], 2025, services)).toBe('off_track');
  });
  it('does not flag a pace that reaches the target by the deadline', () => {
    expect(fallsBehind([{ period: 2024, value: 10 }, { period: 2025, value: 30 }], 2025, services)).toBeNull();
  });
  it('reads a fall on a "lower is better" indicator the other way round', () => {
    const days = { target: 30, deadlineYear: 2027, polarity: 'down' as const };
    expect(fallsBehind([{ period: 2024, value: 60 }, { period: 2025, value: 70 }], 2025, days)).toBe('decline');
    expect(fallsBehind([{ period: 2024, value: 60 }, { period: 2025, value: 45 }], 2025, days)).toBeNull();
  });
  it('does not compare with a year older than the previous one, nor judge a period the Comune has no value for', () => {
    expect(fallsBehind([{ period: 2022, value: 20 }, { period: 2025, value: 19.9 }], 2025, { ...services, deadlineYear: 2030 })).toBeNull();
    expect(fallsBehind([{ period: 2024, value: 0 }], 2026, pnrr)).toBeNull();
  });
  it('ignores indicators without a target or a direction', () => {
    expect(fallsBehind([{ period: 2026, value: 0 }], 2026, { target: null, deadlineYear: null, polarity: 'up' })).toBeNull();
    expect(fallsBehind([{ period: 2026, value: 0 }], 2026, { ...pnrr, polarity: 'context' })).toBeNull();
  });
});

describe('progress towards a target', () => {
  it('answers gap closure since the first year, the pace of the last year and the forecast status', () => {
    expect(progress([{ period: 2025, value: 20 }, { period: 2026, value: 25 }], 35, '2026-06-30', 'up')).toEqual({ gapClosure: 1 / 3, pace: 5, reachYear: 2028, status: 'off_track' });
    expect(progress([{ period: 2026, value: 25 }], null, null, 'up')).toEqual({ gapClosure: null, pace: null, reachYear: null, status: null });
  });
});

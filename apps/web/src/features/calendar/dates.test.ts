import { describe, expect, it } from 'vitest';
import { addMonths, isMonth, monthRange, monthWeeks, todayInRome } from './dates';

describe('calendar dates', () => {
  it('lays a month out in weeks from Monday, with empty cells outside it', () => {
    // 1 July 2026 is a Wednesday, 31 July a Friday
    const weeks = monthWeeks('2026-07');
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([null, null, '2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05']);
    expect(weeks[4]).toEqual(['2026-07-27', '2026-07-28', '2026-07-29', '2026-07-30', '2026-07-31', null, null]);
    // February 2027 starts on a Monday and fills four weeks exactly
    expect(monthWeeks('2027-02')).toHaveLength(4);
    expect(monthWeeks('2026-03').flat().filter(Boolean)).toHaveLength(31);
  });

  it('moves between months across years and knows their last day', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-11')).toBe(true);
  });

  it("takes today's date in Rome, not in the browser's zone", () => {
    expect(todayInRome(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInRome(new Date('2026-07-15T21:59:00Z'))).toBe('2026-07-15');
  });
});

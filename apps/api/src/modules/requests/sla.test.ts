import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingHours, addWorkingMinutes, clockStatus, easterSunday, isWorkingDay, publicHolidays, romeToUtc, subtractWorkingHours, subtractWorkingMinutes, workingMinutesBetween } from './sla.js';

/** An instant given as Rome wall-clock time. */
const rome = (isoLocal: string) => {
  const [date, time = '00:00'] = isoLocal.split('T');
  const [y, m, d] = date!.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return romeToUtc({ y: y!, m: m!, d: d! }, hh! * 60 + mm!);
};
const inRome = (at: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' }).format(at).replace(' ', 'T');

describe('Rome wall-clock time', () => {
  it('is one hour ahead of UTC in winter and two in summer', () => {
    expect(rome('2026-01-15T09:00').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(rome('2026-07-15T09:00').toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });
});

describe('public holidays', () => {
  it('computes Easter Sunday for known years', () => {
    expect(easterSunday(2024)).toEqual({ y: 2024, m: 3, d: 31 });
    expect(easterSunday(2025)).toEqual({ y: 2025, m: 4, d: 20 });
    expect(easterSunday(2026)).toEqual({ y: 2026, m: 4, d: 5 });
    expect(easterSunday(2027)).toEqual({ y: 2027, m: 3, d: 28 });
    expect(easterSunday(2038)).toEqual({ y: 2038, m: 4, d: 25 });
  });

  it('lists the eleven national holidays, Easter Monday 2026 on 6 April', () => {
    const h = publicHolidays(2026);
    expect(h.size).toBe(11);
    expect(h.has('2026-04-06')).toBe(true);
    for (const d of ['2026-01-01', '2026-01-06', '2026-04-25', '2026-05-01', '2026-06-02', '2026-08-15', '2026-11-01', '2026-12-08', '2026-12-25', '2026-12-26']) {
      expect(h.has(d), d).toBe(true);
    }
  });

  it('treats weekends and holidays as non-working days', () => {
    expect(isWorkingDay(rome('2026-04-06T10:00'))).toBe(false); // Easter Monday
    expect(isWorkingDay(rome('2026-04-07T10:00'))).toBe(true);
    expect(isWorkingDay(rome('2026-06-02T10:00'))).toBe(false); // Festa della Repubblica, a Tuesday
    expect(isWorkingDay(rome('2026-06-06T10:00'))).toBe(false); // Saturday
    expect(isWorkingDay(rome('2026-06-07T10:00'))).toBe(false); // Sunday
    expect(isWorkingDay(rome('2025-04-25T10:00'))).toBe(false); // Liberazione, a Friday
    // 23:30 UTC on Thursday 24 April 2025 is already Friday 25 April in Rome
    expect(isWorkingDay(new Date('2025-04-24T23:30:00Z'))).toBe(false);
  });
});

describe('addWorkingHours', () => {
  it('carries the hours left on Friday evening to Monday morning', () => {
    expect(inRome(addWorkingHours(rome('2026-03-13T16:00'), 4))).toBe('2026-03-16T12:00');
  });

  it('skips a weekend on which 25 April falls (Friday 24 April 2026 16:00 + 2 h = Monday 27 April 10:00)', () => {
    expect(inRome(addWorkingHours(rome('2026-04-24T16:00'), 2))).toBe('2026-04-27T10:00');
  });

  it('skips 25 April on a weekday (Thursday 24 April 2025 16:00 + 2 h = Monday 28 April 10:00)', () => {
    expect(inRome(addWorkingHours(rome('2025-04-24T16:00'), 2))).toBe('2025-04-28T10:00');
  });

  it('skips 2 June (Monday 1 June 2026 16:00 + 4 h = Wednesday 3 June 12:00)', () => {
    expect(inRome(addWorkingHours(rome('2026-06-01T16:00'), 4))).toBe('2026-06-03T12:00');
  });

  it('skips Easter Monday (Thursday 2 April 2026 16:00 + 16 h = Tuesday 7 April 16:00)', () => {
    expect(inRome(addWorkingHours(rome('2026-04-02T16:00'), 16))).toBe('2026-04-07T16:00');
  });

  it('starts counting at opening time when created at night or on a holiday', () => {
    expect(inRome(addWorkingHours(rome('2026-03-10T07:30'), 1))).toBe('2026-03-10T10:00');
    expect(inRome(addWorkingHours(rome('2026-03-10T20:00'), 1))).toBe('2026-03-11T10:00');
    expect(inRome(addWorkingHours(rome('2026-06-02T11:00'), 8))).toBe('2026-06-03T17:00');
  });

  it('ends at closing time when the hours fill the day exactly', () => {
    expect(inRome(addWorkingHours(rome('2026-03-13T16:00'), 1))).toBe('2026-03-13T17:00');
  });

  it('keeps wall-clock office hours across the change to summer time (29 March 2026)', () => {
    const due = addWorkingHours(rome('2026-03-27T15:00'), 4);
    expect(inRome(due)).toBe('2026-03-30T11:00');
    expect(due.toISOString()).toBe('2026-03-30T09:00:00.000Z');
  });

  it('keeps wall-clock office hours across the change to winter time (25 October 2026)', () => {
    const due = addWorkingHours(rome('2026-10-23T15:00'), 4);
    expect(inRome(due)).toBe('2026-10-26T11:00');
    expect(due.toISOString()).toBe('2026-10-26T10:00:00.000Z');
  });

  it('adds minutes and keeps seconds', () => {
    const start = new Date(rome('2026-03-10T10:00').getTime() + 30_000);
    expect(addWorkingMinutes(start, 90).getTime() - start.getTime()).toBe(90 * 60_000);
    expect(addWorkingMinutes(start, 0).getTime()).toBe(start.getTime());
  });
});

describe('addWorkingDays', () => {
  it('is due at closing time of the Nth working day after the start day', () => {
    expect(inRome(addWorkingDays(rome('2026-03-09T10:00'), 2))).toBe('2026-03-11T17:00');
    expect(inRome(addWorkingDays(rome('2026-03-13T16:00'), 1))).toBe('2026-03-16T17:00');
  });

  it('skips weekends and holidays (Friday 29 May 2026 + 2 days = Wednesday 3 June)', () => {
    expect(inRome(addWorkingDays(rome('2026-05-29T09:30'), 2))).toBe('2026-06-03T17:00');
  });

  it('skips Christmas and the new year (Wednesday 23 December 2026 + 5 days = Friday 1 January is skipped)', () => {
    // 24 Thu, (25 Fri, 26 Sat, 27 Sun), 28 Mon, 29 Tue, 30 Wed, 31 Thu, (1 Fri), 4 Mon
    expect(inRome(addWorkingDays(rome('2026-12-23T12:00'), 5))).toBe('2026-12-31T17:00');
    expect(inRome(addWorkingDays(rome('2026-12-23T12:00'), 6))).toBe('2027-01-04T17:00');
  });

  it('with zero days is due at the close of the start day or of the next working day', () => {
    expect(inRome(addWorkingDays(rome('2026-03-10T10:00'), 0))).toBe('2026-03-10T17:00');
    expect(inRome(addWorkingDays(rome('2026-03-14T10:00'), 0))).toBe('2026-03-16T17:00');
  });
});

describe('workingMinutesBetween', () => {
  it('counts only office hours across a weekend and a holiday', () => {
    // Friday 29 May 16:00 → Wednesday 3 June 10:00: 60 (Fri) + 480 (Mon 1 June) + 0 (2 June) + 60 (Wed)
    expect(workingMinutesBetween(rome('2026-05-29T16:00'), rome('2026-06-03T10:00'))).toBe(600);
  });

  it('counts across Liberazione on a Friday and the weekend after it', () => {
    // Thursday 24 April 2025 16:00 → Monday 28 April 10:00
    expect(workingMinutesBetween(rome('2025-04-24T16:00'), rome('2025-04-28T10:00'))).toBe(120);
  });

  it('is zero for reversed or non-working intervals', () => {
    expect(workingMinutesBetween(rome('2026-03-11T10:00'), rome('2026-03-10T10:00'))).toBe(0);
    expect(workingMinutesBetween(rome('2026-03-14T10:00'), rome('2026-03-15T18:00'))).toBe(0);
    expect(workingMinutesBetween(rome('2026-03-10T18:00'), rome('2026-03-11T08:00'))).toBe(0);
  });

  it('is not changed by the daylight saving time changes', () => {
    expect(workingMinutesBetween(rome('2026-03-27T09:00'), rome('2026-03-30T17:00'))).toBe(960);
    expect(workingMinutesBetween(rome('2026-10-23T09:00'), rome('2026-10-26T17:00'))).toBe(960);
  });

  it('is the inverse of addWorkingMinutes', () => {
    const starts = ['2026-03-27T15:10', '2026-04-03T16:59', '2026-06-01T08:00', '2026-12-24T13:00', '2026-10-23T11:00'];
    for (const s of starts) {
      for (const minutes of [1, 59, 480, 1000, 5000]) {
        const start = rome(s);
        expect(workingMinutesBetween(start, addWorkingMinutes(start, minutes)), `${s} + ${minutes}`).toBe(minutes);
      }
    }
  });
});

describe('subtractWorkingHours', () => {
  it('goes back across a weekend and a holiday (Wednesday 3 June 2026 12:00 − 4 h = Monday 1 June 16:00)', () => {
    expect(inRome(subtractWorkingHours(rome('2026-06-03T12:00'), 4))).toBe('2026-06-01T16:00');
    expect(inRome(subtractWorkingHours(rome('2026-03-16T12:00'), 4))).toBe('2026-03-13T16:00');
  });

  it('counts from the previous closing time when the end is outside office hours', () => {
    expect(inRome(subtractWorkingHours(rome('2026-03-14T11:00'), 1))).toBe('2026-03-13T16:00');
    expect(inRome(subtractWorkingHours(rome('2026-03-10T08:00'), 8))).toBe('2026-03-09T09:00');
  });

  it('is the inverse of addWorkingMinutes from office hours', () => {
    for (const s of ['2026-03-30T10:10', '2026-04-07T16:00', '2026-06-03T09:30', '2026-10-26T11:00']) {
      for (const minutes of [1, 59, 480, 1000, 5000]) {
        const end = rome(s);
        const start = subtractWorkingMinutes(end, minutes);
        expect(workingMinutesBetween(start, end), `${s} − ${minutes}`).toBe(minutes);
        expect(addWorkingMinutes(start, minutes).getTime(), `${s} − ${minutes}`).toBe(end.getTime());
      }
    }
  });
});

describe('clockStatus', () => {
  const start = rome('2026-03-09T09:00');
  const due = rome('2026-03-09T17:00'); // 480 working minutes
  it('is ok before 80 % of the working time, warning after, breached past due', () => {
    expect(clockStatus(start, due, null, rome('2026-03-09T15:00'))).toBe('ok');
    expect(clockStatus(start, due, null, rome('2026-03-09T15:24'))).toBe('warning');
    expect(clockStatus(start, due, null, rome('2026-03-09T17:01'))).toBe('breached');
  });
  it('is met when done in time and breached when done late', () => {
    expect(clockStatus(start, due, rome('2026-03-09T16:00'), rome('2026-03-20T10:00'))).toBe('met');
    expect(clockStatus(start, due, rome('2026-03-10T09:30'), rome('2026-03-20T10:00'))).toBe('breached');
  });
});

import { describe, expect, it } from 'vitest';
import { formatDay, formatEuro, parseEuro, romeLocalToIso } from './format';

describe('parseEuro', () => {
  it('reads Italian notation with thousands dots and decimal comma', () => {
    expect(parseEuro('180.000,50')).toBe(180000.5);
    expect(parseEuro('1.234.567,89 €')).toBe(1234567.89);
    expect(parseEuro('180.000')).toBe(180000);
  });

  it('reads plain digits with a comma or a dot for the decimals', () => {
    expect(parseEuro('180000')).toBe(180000);
    expect(parseEuro('180000,5')).toBe(180000.5);
    expect(parseEuro('0.10')).toBe(0.1);
  });

  it('answers undefined for an empty text and NaN for a non-amount or more than two decimals', () => {
    expect(parseEuro('  ')).toBeUndefined();
    expect(parseEuro('abc')).toBeNaN();
    expect(parseEuro('10,123')).toBeNaN();
    expect(parseEuro('1.2.3')).toBeNaN();
  });
});

describe('romeLocalToIso', () => {
  it('adds the winter offset of Rome', () => {
    expect(romeLocalToIso('2026-12-20T12:00')).toBe('2026-12-20T12:00:00+01:00');
  });

  it('adds the summer offset of Rome', () => {
    expect(romeLocalToIso('2026-07-01T09:30')).toBe('2026-07-01T09:30:00+02:00');
  });

  it('uses the offset in force after the clock changes on the last Sunday of October', () => {
    expect(romeLocalToIso('2026-10-25T12:00')).toBe('2026-10-25T12:00:00+01:00');
    expect(romeLocalToIso('2026-03-29T12:00')).toBe('2026-03-29T12:00:00+02:00');
  });

  it('answers undefined for a value that is not a local date-time', () => {
    expect(romeLocalToIso('')).toBeUndefined();
    expect(romeLocalToIso('20/12/2026 12:00')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes euros in Italian notation', () => {
    expect(formatEuro(180000).replace(/\u00a0/g, ' ')).toBe('180.000,00 €');
    expect(formatEuro(null)).toBe('');
  });

  it('writes a calendar date as dd/mm/yyyy', () => {
    expect(formatDay('2026-12-20')).toBe('20/12/2026');
  });
});

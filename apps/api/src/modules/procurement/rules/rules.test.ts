import { describe, expect, it } from 'vitest';
import { procurementRules } from '../../../../../../packages/db/seed/reference/procurement-rules.js';
import { REQUIRED_RULE_KEYS, RuleBookError, decimalToCents, rulesAt, type RuleValue } from './rules.js';

const row = (key: string, value: string, validFrom: string, validTo: string | null, unit: RuleValue['unit'] = 'EUR'): RuleValue =>
  ({ key, value, unit, validFrom, validTo, legalBasis: 'test', noteIt: '', noteEn: '' });

function errorOf(fn: () => unknown): RuleBookError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleBookError) return e;
    throw e;
  }
  throw new Error('expected a RuleBookError');
}

describe('rulesAt', () => {
  it('picks the EU threshold of the period containing the date, both ends included', () => {
    expect(rulesAt(procurementRules, '2025-12-31').cents('EU_SF_SUBCENTRAL')).toBe(22_100_000);
    expect(rulesAt(procurementRules, '2026-01-01').cents('EU_SF_SUBCENTRAL')).toBe(21_600_000);
    expect(rulesAt(procurementRules, '2024-01-01').cents('EU_WORKS')).toBe(553_800_000);
    expect(rulesAt(procurementRules, '2027-12-31').cents('EU_WORKS')).toBe(540_400_000);
  });

  it('switches the standstill from 35 to 32 days on 31 December 2024', () => {
    expect(rulesAt(procurementRules, '2024-12-30').int('STANDSTILL_DAYS')).toBe(35);
    expect(rulesAt(procurementRules, '2024-12-31').int('STANDSTILL_DAYS')).toBe(32);
  });

  it('reports the day since which the picked rules are unchanged', () => {
    expect(rulesAt(procurementRules, '2026-05-01').validFrom).toBe('2026-01-01');
    expect(rulesAt(procurementRules, '2025-03-01').validFrom).toBe('2024-12-31');
  });

  it('throws RULE_MISSING naming the keys without a row on that date', () => {
    const e = errorOf(() => rulesAt(procurementRules, '2028-01-01'));
    expect(e.code).toBe('RULE_MISSING');
    expect(e.date).toBe('2028-01-01');
    expect(e.keys).toEqual(['EU_WORKS', 'EU_SF_SUBCENTRAL', 'EU_SF_CENTRAL', 'EU_SOCIAL']);
    expect(e.message).toContain('EU_WORKS');
  });

  it('throws RULE_OVERLAP when two rows of a key are valid on the same day', () => {
    const rows = [row('A', '1.00', '2026-01-01', null), row('A', '2.00', '2026-06-01', '2026-12-31')];
    expect(rulesAt(rows, '2026-03-01', ['A']).cents('A')).toBe(100);
    const e = errorOf(() => rulesAt(rows, '2026-06-01', ['A']));
    expect(e.code).toBe('RULE_OVERLAP');
    expect(e.keys).toEqual(['A']);
  });

  it('rejects a date that is not a calendar day', () => {
    expect(errorOf(() => rulesAt(procurementRules, '2026-02-30')).code).toBe('RULE_BAD_DATE');
    expect(errorOf(() => rulesAt(procurementRules, '01/05/2026')).code).toBe('RULE_BAD_DATE');
  });

  it('refuses to read a day count as euros and a decimal as a whole number', () => {
    const book = rulesAt([row('D', '30', '2026-01-01', null, 'days'), row('E', '1.50', '2026-01-01', null)], '2026-01-01', []);
    expect(errorOf(() => book.cents('D')).code).toBe('RULE_BAD_VALUE');
    expect(errorOf(() => book.int('E')).code).toBe('RULE_BAD_VALUE');
    expect(errorOf(() => book.get('NOPE')).code).toBe('RULE_MISSING');
  });

  it('reads decimal strings into exact cents', () => {
    expect(decimalToCents('5404000.00')).toBe(540_400_000);
    expect(decimalToCents('0.1')).toBe(10);
    expect(decimalToCents('12.345')).toBeNull();
    expect(decimalToCents('-1')).toBeNull();
  });
});

describe('the procurement rules seed', () => {
  it('has every required key on every day of both threshold periods', () => {
    for (const date of ['2024-01-01', '2024-12-30', '2024-12-31', '2025-12-31', '2026-01-01', '2027-12-31']) {
      const book = rulesAt(procurementRules, date);
      for (const key of REQUIRED_RULE_KEYS) expect(book.rows.has(key)).toBe(true);
    }
  });

  it('stores values as exact decimals with dates in ISO form', () => {
    for (const r of procurementRules) {
      expect(r.value).toMatch(/^\d+(\.\d{2})?$/);
      expect(r.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (r.validTo !== null) expect(r.validTo >= r.validFrom).toBe(true);
      expect(r.legalBasis.length).toBeGreaterThan(0);
    }
  });
});

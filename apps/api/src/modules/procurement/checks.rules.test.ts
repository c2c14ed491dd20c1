import { describe, expect, it } from 'vitest';
import { requirementCheckSeed } from '@app/db/seed';
import { alertsDue, applicableChecks, overallOf, scopeApplies, summarizeChecks, toCents, validUntilOf, type CheckFacts } from './checks.rules.js';

const catalogue = requirementCheckSeed.map((c) => ({ code: c.code, scope: c.scope.join(','), validityDays: c.validityDays }));
const limits = { soaWorksFromCents: 15_000_000, antimafiaAboveCents: 15_000_000 };
const facts = (f: Partial<CheckFacts> = {}): CheckFacts => ({
  objectType: 'servizi',
  sia: false,
  estimatedValueCents: 10_000_000,
  aboveEuThreshold: false,
  employees: 10,
  bidders: 1,
  limits,
  ...f,
});
const codes = (f: Partial<CheckFacts>) => applicableChecks(catalogue, facts(f)).map((c) => c.code);

describe('applicableChecks', () => {
  it('the catalogue has the 29 checks, each with a known scope', () => {
    expect(catalogue).toHaveLength(29);
    expect(new Set(catalogue.map((c) => c.code)).size).toBe(29);
  });

  it('gives small services the general checks and the services capacity checks, without SOA or antimafia', () => {
    const list = codes({});
    expect(list).toContain('GEN_94_1_CONDANNE');
    expect(list).toContain('GEN_94_6_DURC');
    expect(list).toContain('SPEC_100_ECOFIN_FATTURATO');
    expect(list).toContain('SPEC_100_TECPROF_ESPERIENZE');
    expect(list).not.toContain('SPEC_100_4_SOA');
    expect(list).not.toContain('SPEC_LAVORI_LT150K');
    expect(list).not.toContain('GEN_94_2_ANTIMAFIA_COM');
    expect(list).not.toContain('GEN_94_2_ANTIMAFIA_INF');
    expect(list).not.toContain('GEN_94_6_INARCASSA');
    expect(list).not.toContain('GEN_94_5B_L68');
    expect(list).not.toContain('GEN_95_1D_CENTRO_DECISIONALE');
  });

  it('asks the SOA from the works amount on, and the works-without-SOA checks just under it', () => {
    const at = codes({ objectType: 'lavori', estimatedValueCents: 15_000_000 });
    expect(at).toContain('SPEC_100_4_SOA');
    expect(at).not.toContain('SPEC_LAVORI_LT150K');
    expect(at).not.toContain('SPEC_100_ECOFIN_FATTURATO');
    const under = codes({ objectType: 'lavori', estimatedValueCents: 14_999_999 });
    expect(under).not.toContain('SPEC_100_4_SOA');
    expect(under).toContain('SPEC_LAVORI_LT150K');
    expect(under).toContain('SPEC_100_ECOFIN_FATTURATO');
  });

  it('asks the antimafia communication only above its amount, and the information at the EU threshold', () => {
    expect(codes({ estimatedValueCents: 15_000_000 })).not.toContain('GEN_94_2_ANTIMAFIA_COM');
    expect(codes({ estimatedValueCents: 15_000_001 })).toContain('GEN_94_2_ANTIMAFIA_COM');
    expect(codes({ aboveEuThreshold: true })).toContain('GEN_94_2_ANTIMAFIA_INF');
  });

  it('reads the amounts from the rules it is given, not from constants', () => {
    const higher = { soaWorksFromCents: 20_000_000, antimafiaAboveCents: 20_000_000 };
    expect(codes({ objectType: 'lavori', estimatedValueCents: 15_000_000, limits: higher })).toContain('SPEC_LAVORI_LT150K');
    expect(codes({ estimatedValueCents: 18_000_000, limits: higher })).not.toContain('GEN_94_2_ANTIMAFIA_COM');
  });

  it('adds Inarcassa and the insurance for engineering services', () => {
    const list = codes({ sia: true });
    expect(list).toContain('GEN_94_6_INARCASSA');
    expect(list).toContain('SPEC_100_ECOFIN_ASSICURAZIONE');
  });

  it('applies the employee thresholds at 15 and above 50, and both when employees are unknown', () => {
    expect(codes({ employees: 14 })).not.toContain('GEN_94_5B_L68');
    expect(codes({ employees: 15 })).toContain('GEN_94_5B_L68');
    expect(codes({ employees: 50 })).not.toContain('GEN_94_5C_PARITA');
    expect(codes({ employees: 51 })).toContain('GEN_94_5C_PARITA');
    const unknown = codes({ employees: null });
    expect(unknown).toContain('GEN_94_5B_L68');
    expect(unknown).toContain('GEN_94_5C_PARITA');
  });

  it('checks the single decision centre only with more than one offer', () => {
    expect(codes({ bidders: 1 })).not.toContain('GEN_95_1D_CENTRO_DECISIONALE');
    expect(codes({ bidders: 2 })).toContain('GEN_95_1D_CENTRO_DECISIONALE');
  });

  it('lists the checks that depend on the tender documents, for the officer to decide', () => {
    expect(codes({})).toEqual(expect.arrayContaining(['GEN_WHITELIST', 'SPEC_100_IDONEITA_ALBI', 'SPEC_100_TECPROF_QUALITA', 'CONTRIBUTO_ANAC']));
  });

  it('never applies an unknown scope', () => {
    expect(scopeApplies('everything', facts())).toBe(false);
    expect(applicableChecks([{ code: 'X', scope: 'typo', validityDays: null }], facts())).toEqual([]);
  });
});

describe('validUntilOf', () => {
  it('adds the validity in calendar days, across month, leap day and daylight-saving change', () => {
    expect(validUntilOf('2026-01-10', 120)).toBe('2026-05-10');
    expect(validUntilOf('2028-02-01', 180)).toBe('2028-07-30');
    expect(validUntilOf('2026-03-28', 1)).toBe('2026-03-29');
    expect(validUntilOf('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('has no expiry for checks not time-bound or consulted at the verification', () => {
    expect(validUntilOf('2026-01-10', null)).toBeNull();
    expect(validUntilOf('2026-01-10', 0)).toBeNull();
  });

  it('converts euros to cents exactly', () => {
    expect(toCents(150000)).toBe(15_000_000);
    expect(toCents('150000.00')).toBe(15_000_000);
    expect(toCents(0.29)).toBe(29);
    expect(toCents('1234.5')).toBe(123_450);
  });
});

describe('summarizeChecks', () => {
  const today = '2026-06-15';
  const ok = { outcome: 'regolare' as const, validUntil: '2026-12-31' };

  it('is regolare when every item is positive or not relevant and none expired', () => {
    expect(overallOf([ok, { outcome: 'non_pertinente', validUntil: null }, { outcome: 'regolare', validUntil: today }], today)).toBe('regolare');
  });

  it('is incomplete while an item is pending, or with no items', () => {
    expect(overallOf([ok, { outcome: 'pending', validUntil: null }, { outcome: 'irregolare', validUntil: null }], today)).toBe('incomplete');
    expect(overallOf([], today)).toBe('incomplete');
  });

  it('is irregolare when an item is, before expiry is considered', () => {
    expect(overallOf([{ outcome: 'irregolare', validUntil: null }, { outcome: 'regolare', validUntil: '2026-01-01' }], today)).toBe('irregolare');
  });

  it('is scaduto when a positive certificate’s last valid day is before today', () => {
    expect(overallOf([ok, { outcome: 'regolare', validUntil: '2026-06-14' }], today)).toBe('scaduto');
    expect(overallOf([{ outcome: 'non_pertinente', validUntil: '2026-01-01' }], today)).toBe('regolare');
  });

  it('summarizes per operator', () => {
    expect(
      summarizeChecks(
        [
          { operatorId: 'a', ...ok },
          { operatorId: 'b', outcome: 'pending', validUntil: null },
          { operatorId: 'a', outcome: 'regolare', validUntil: '2026-06-01' },
        ],
        today,
      ),
    ).toEqual([
      { operatorId: 'a', result: 'scaduto' },
      { operatorId: 'b', result: 'incomplete' },
    ]);
  });
});

describe('alertsDue', () => {
  const item = (validUntil: string | null, alerts: string[] = [], outcome: 'regolare' | 'pending' = 'regolare') => ({ outcome, validUntil, alerts });

  it('warns 30 days before the last valid day, not 31', () => {
    expect(alertsDue(item('2026-07-15'), '2026-06-15')).toEqual(['expiring']);
    expect(alertsDue(item('2026-07-16'), '2026-06-15')).toEqual([]);
  });

  it('warns on the first day past the last valid day, once', () => {
    expect(alertsDue(item('2026-06-15', ['expiring']), '2026-06-15')).toEqual([]);
    expect(alertsDue(item('2026-06-14', ['expiring']), '2026-06-15')).toEqual(['expired']);
    expect(alertsDue(item('2026-06-14', ['expiring', 'expired']), '2026-06-15')).toEqual([]);
  });

  it('does not warn twice nor for items without a positive outcome or expiry', () => {
    expect(alertsDue(item('2026-07-01', ['expiring']), '2026-06-15')).toEqual([]);
    expect(alertsDue(item('2026-07-01', [], 'pending'), '2026-06-15')).toEqual([]);
    expect(alertsDue(item(null), '2026-06-15')).toEqual([]);
  });
});

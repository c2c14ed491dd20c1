import { describe, expect, it } from 'vitest';
import { romeToUtc } from '../calendar/calendar.dates.js';
import {
  callStatus,
  centsToDecimal,
  checkCofinancing,
  claimAmount,
  ineligibility,
  isEligible,
  matchesInterests,
  reportingTotals,
  spendingCurve,
  successRate,
  toCents,
} from './eu-funding.rules.js';

const comune = (population: number | null, regionIstatCode = '05') => ({ type: 'comune', population, regionIstatCode });

describe('money in cents', () => {
  it('reads the exact decimals the database returns and the euros of the API', () => {
    expect(toCents('1234.56')).toBe(123456);
    expect(toCents('1000000.0')).toBe(100000000);
    expect(toCents('0.1')).toBe(10);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents('-5.05')).toBe(-505);
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-505)).toBe('-5.05');
  });
  it('refuses text that is not an amount', () => {
    expect(() => toCents('12,50')).toThrow();
  });
});

describe('call status', () => {
  // a call closing on 29 March 2026, the night the clocks go forward in Rome
  const opensAt = romeToUtc('2026-03-01', '00:00:00');
  const closesAt = romeToUtc('2026-03-29', '23:59:59');
  it('is forthcoming until the opening instant, in Rome time', () => {
    expect(opensAt.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(callStatus(opensAt, closesAt, new Date('2026-02-28T22:59:59Z'))).toBe('forthcoming');
    expect(callStatus(opensAt, closesAt, new Date('2026-02-28T23:00:00Z'))).toBe('open');
  });
  it('is open until the last second of the closing day in Rome (summer time) and closed one second later', () => {
    expect(closesAt.toISOString()).toBe('2026-03-29T21:59:59.000Z');
    expect(callStatus(opensAt, closesAt, new Date('2026-03-29T21:59:59Z'))).toBe('open');
    expect(callStatus(opensAt, closesAt, new Date('2026-03-29T22:00:00Z'))).toBe('closed');
  });
  it('reads a winter closing day with the one-hour offset', () => {
    const winter = romeToUtc('2026-01-15', '23:59:59');
    expect(winter.toISOString()).toBe('2026-01-15T22:59:59.000Z');
    expect(callStatus(romeToUtc('2026-01-01'), winter, new Date('2026-01-15T22:59:59Z'))).toBe('open');
    expect(callStatus(romeToUtc('2026-01-01'), winter, new Date('2026-01-15T23:00:00Z'))).toBe('closed');
  });
});

describe('eligibility', () => {
  const call = { enteTypes: ['comune'], minPopulation: 5000, maxPopulation: 20000 };
  it('admits a Comune whose population is within the limits, both included', () => {
    expect(isEligible(call, comune(5000))).toBe(true);
    expect(isEligible(call, comune(20000))).toBe(true);
    expect(isEligible(call, comune(12000))).toBe(true);
  });
  it('says why a Comune is out: below or above the limits', () => {
    expect(ineligibility(call, comune(4999))).toEqual(['population_below']);
    expect(ineligibility(call, comune(20001))).toEqual(['population_above']);
  });
  it('refuses an ente of a type the call does not list', () => {
    expect(ineligibility(call, { type: 'provincia', population: 900000, regionIstatCode: '05' })).toEqual(['ente_type', 'population_above']);
  });
  it('does not admit an ente of unknown population to a call with limits, but does to one without', () => {
    expect(ineligibility(call, comune(null))).toEqual(['population_unknown']);
    expect(isEligible({ enteTypes: ['comune'] }, comune(null))).toBe(true);
  });
  it('restricts to the regions of the call when it has a territory', () => {
    expect(ineligibility({ enteTypes: ['comune'], territory: ['05'] }, comune(1000, '05'))).toEqual([]);
    expect(ineligibility({ enteTypes: ['comune'], territory: ['05'] }, comune(1000, '06'))).toEqual(['territory']);
  });
  it('matches declared interests by a shared theme; no interests match every call', () => {
    expect(matchesInterests(['energia', 'clima'], ['clima'])).toBe(true);
    expect(matchesInterests(['energia'], ['cultura'])).toBe(false);
    expect(matchesInterests(['energia'], [])).toBe(true);
    expect(matchesInterests(['energia'], null)).toBe(true);
  });
});

describe('co-financing', () => {
  it('accepts sources that sum exactly to the budget, without floating-point drift', () => {
    expect(checkCofinancing([{ amount: 0.1 }, { amount: 0.2 }], [{ amount: 0.3 }])).toEqual([]);
    expect(checkCofinancing([{ amount: '100000.00' }, { amount: 25000.5 }], [{ amount: 100000.4 }, { amount: '25000.10' }])).toEqual([]);
  });
  it('refuses sources one cent short of the budget, with the figures', () => {
    expect(checkCofinancing([{ amount: 1000 }], [{ amount: 999.99 }])).toEqual([{ path: 'cofinancing', message: 'Co-financing totals 999.99 but the budget is 1000.00' }]);
  });
  it('allows a plan with neither lines nor sources', () => {
    expect(checkCofinancing([], [])).toEqual([]);
  });
});

describe('reporting sums', () => {
  const exp = [
    { amount: '1000.10', eligible: true, date: '2026-02-10', claimId: 'c1' },
    { amount: '500.05', eligible: false, date: '2026-02-20', claimId: null },
    { amount: '2000.00', eligible: true, date: '2026-04-01', claimId: null },
  ];
  it('totals spent, eligible, claimed, received and the remaining budget', () => {
    expect(reportingTotals('10000.00', exp, [{ amount: '1000.10', receivedAmount: '900.09' }, { amount: '10.00', receivedAmount: null }])).toEqual({
      budget: 1000000,
      spent: 350015,
      eligible: 300010,
      claimed: 101010,
      received: 90009,
      remaining: 699990,
    });
  });
  it('claims only eligible expenditures not yet claimed, each once', () => {
    const map = new Map(exp.map((e, i) => [`e${i}`, e]));
    expect(claimAmount(['e2'], map)).toEqual({ cents: 200000, issues: [] });
    expect(claimAmount(['e0', 'e1', 'e2', 'e2', 'x'], map).issues).toEqual([
      { path: 'expenditureIds.0', message: 'Already in a claim' },
      { path: 'expenditureIds.1', message: 'Not eligible' },
      { path: 'expenditureIds.3', message: 'Listed twice' },
      { path: 'expenditureIds.4', message: 'Not an expenditure of this project' },
    ]);
  });
  it('draws the cumulative spending curve against the plan over all months', () => {
    expect(spendingCurve([{ month: '2026-02', amount: 1500 }, { month: '2026-03', amount: '1500.00' }], exp)).toEqual([
      { month: '2026-02', planned: 150000, actual: 150015 },
      { month: '2026-03', planned: 300000, actual: 150015 },
      { month: '2026-04', planned: 300000, actual: 350015 },
    ]);
  });
  it('gives the success rate in percent with two decimals, or nothing before any decision', () => {
    expect(successRate(2, 1)).toBe(66.67);
    expect(successRate(21, 6)).toBe(77.78);
    expect(successRate(0, 0)).toBeNull();
  });
});

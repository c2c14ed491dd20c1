import { describe, expect, it } from 'vitest';
import { procurementRules } from '../../../../../../packages/db/seed/reference/procurement-rules.js';
import { AdviceInputError, ProcedureCodes, advise, directAwardBand, type AdviceInput } from './advice.js';
import { rulesAt } from './rules.js';

const P1 = '2025-06-01'; // thresholds 2024-2025
const P2 = '2026-05-01'; // thresholds 2026-2027

function run(partial: Partial<AdviceInput> & Pick<AdviceInput, 'object' | 'estimatedValue'>) {
  const input: AdviceInput = { buyer: 'sub_central', date: P2, ...partial };
  return advise(input, rulesAt(procurementRules, input.date));
}
const codes = (a: ReturnType<typeof run>) => a.allowedProcedures.map((p) => p.code);
const noteCodes = (a: ReturnType<typeof run>) => a.notes.map((n) => n.code);

describe('advise — the worked example', () => {
  it('advises a negotiated procedure with 5 operators for 180,000 euro of services of a Comune in May 2026', () => {
    const a = run({ object: 'servizi', estimatedValue: 180_000 });
    expect(a.euThreshold).toBe(216_000);
    expect(a.aboveEuThreshold).toBe(false);
    expect(a.allowedProcedures[0]).toMatchObject({ code: 'NEGOZIATA_SENZA_BANDO', minOperators: 5, legalBasis: 'art. 50 c.1 lett. e' });
    expect(codes(a)).toEqual(expect.arrayContaining(['APERTA', 'RISTRETTA']));
    expect(codes(a)).not.toContain('AFFIDAMENTO_DIRETTO');
    expect(noteCodes(a)).toContain('ORDINARY_UNDER_THRESHOLD');
    expect(a.qualificationRequired).toBe(true);
    expect(a.qualificationLevel).toEqual({ level: 'SF3' });
    expect(a.standstillDays).toBe(0);
    expect(a.minimumOfferDays).toBeUndefined();
    expect(a.stipulaDays).toBe(30);
    expect(a.awardCriterion.oepvMandatory).toBe(false);
    expect(a.rulesValidFrom).toBe('2026-01-01');
  });

  it('lists only known procedure codes', () => {
    for (const v of [1_000, 100_000, 500_000, 2_000_000, 9_000_000]) {
      for (const object of ['lavori', 'servizi', 'forniture'] as const) {
        for (const code of codes(run({ object, estimatedValue: v, innovative: true }))) expect(ProcedureCodes).toContain(code);
      }
    }
  });
});

describe('advise — EU thresholds (art. 14): exactly at the threshold is above it', () => {
  const cases = [
    { date: P1, object: 'servizi', buyer: 'sub_central', threshold: 221_000, underFirst: 'NEGOZIATA_SENZA_BANDO' },
    { date: P2, object: 'servizi', buyer: 'sub_central', threshold: 216_000, underFirst: 'NEGOZIATA_SENZA_BANDO' },
    { date: P1, object: 'forniture', buyer: 'central', threshold: 143_000, underFirst: 'NEGOZIATA_SENZA_BANDO' },
    // from 2026 the central threshold equals the direct-award limit: no negotiated band is left
    { date: P2, object: 'forniture', buyer: 'central', threshold: 140_000, underFirst: 'AFFIDAMENTO_DIRETTO' },
    { date: P1, object: 'lavori', buyer: 'sub_central', threshold: 5_538_000, underFirst: 'NEGOZIATA_SENZA_BANDO' },
    { date: P2, object: 'lavori', buyer: 'sub_central', threshold: 5_404_000, underFirst: 'NEGOZIATA_SENZA_BANDO' },
  ] as const;
  for (const c of cases) {
    it(`${c.object}, ${c.buyer}, ${c.date}: ${c.threshold} is above, one euro less is not`, () => {
      const at = run({ object: c.object, buyer: c.buyer, date: c.date, estimatedValue: c.threshold });
      const under = run({ object: c.object, buyer: c.buyer, date: c.date, estimatedValue: c.threshold - 1 });
      expect(at.euThreshold).toBe(c.threshold);
      expect(at.aboveEuThreshold).toBe(true);
      expect(under.aboveEuThreshold).toBe(false);
      expect(at.allowedProcedures[0]?.code).toBe('APERTA');
      expect(under.allowedProcedures[0]?.code).toBe(c.underFirst);
    });
  }

  it('uses 750,000 euro for social services in both periods', () => {
    for (const date of [P1, P2]) {
      expect(run({ object: 'servizi', socialServices: true, date, estimatedValue: 750_000 })).toMatchObject({ euThreshold: 750_000, aboveEuThreshold: true });
      expect(run({ object: 'servizi', socialServices: true, date, estimatedValue: 749_999 })).toMatchObject({ euThreshold: 750_000, aboveEuThreshold: false });
    }
  });
});

describe('advise — above the threshold', () => {
  it('offers the ordinary procedures, open first with 30 days for offers, 60 days to sign', () => {
    const a = run({ object: 'servizi', estimatedValue: 300_000 });
    expect(codes(a)).toEqual(['APERTA', 'RISTRETTA', 'COMPETITIVA_CON_NEGOZIAZIONE', 'DIALOGO_COMPETITIVO']);
    expect(a.allowedProcedures[0]?.legalBasis).toBe('art. 71');
    expect(a.minimumOfferDays).toBe(30);
    expect(a.stipulaDays).toBe(60);
    expect(noteCodes(a)).toContain('NEGOTIATED_ART_76');
  });

  it('adds the innovation partnership for innovative contracts', () => {
    expect(codes(run({ object: 'forniture', estimatedValue: 300_000, innovative: true }))).toContain('PARTENARIATO_INNOVAZIONE');
  });

  it('applies a 35-day standstill up to 30 December 2024 and 32 days from 31 December 2024', () => {
    expect(run({ object: 'servizi', estimatedValue: 300_000, date: '2024-12-30' }).standstillDays).toBe(35);
    expect(run({ object: 'servizi', estimatedValue: 300_000, date: '2024-12-31' }).standstillDays).toBe(32);
    expect(run({ object: 'servizi', estimatedValue: 300_000, date: P2 }).standstillDays).toBe(32);
  });
});

describe('advise — works bands (art. 50 c.1 lett. a, c, d)', () => {
  it('allows a direct award under 150,000 euro and a negotiated procedure with 5 operators from 150,000', () => {
    const under = run({ object: 'lavori', estimatedValue: 149_999 });
    expect(codes(under)).toEqual(['AFFIDAMENTO_DIRETTO']);
    expect(under.allowedProcedures[0]?.legalBasis).toBe('art. 50 c.1 lett. a');
    const at = run({ object: 'lavori', estimatedValue: 150_000 });
    expect(at.allowedProcedures[0]).toMatchObject({ code: 'NEGOZIATA_SENZA_BANDO', minOperators: 5, legalBasis: 'art. 50 c.1 lett. c' });
    expect(codes(at)).not.toContain('AFFIDAMENTO_DIRETTO');
  });

  it('asks for 10 operators from 1,000,000 euro up to the threshold', () => {
    expect(run({ object: 'lavori', estimatedValue: 999_999 }).allowedProcedures[0]).toMatchObject({ minOperators: 5 });
    expect(run({ object: 'lavori', estimatedValue: 1_000_000 }).allowedProcedures[0]).toMatchObject({ minOperators: 10, legalBasis: 'art. 50 c.1 lett. d' });
    expect(run({ object: 'lavori', estimatedValue: 5_403_999 }).allowedProcedures[0]).toMatchObject({ minOperators: 10 });
    expect(run({ object: 'lavori', estimatedValue: 5_404_000 }).allowedProcedures[0]?.code).toBe('APERTA');
    expect(run({ object: 'lavori', estimatedValue: 5_537_999, date: P1 }).allowedProcedures[0]).toMatchObject({ minOperators: 10 });
    expect(run({ object: 'lavori', estimatedValue: 5_538_000, date: P1 }).allowedProcedures[0]?.code).toBe('APERTA');
  });
});

describe('advise — services and supplies bands (art. 50 c.1 lett. b, e)', () => {
  it('allows a direct award under 140,000 euro in both periods and a negotiated procedure from 140,000', () => {
    for (const date of [P1, P2]) {
      expect(codes(run({ object: 'forniture', estimatedValue: 139_999, date }))).toEqual(['AFFIDAMENTO_DIRETTO']);
      expect(run({ object: 'forniture', estimatedValue: 140_000, date }).allowedProcedures[0]).toMatchObject({ code: 'NEGOZIATA_SENZA_BANDO', minOperators: 5 });
    }
  });

  it('notes rotation, sample checks and no statutory deadline for small direct awards', () => {
    const small = run({ object: 'servizi', estimatedValue: 39_999 });
    expect(noteCodes(small)).toEqual(expect.arrayContaining(['ROTATION', 'SELF_DECLARATION', 'CONGRUOUS_TERMS']));
    expect(noteCodes(run({ object: 'servizi', estimatedValue: 40_000 }))).not.toContain('SELF_DECLARATION');
    expect(small.notes.find((n) => n.code === 'ROTATION')?.it).toContain('art. 49');
    expect(run({ object: 'servizi', estimatedValue: 4_999 }).notes.find((n) => n.code === 'ROTATION')?.it).toContain('derogabile');
  });

  it('tells the bands of a direct award that change the documents', () => {
    const book = rulesAt(procurementRules, P2);
    expect(directAwardBand(4_999.99, book)).toBe('AD_UNDER_5K');
    expect(directAwardBand(5_000, book)).toBe('AD_UNDER_40K');
    expect(directAwardBand(39_999.99, book)).toBe('AD_UNDER_40K');
    expect(directAwardBand(40_000, book)).toBe('AD_FROM_40K');
  });
});

describe('advise — lots (art. 14)', () => {
  it('uses the sum of the lots when it is larger than the stated value, and says so', () => {
    const a = run({ object: 'servizi', estimatedValue: 100_000, lots: [{ value: 120_000 }, { value: 100_000 }] });
    expect(a.aboveEuThreshold).toBe(true);
    expect(noteCodes(a)).toContain('LOTS_SUM');
  });

  it('keeps the stated value when the lots add up to less', () => {
    const a = run({ object: 'servizi', estimatedValue: 180_000, lots: [{ value: 50_000 }, { value: 60_000 }] });
    expect(a.aboveEuThreshold).toBe(false);
    expect(a.allowedProcedures[0]?.code).toBe('NEGOZIATA_SENZA_BANDO');
    expect(noteCodes(a)).not.toContain('LOTS_SUM');
  });

  it('sums lots in cents, without float drift at the threshold', () => {
    const a = run({ object: 'servizi', estimatedValue: 0, lots: [{ value: 0.1 }, { value: 0.2 }, { value: 215_999.7 }] });
    expect(a.aboveEuThreshold).toBe(true);
  });
});

describe('advise — award criterion (art. 108)', () => {
  it('makes OEPV mandatory with a 30% price cap for labour-intensive services of any amount', () => {
    const a = run({ object: 'servizi', estimatedValue: 50_000, labourIntensive: true });
    expect(a.awardCriterion).toEqual({ oepvMandatory: true, priceCapPercent: 30, legalBasis: 'art. 108 c.2 lett. a; art. 108 c.4' });
    expect(noteCodes(a)).toContain('PRICE_CAP');
  });

  it('makes OEPV mandatory for social services without a price cap', () => {
    const a = run({ object: 'servizi', estimatedValue: 50_000, socialServices: true });
    expect(a.awardCriterion.oepvMandatory).toBe(true);
    expect(a.awardCriterion.priceCapPercent).toBeUndefined();
  });

  it('makes OEPV mandatory for engineering services and innovative contracts from 140,000 euro only', () => {
    expect(run({ object: 'servizi', sia: true, estimatedValue: 139_999 }).awardCriterion.oepvMandatory).toBe(false);
    expect(run({ object: 'servizi', sia: true, estimatedValue: 140_000 }).awardCriterion).toMatchObject({ oepvMandatory: true, legalBasis: 'art. 108 c.2 lett. b' });
    expect(run({ object: 'forniture', innovative: true, estimatedValue: 139_999 }).awardCriterion.oepvMandatory).toBe(false);
    expect(run({ object: 'forniture', innovative: true, estimatedValue: 140_000 }).awardCriterion).toMatchObject({ oepvMandatory: true, legalBasis: 'art. 108 c.2 lett. c' });
  });

  it('leaves the choice open for standard supplies', () => {
    const a = run({ object: 'forniture', estimatedValue: 300_000 });
    expect(a.awardCriterion).toEqual({ oepvMandatory: false, legalBasis: 'art. 108 c.1; art. 50 c.4' });
    expect(noteCodes(a)).toContain('CRITERION_CHOICE');
  });
});

describe('advise — qualification (artt. 62-63)', () => {
  it('needs no qualification for services under 140,000 euro and for works up to 500,000 euro included', () => {
    expect(run({ object: 'servizi', estimatedValue: 139_999 }).qualificationRequired).toBe(false);
    expect(run({ object: 'servizi', estimatedValue: 140_000 }).qualificationRequired).toBe(true);
    const works = run({ object: 'lavori', estimatedValue: 500_000 });
    expect(works.qualificationRequired).toBe(false);
    expect(works.qualificationLevel).toBeUndefined();
    expect(run({ object: 'lavori', estimatedValue: 500_001 }).qualificationRequired).toBe(true);
  });

  it('names the services level: SF3 up to 750,000, SF2 up to 5 million, SF1 beyond', () => {
    expect(run({ object: 'servizi', estimatedValue: 750_000 }).qualificationLevel?.level).toBe('SF3');
    expect(run({ object: 'servizi', estimatedValue: 750_001 }).qualificationLevel?.level).toBe('SF2');
    expect(run({ object: 'servizi', estimatedValue: 5_000_000 }).qualificationLevel?.level).toBe('SF2');
    expect(run({ object: 'servizi', estimatedValue: 5_000_001 }).qualificationLevel?.level).toBe('SF1');
  });

  it('names the works level: L3 up to 1 million, L2 up to the EU threshold of the period, L1 beyond', () => {
    expect(run({ object: 'lavori', estimatedValue: 1_000_000 }).qualificationLevel?.level).toBe('L3');
    expect(run({ object: 'lavori', estimatedValue: 1_000_001 }).qualificationLevel?.level).toBe('L2');
    expect(run({ object: 'lavori', estimatedValue: 5_404_000 }).qualificationLevel?.level).toBe('L2');
    expect(run({ object: 'lavori', estimatedValue: 5_404_001 }).qualificationLevel?.level).toBe('L1');
    expect(run({ object: 'lavori', estimatedValue: 5_500_000, date: P1 }).qualificationLevel?.level).toBe('L2');
  });

  it('tells whether the SUA level covers the amount', () => {
    expect(run({ object: 'servizi', estimatedValue: 1_000_000, suaLevel: { sf: 'SF2' } }).qualificationLevel).toEqual({ level: 'SF2', coveredBySua: true });
    expect(run({ object: 'servizi', estimatedValue: 1_000_000, suaLevel: { sf: 'SF1' } }).qualificationLevel).toEqual({ level: 'SF2', coveredBySua: true });
    const low = run({ object: 'servizi', estimatedValue: 1_000_000, suaLevel: { sf: 'SF3' } });
    expect(low.qualificationLevel).toEqual({ level: 'SF2', coveredBySua: false });
    expect(noteCodes(low)).toContain('SUA_LEVEL_INSUFFICIENT');
    expect(run({ object: 'lavori', estimatedValue: 2_000_000, suaLevel: { works: 'L3' } }).qualificationLevel).toEqual({ level: 'L2', coveredBySua: false });
    expect(run({ object: 'lavori', estimatedValue: 2_000_000, suaLevel: { sf: 'SF1' } }).qualificationLevel).toEqual({ level: 'L2' });
  });
});

describe('advise — input', () => {
  it('rejects negative or non-finite amounts and dates that are not calendar days', () => {
    expect(() => run({ object: 'servizi', estimatedValue: -1 })).toThrow(AdviceInputError);
    expect(() => run({ object: 'servizi', estimatedValue: Number.NaN })).toThrow(AdviceInputError);
    expect(() => run({ object: 'servizi', estimatedValue: 1, lots: [{ value: Number.POSITIVE_INFINITY }] })).toThrow(/lot/);
    expect(() => advise({ object: 'servizi', estimatedValue: 1, buyer: 'central', date: '2026-13-01' }, rulesAt(procurementRules, P2))).toThrow(AdviceInputError);
  });

  it('states the offer validity of 180 days in every advice', () => {
    expect(run({ object: 'forniture', estimatedValue: 10_000 }).notes.find((n) => n.code === 'OFFER_VALIDITY')?.en).toContain('180 days');
  });
});

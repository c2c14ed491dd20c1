import { describe, expect, it } from 'vitest';
import { ProcedureStates } from '@app/contracts';
import { TERMINAL_STATES, afterAward, allowedTransitions, canTransition, guard, romeDate, type GuardFacts } from './procurement.workflow.js';

const base: GuardFacts = { now: new Date('2026-06-01T10:00:00Z'), today: '2026-06-01', missingDocuments: [], fvoeFallbackDays: 30 };

describe('life-cycle of a procedure', () => {
  it('lets the Comune only send or withdraw its draft, and the SUA do the rest', () => {
    expect(allowedTransitions('bozza', { comune: true, sua: false })).toEqual(['istruttoria', 'annullata']);
    expect(allowedTransitions('bozza', { comune: false, sua: true })).toEqual(['annullata']);
    expect(allowedTransitions('istruttoria', { comune: true, sua: false })).toEqual([]);
    expect(allowedTransitions('istruttoria', { comune: false, sua: true })).toEqual(['documenti', 'bozza', 'annullata']);
    expect(canTransition('verifica', 'aggiudicata', 'sua')).toBe(true);
    expect(canTransition('verifica', 'aggiudicata', 'comune')).toBe(false);
  });

  it('has no move out of the terminal states, and every other state can reach one', () => {
    for (const s of TERMINAL_STATES) expect(allowedTransitions(s, { comune: true, sua: true })).toEqual([]);
    // breadth-first from bozza reaches every state, and every state reaches a terminal one
    const reach = (from: string) => {
      const seen = new Set([from]);
      const queue = [from];
      while (queue.length) {
        for (const n of allowedTransitions(queue.shift() as 'bozza', { comune: true, sua: true })) {
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      return seen;
    };
    expect([...reach('bozza')].sort()).toEqual([...ProcedureStates].sort());
    for (const s of ProcedureStates) expect([...reach(s)].some((x) => TERMINAL_STATES.has(x as 'chiusa')), s).toBe(true);
  });
});

describe('guards of the law', () => {
  it('refuses a procedure the rules do not allow, naming those allowed', () => {
    expect(guard('documenti', { ...base, procedureAllowed: false, allowedProcedures: ['NEGOZIATA_SENZA_BANDO'] })).toMatchObject({ code: 'procedure_not_allowed', details: { allowed: ['NEGOZIATA_SENZA_BANDO'] } });
    expect(guard('documenti', { ...base, procedureAllowed: true })).toBeNull();
  });

  it('needs the required documents approved before publication', () => {
    expect(guard('pronta', { ...base, missingDocuments: ['BANDO'] })).toMatchObject({ code: 'documents_incomplete', details: { missing: ['BANDO'] } });
    expect(guard('pronta', base)).toBeNull();
  });

  it('keeps the minimum days between publication and offers, counted on the Rome calendar', () => {
    const pub = (deadline: string, minimumOfferDays?: number) => guard('pubblicata', { ...base, publishedOn: '2026-05-01', offerDeadline: new Date(deadline), minimumOfferDays });
    expect(pub('2026-05-31T10:00:00+02:00', 30)).toBeNull();
    expect(pub('2026-05-30T23:59:00+02:00', 30)).toMatchObject({ code: 'offer_deadline_too_short', details: { minimumDays: 30, days: 29 } });
    // 22:30 UTC on 30 May is already 31 May in Rome
    expect(pub('2026-05-30T22:30:00Z', 30)).toBeNull();
    expect(pub('2026-05-01T18:00:00+02:00')).toMatchObject({ code: 'offer_deadline_too_short' });
    expect(pub('2026-05-02T12:00:00+02:00')).toBeNull();
    expect(guard('pubblicata', { ...base, publishedOn: '2026-06-02', offerDeadline: new Date('2026-07-10T10:00:00Z') })).toMatchObject({ code: 'publication_in_future' });
  });

  it('evaluates only after the offer deadline', () => {
    expect(guard('valutazione', { ...base, offerDeadline: new Date('2026-06-01T10:00:01Z') })).toMatchObject({ code: 'offers_still_open' });
    expect(guard('valutazione', { ...base, offerDeadline: new Date('2026-06-01T10:00:00Z') })).toBeNull();
  });

  it('awards only with regular checks on the proposed awardee, or by the art. 99 c.3-bis path 30 days after the proposal', () => {
    const award = (f: Partial<GuardFacts>) => guard('aggiudicata', { ...base, hasProposedAwardee: true, ...f });
    expect(guard('aggiudicata', { ...base, hasProposedAwardee: false })).toMatchObject({ code: 'no_proposed_awardee' });
    expect(award({ checksResult: 'regolare' })).toBeNull();
    expect(award({ checksResult: 'irregolare', fvoeFallback: true, proposalOn: '2026-01-01' })).toMatchObject({ code: 'checks_failed' });
    expect(award({ checksResult: 'incomplete', pendingChecks: ['GEN_94_6_DURC'] })).toMatchObject({ code: 'checks_incomplete', details: { pending: ['GEN_94_6_DURC'] } });
    expect(award({ checksResult: 'scaduto' })).toMatchObject({ code: 'checks_expired' });
    expect(award({ checksResult: 'incomplete', fvoeFallback: true, proposalOn: '2026-05-03' })).toMatchObject({ code: 'fvoe_fallback_too_early', details: { availableOn: '2026-06-02' } });
    expect(award({ checksResult: 'incomplete', fvoeFallback: true, proposalOn: '2026-05-02' })).toBeNull();
  });

  it('signs the contract only after the standstill', () => {
    expect(guard('stipula', { ...base, standstillEnd: '2026-06-02' })).toMatchObject({ code: 'standstill_running', details: { until: '2026-06-02' } });
    expect(guard('stipula', { ...base, standstillEnd: '2026-06-01' })).toBeNull();
    expect(guard('stipula', { ...base, standstillEnd: null })).toBeNull();
  });
});

describe('dates after the award', () => {
  it('has no standstill under the threshold and a 30-day contract deadline; 32 and 60 days above', () => {
    expect(afterAward('2026-06-01', 0, 30)).toEqual({ standstillEnd: null, stipulaDeadline: '2026-07-01' });
    expect(afterAward('2026-06-01', 32, 60)).toEqual({ standstillEnd: '2026-07-03', stipulaDeadline: '2026-07-31' });
  });

  it('reads instants as Rome calendar days, summer and winter', () => {
    expect(romeDate(new Date('2026-07-31T22:30:00Z'))).toBe('2026-08-01');
    expect(romeDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
    expect(romeDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});

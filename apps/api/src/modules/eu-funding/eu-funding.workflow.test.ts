import { describe, expect, it } from 'vitest';
import { ProjectStates, type ProjectState } from '@app/contracts';
import { allowedTransitions, guard, TERMINAL_STATES, type GuardFacts } from './eu-funding.workflow.js';

const facts = (from: ProjectState, to: ProjectState, over: Partial<GuardFacts> = {}): GuardFacts => ({
  from,
  to,
  date: '2026-05-10',
  lastStepDate: '2026-05-01',
  callId: 'call',
  budget: [{ amount: 1000 }],
  cofinancing: [{ amount: 1000 }],
  decreeRef: 'DD 12/2026',
  grantedAmount: 1000,
  cup: 'J51B26000010006',
  procurementProcedureId: 'proc',
  claims: 1,
  ...over,
});
const codes = (f: GuardFacts) => guard(f).map((i) => i.code);

describe('project life-cycle', () => {
  it('follows the unified path from idea to closing', () => {
    const path: ProjectState[] = ['idea', 'candidatura', 'ammissibilita', 'finanziato', 'cup', 'affidamento', 'esecuzione', 'conclusione', 'verifica', 'saldo', 'chiuso'];
    for (let i = 0; i < path.length - 1; i++) expect(codes(facts(path[i]!, path[i + 1]!))).toEqual([]);
  });
  it('has no way out of a terminal state', () => {
    for (const s of TERMINAL_STATES) expect(allowedTransitions(s)).toEqual([]);
    expect(ProjectStates.filter((s) => allowedTransitions(s).length === 0).sort()).toEqual([...TERMINAL_STATES].sort());
  });
  it('refuses to skip a step', () => {
    expect(codes(facts('idea', 'finanziato'))).toEqual(['transition_not_allowed']);
    expect(codes(facts('candidatura', 'cup'))).toEqual(['transition_not_allowed']);
  });
  it('allows renunciation before the end, rejection only while the application is judged, revocation only once funded', () => {
    expect(codes(facts('idea', 'rinuncia'))).toEqual([]);
    expect(codes(facts('ammissibilita', 'respinto'))).toEqual([]);
    expect(codes(facts('esecuzione', 'respinto'))).toEqual(['transition_not_allowed']);
    expect(codes(facts('candidatura', 'revoca'))).toEqual(['transition_not_allowed']);
    expect(codes(facts('verifica', 'revoca'))).toEqual([]);
  });
  it('submits an application only for a call, with a budget covered exactly by the co-financing', () => {
    expect(codes(facts('idea', 'candidatura', { callId: null }))).toEqual(['call_required']);
    expect(codes(facts('idea', 'candidatura', { budget: [], cofinancing: [] }))).toEqual(['budget_required']);
    expect(codes(facts('idea', 'candidatura', { cofinancing: [{ amount: 999.99 }] }))).toEqual(['cofinancing_unbalanced']);
  });
  it('records funding only with the decree and the granted amount', () => {
    expect(codes(facts('ammissibilita', 'finanziato', { decreeRef: null, grantedAmount: null }))).toEqual(['decree_required', 'granted_amount_required']);
  });
  it('records the CUP only when it is well formed', () => {
    expect(codes(facts('finanziato', 'cup', { cup: null }))).toEqual(['CUP_REQUIRED']);
    expect(codes(facts('finanziato', 'cup', { cup: 'J51B2600001000' }))).toEqual(['CUP_LENGTH']);
    expect(codes(facts('finanziato', 'cup', { cup: 'J5XB26000010006' }))).toEqual(['CUP_FORMAT']);
  });
  it('starts procurement only with the linked SUA procedure, and the balance only after a claim', () => {
    expect(codes(facts('cup', 'affidamento', { procurementProcedureId: null }))).toEqual(['procurement_required']);
    expect(codes(facts('cup', 'esecuzione', { procurementProcedureId: null }))).toEqual([]);
    expect(codes(facts('verifica', 'saldo', { claims: 0 }))).toEqual(['claim_required']);
  });
  it('refuses a step dated before the previous one', () => {
    expect(codes(facts('esecuzione', 'conclusione', { date: '2026-04-30' }))).toEqual(['date_before_previous_step']);
  });
});

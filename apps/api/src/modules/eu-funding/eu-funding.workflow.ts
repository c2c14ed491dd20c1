/**
 * The unified project life-cycle (idea → candidatura → ammissibilità/graduatoria → finanziato → CUP → affidamento →
 * esecuzione → conclusione → verifica → saldo → chiuso; exits rinuncia, revoca, respinto) as a pure state machine.
 */
import type { ProjectState } from '@app/contracts';
import { checkCup } from '../procurement/rules/validators.js';
import { checkCofinancing } from './eu-funding.rules.js';

const NEXT: Record<ProjectState, readonly ProjectState[]> = {
  idea: ['candidatura', 'rinuncia'],
  candidatura: ['ammissibilita', 'respinto', 'rinuncia'],
  ammissibilita: ['finanziato', 'respinto', 'rinuncia'],
  finanziato: ['cup', 'rinuncia', 'revoca'],
  cup: ['affidamento', 'esecuzione', 'rinuncia', 'revoca'],
  affidamento: ['esecuzione', 'rinuncia', 'revoca'],
  esecuzione: ['conclusione', 'rinuncia', 'revoca'],
  conclusione: ['verifica', 'revoca'],
  verifica: ['saldo', 'revoca'],
  saldo: ['chiuso'],
  chiuso: [],
  rinuncia: [],
  revoca: [],
  respinto: [],
};
export const TERMINAL_STATES: ReadonlySet<ProjectState> = new Set(['chiuso', 'rinuncia', 'revoca', 'respinto']);
/** States in which the project is funded and its expenditures are reported. */
export const FUNDED_STATES: ReadonlySet<ProjectState> = new Set(['finanziato', 'cup', 'affidamento', 'esecuzione', 'conclusione', 'verifica', 'saldo', 'chiuso']);
/** Outcomes counted in the success rate. */
export const isFunded = (s: string) => FUNDED_STATES.has(s as ProjectState) || s === 'revoca';

export const allowedTransitions = (from: ProjectState): readonly ProjectState[] => NEXT[from];

export interface GuardFacts {
  from: ProjectState;
  to: ProjectState;
  /** Date of the step and of the previous one (YYYY-MM-DD). */
  date: string;
  lastStepDate: string | null;
  callId: string | null;
  budget: readonly { amount: number | string }[];
  cofinancing: readonly { amount: number | string }[];
  decreeRef: string | null;
  grantedAmount: number | string | null;
  cup: string | null;
  procurementProcedureId: string | null;
  claims: number;
}
export interface GuardIssue {
  path: string;
  code: string;
  message: string;
}

/** Why a move is refused (empty when it is allowed). */
export function guard(f: GuardFacts): GuardIssue[] {
  if (!NEXT[f.from].includes(f.to)) return [{ path: 'to', code: 'transition_not_allowed', message: `A project cannot go from ${f.from} to ${f.to}` }];
  const out: GuardIssue[] = [];
  if (f.lastStepDate && f.date < f.lastStepDate) out.push({ path: 'date', code: 'date_before_previous_step', message: 'A step cannot precede the previous one' });
  switch (f.to) {
    case 'candidatura':
      if (!f.callId) out.push({ path: 'callId', code: 'call_required', message: 'An application answers a call' });
      if (f.budget.length === 0) out.push({ path: 'budget', code: 'budget_required', message: 'An application has a budget' });
      for (const i of checkCofinancing(f.budget, f.cofinancing)) out.push({ ...i, code: 'cofinancing_unbalanced' });
      break;
    case 'finanziato':
      if (!f.decreeRef) out.push({ path: 'decreeRef', code: 'decree_required', message: 'Funding needs the decree' });
      if ((f.grantedAmount ?? null) === null) out.push({ path: 'grantedAmount', code: 'granted_amount_required', message: 'Funding needs the granted amount' });
      break;
    case 'cup': {
      const issue = f.cup ? checkCup(f.cup) : { code: 'CUP_REQUIRED', message: 'The CUP is required' };
      if (issue) out.push({ path: 'cup', code: issue.code, message: issue.message });
      break;
    }
    case 'affidamento':
      if (!f.procurementProcedureId) out.push({ path: 'procedureId', code: 'procurement_required', message: 'Link the procurement procedure first' });
      break;
    case 'saldo':
      if (f.claims === 0) out.push({ path: 'claims', code: 'claim_required', message: 'The balance follows a payment claim' });
      break;
    case 'idea':
    case 'ammissibilita':
    case 'esecuzione':
    case 'conclusione':
    case 'verifica':
    case 'chiuso':
    case 'rinuncia':
    case 'revoca':
    case 'respinto':
      break;
  }
  return out;
}

import type { ProcedureState } from '@app/contracts';

/**
 * The life-cycle of a procedure (sua.md §1.6) as a pure state machine: which moves exist, who makes them,
 * and the guards the law puts on them. The service gathers the facts; these functions decide.
 */

export type Side = 'comune' | 'sua';

/** Moves and who makes them. Every state but the terminal ones may end in `annullata` (by the SUA). */
const MOVES: Record<ProcedureState, Partial<Record<ProcedureState, Side[]>>> = {
  bozza: { istruttoria: ['comune'], annullata: ['comune', 'sua'] },
  istruttoria: { documenti: ['sua'], bozza: ['sua'], annullata: ['sua'] },
  documenti: { pronta: ['sua'], annullata: ['sua'] },
  pronta: { pubblicata: ['sua'], documenti: ['sua'], annullata: ['sua'] },
  pubblicata: { valutazione: ['sua'], deserta: ['sua'], annullata: ['sua'] },
  valutazione: { proposta: ['sua'], deserta: ['sua'], annullata: ['sua'] },
  proposta: { verifica: ['sua'], valutazione: ['sua'], annullata: ['sua'] },
  verifica: { aggiudicata: ['sua'], valutazione: ['sua'], annullata: ['sua'] },
  aggiudicata: { stipula: ['sua'], annullata: ['sua'] },
  stipula: { esecuzione: ['sua'] },
  esecuzione: { chiusa: ['sua'] },
  chiusa: {},
  deserta: {},
  annullata: {},
};

export const TERMINAL_STATES: ReadonlySet<ProcedureState> = new Set(['chiusa', 'deserta', 'annullata']);

/** Next states from `from` for someone acting for these sides. */
export function allowedTransitions(from: ProcedureState, sides: { comune: boolean; sua: boolean }): ProcedureState[] {
  return (Object.entries(MOVES[from]) as [ProcedureState, Side[]][])
    .filter(([, who]) => who.some((s) => sides[s]))
    .map(([to]) => to);
}

export const canTransition = (from: ProcedureState, to: ProcedureState, side: Side) => !!MOVES[from][to]?.includes(side);

/** What the guards need to know. Dates are YYYY-MM-DD in Europe/Rome; instants are Date. */
export interface GuardFacts {
  now: Date;
  today: string;
  /** Required documents not yet approved or signed. */
  missingDocuments: string[];
  /** The chosen procedure is one the rules allow for this procurement. */
  procedureAllowed?: boolean;
  allowedProcedures?: string[];
  publishedOn?: string;
  offerDeadline?: Date | null;
  /** Statutory minimum days between publication and offer deadline (absent: "termini congrui", art. 92). */
  minimumOfferDays?: number;
  /** The operator proposed is among the procedure's participants. */
  operatorIsParticipant?: boolean;
  hasProposedAwardee?: boolean;
  /** Overall result of the checks on the proposed awardee. */
  checksResult?: 'none' | 'incomplete' | 'regolare' | 'irregolare' | 'scaduto';
  pendingChecks?: string[];
  proposalOn?: string | null;
  /** The art. 99 c.3-bis path (FVOE not working, award on self-declaration) is asked. */
  fvoeFallback?: boolean;
  /** Days after the proposal before the art. 99 c.3-bis path opens (data, not code). */
  fvoeFallbackDays: number;
  standstillEnd?: string | null;
}

export interface GuardFailure {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
export const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The calendar date in Europe/Rome of an instant. */
export const romeDate = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** The guard of a move: null when it may happen, else why not. */
export function guard(to: ProcedureState, f: GuardFacts): GuardFailure | null {
  switch (to) {
    case 'documenti':
      if (f.procedureAllowed === false) {
        return {
          code: 'procedure_not_allowed',
          message: 'The law does not allow this procedure for this procurement',
          details: { allowed: f.allowedProcedures ?? [] },
        };
      }
      return null;
    case 'pronta':
      if (f.missingDocuments.length) {
        return { code: 'documents_incomplete', message: 'Required documents are not approved yet', details: { missing: f.missingDocuments } };
      }
      return null;
    case 'pubblicata': {
      if (!f.publishedOn || !f.offerDeadline) return { code: 'offer_deadline_required', message: 'Publication date and offer deadline are required' };
      if (f.publishedOn > f.today) return { code: 'publication_in_future', message: 'The publication date cannot be in the future' };
      const deadlineDay = romeDate(f.offerDeadline);
      const days = daysBetween(f.publishedOn, deadlineDay);
      if (days < 1 || (f.minimumOfferDays !== undefined && days < f.minimumOfferDays)) {
        return {
          code: 'offer_deadline_too_short',
          message: `The offer deadline must be at least ${f.minimumOfferDays ?? 1} days after publication`,
          details: { minimumDays: f.minimumOfferDays ?? 1, days },
        };
      }
      return null;
    }
    case 'valutazione':
      if (f.offerDeadline && f.offerDeadline.getTime() > f.now.getTime()) {
        return { code: 'offers_still_open', message: 'Offers can be evaluated only after the deadline', details: { offerDeadline: f.offerDeadline.toISOString() } };
      }
      return null;
    case 'proposta':
      if (f.operatorIsParticipant === false) {
        return { code: 'operator_not_participant', message: 'The proposed awardee must be one of the procedure’s operators' };
      }
      return null;
    case 'verifica':
      if (!f.hasProposedAwardee) return { code: 'no_proposed_awardee', message: 'There is no proposed awardee to check' };
      return null;
    case 'aggiudicata': {
      if (!f.hasProposedAwardee) return { code: 'no_proposed_awardee', message: 'There is no proposed awardee' };
      if (f.checksResult === 'regolare') return null;
      if (f.checksResult === 'irregolare') {
        return { code: 'checks_failed', message: 'A requirement check on the proposed awardee is irregular: the award cannot be made' };
      }
      if (f.fvoeFallback) {
        // art. 99 c.3-bis: if the FVOE does not work, 30 days after the proposal the award may rest on self-declarations
        const availableOn = f.proposalOn ? addDays(f.proposalOn, f.fvoeFallbackDays) : null;
        if (!availableOn || f.today < availableOn) {
          return {
            code: 'fvoe_fallback_too_early',
            message: `The art. 99 c.3-bis path opens ${f.fvoeFallbackDays} days after the award proposal`,
            details: { availableOn },
          };
        }
        return null;
      }
      return {
        code: f.checksResult === 'scaduto' ? 'checks_expired' : 'checks_incomplete',
        message: 'The requirement checks on the proposed awardee are not complete and valid',
        details: { pending: f.pendingChecks ?? [] },
      };
    }
    case 'stipula':
      if (f.standstillEnd && f.today < f.standstillEnd) {
        return { code: 'standstill_running', message: 'The standstill period has not ended', details: { until: f.standstillEnd } };
      }
      return null;
    case 'bozza':
    case 'istruttoria':
    case 'esecuzione':
    case 'chiusa':
    case 'deserta':
    case 'annullata':
      return null;
  }
}

/**
 * Dates that follow from the award: end of the standstill (art. 18 c.3: none under the EU threshold, art. 55 c.2)
 * and the deadline of the contract (60 days above, 30 under the threshold: art. 18 c.2, art. 55 c.1).
 */
export function afterAward(awardedOn: string, standstillDays: number, stipulaDays: number) {
  return {
    standstillEnd: standstillDays > 0 ? addDays(awardedOn, standstillDays) : null,
    stipulaDeadline: addDays(awardedOn, stipulaDays),
  };
}

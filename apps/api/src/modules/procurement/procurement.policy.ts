import type { ProcedureState, Role } from '@app/contracts';
import { hasRole, type Actor } from '../../lib/actor.js';
import { REQUESTER_ROLES, operates, speaksFor } from '../requests/requests.policy.js';

/** The facts about a procedure that a decision needs. */
export interface ProcedureFacts {
  comuneId: string;
  provinciaId: string;
  state: ProcedureState;
}

/** States in which the Comune still edits its own request. */
const REQUEST_STATES: ReadonlySet<ProcedureState> = new Set(['bozza']);
/** States in which documents are still drafted and revised. */
const DRAFTING_STATES: ReadonlySet<ProcedureState> = new Set(['istruttoria', 'documenti', 'pronta', 'pubblicata', 'valutazione', 'proposta', 'verifica', 'aggiudicata', 'stipula', 'esecuzione']);

export type ProcurementAction =
  | { type: 'procedure.create'; comuneId: string; enteType: string }
  | ({ type: 'procedure.read' } & ProcedureFacts)
  | ({ type: 'procedure.edit_request' } & ProcedureFacts)
  | ({ type: 'procedure.submit' } & ProcedureFacts)
  | ({ type: 'procedure.manage' } & ProcedureFacts)
  | ({ type: 'document.edit'; producer: 'comune' | 'sua' } & ProcedureFacts)
  | ({ type: 'document.approve'; producer: 'comune' | 'sua' } & ProcedureFacts)
  | { type: 'operators.read' }
  | { type: 'operators.write' }
  | { type: 'dashboard.read'; provinciaId: string | null };

/** The SUA of a Province: its SUA operators and its administrator (the dirigente). */
export const isSuaOf = (actor: Actor | null, provinciaId: string) => operates(actor, provinciaId, 'sua');
/** Staff of the Comune who speak for it (not mere viewers). */
export const speaksForComune = speaksFor;
const memberOf = (actor: Actor | null, enteId: string) => !!actor?.memberships.some((m) => m.enteId === enteId);
const SUA_ROLES: ReadonlySet<Role> = new Set(['sua_operator', 'ente_admin']);
const isAnySua = (actor: Actor) => actor.memberships.some((m) => m.role === 'sua_operator' || (m.role === 'ente_admin' && m.enteType === 'provincia'));

/**
 * Deny by default. A Comune sees its own procedures, edits its request while it is a draft, and drafts and approves
 * the documents it produces (programme, project, capitolato, determina a contrarre, schema di contratto); the
 * Province's SUA sees the procedures of the Comuni it serves, drafts its own documents and approves every document
 * of the file; UPI reads the aggregated dashboard only. Nobody else sees a procedure.
 */
export function can(actor: Actor | null, a: ProcurementAction): boolean {
  if (!actor || actor.memberships.length === 0) return false;
  switch (a.type) {
    case 'procedure.create':
      return a.enteType === 'comune' && speaksFor(actor, a.comuneId);
    case 'procedure.read':
      return memberOf(actor, a.comuneId) || isSuaOf(actor, a.provinciaId);
    case 'procedure.edit_request':
    case 'procedure.submit':
      return REQUEST_STATES.has(a.state) && speaksFor(actor, a.comuneId);
    case 'procedure.manage':
      return isSuaOf(actor, a.provinciaId);
    case 'document.edit':
      if (!DRAFTING_STATES.has(a.state)) return false;
      return isSuaOf(actor, a.provinciaId) || (a.producer === 'comune' && speaksFor(actor, a.comuneId));
    case 'document.approve':
      if (!DRAFTING_STATES.has(a.state)) return false;
      // the SUA, as the delegated contracting authority, approves every document of the file; the Comune approves its own
      return (
        actor.memberships.some((m) => m.enteId === a.provinciaId && SUA_ROLES.has(m.role)) ||
        (a.producer === 'comune' && actor.memberships.some((m) => m.enteId === a.comuneId && (m.role === 'ente_admin' || REQUESTER_ROLES.has(m.role))))
      );
    case 'operators.read':
    case 'operators.write':
      return isAnySua(actor);
    case 'dashboard.read':
      return a.provinciaId === null ? hasRole(actor, 'upi_admin') : hasRole(actor, 'upi_admin') || isSuaOf(actor, a.provinciaId);
    default:
      return false;
  }
}

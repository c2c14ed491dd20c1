import { hasRole, type Actor } from '../../lib/actor.js';
import { operates, speaksFor } from '../requests/requests.policy.js';

/** The facts about a project that a decision needs. */
export interface ProjectFacts {
  leadEnteId: string;
  /** The Province whose SAPE serves the lead ente. */
  provinciaId: string | null;
  /** Entes of the network among the partners. */
  partnerEnteIds: readonly string[];
  /**
   * The Province's SAPE serves the lead ente: the Province itself, or a Comune party to one of its SAPE conventions
   * in force (registry). Without it the Province's SAPE neither sees nor supports the project.
   */
  servedBySape: boolean;
}

export type EuFundingAction =
  | { type: 'call.write' }
  | { type: 'interests.read'; enteId: string }
  | { type: 'interests.write'; enteId: string }
  | { type: 'project.create'; leadEnteId: string; leadEnteType: string; provinciaId: string | null; servedBySape: boolean }
  | ({ type: 'project.read' } & ProjectFacts)
  | ({ type: 'project.edit' } & ProjectFacts)
  | { type: 'territory.read'; provinciaId: string | null }
  | { type: 'office.write'; provinciaId: string };

const PROVINCE_TYPES = new Set(['provincia', 'citta_metropolitana']);
const memberOf = (actor: Actor, enteId: string) => actor.memberships.some((m) => m.enteId === enteId);
/** The SAPE of a Province: its SAPE officers and its administrator. */
export const isSapeOf = (actor: Actor | null, provinciaId: string | null) => !!provinciaId && operates(actor, provinciaId, 'sape');
/** Any Province's SAPE officer (or UPI): they keep the catalogue of calls. */
const isAnySape = (actor: Actor) =>
  hasRole(actor, 'upi_admin') || actor.memberships.some((m) => PROVINCE_TYPES.has(m.enteType) && (m.role === 'sape_operator' || m.role === 'ente_admin'));

/**
 * Deny by default. SAPE officers of the Provinces and UPI keep the calls; a Comune sees and edits its projects;
 * partners see the projects they are in; the Province's SAPE sees and supports the projects of the Comuni it serves
 * (those party to one of its SAPE conventions in force, and its own);
 * UPI reads only aggregates.
 */
export function can(actor: Actor | null, a: EuFundingAction): boolean {
  if (!actor || actor.memberships.length === 0) return false;
  switch (a.type) {
    case 'call.write':
      return isAnySape(actor);
    case 'interests.read':
      return memberOf(actor, a.enteId);
    case 'interests.write':
      return speaksFor(actor, a.enteId);
    case 'project.create':
      return (a.leadEnteType === 'comune' || PROVINCE_TYPES.has(a.leadEnteType)) && (speaksFor(actor, a.leadEnteId) || (a.servedBySape && isSapeOf(actor, a.provinciaId)));
    case 'project.read':
      return memberOf(actor, a.leadEnteId) || a.partnerEnteIds.some((e) => memberOf(actor, e)) || (a.servedBySape && isSapeOf(actor, a.provinciaId));
    case 'project.edit':
      return speaksFor(actor, a.leadEnteId) || (a.servedBySape && isSapeOf(actor, a.provinciaId));
    case 'territory.read':
      return a.provinciaId === null ? hasRole(actor, 'upi_admin') : hasRole(actor, 'upi_admin') || isSapeOf(actor, a.provinciaId);
    case 'office.write':
      return isSapeOf(actor, a.provinciaId);
    default:
      return false;
  }
}

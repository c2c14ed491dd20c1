import type { Role, Service } from '@app/contracts';
import { hasRole, type Actor } from '../../lib/actor.js';

/** Roles of a Comune's staff who may open, close and reopen its requests. */
export const REQUESTER_ROLES: ReadonlySet<Role> = new Set(['comune_user', 'ente_admin', 'referent']);
/** The role that operates a service in a Province (besides the Province's administrator). */
export const operatorRole = (service: Service): Role => `${service}_operator` as Role;

/** The facts about a request that a decision needs. */
export interface RequestFacts {
  requesterEnteId: string;
  provinciaId: string;
  service: Service;
}

export type RequestAction =
  | { type: 'request.create'; enteId: string; enteType: string }
  | ({ type: 'request.read' } & RequestFacts)
  | ({ type: 'request.operate' } & RequestFacts)
  | ({ type: 'request.respond' } & RequestFacts)
  | { type: 'queue.read'; provinciaId: string; service: Service }
  | { type: 'stats.read' }
  | { type: 'categories.manage' };

/** Whether the actor operates the service for the Province: its operator of that service or its administrator. */
export const operates = (actor: Actor | null, provinciaId: string, service: Service) =>
  !!actor?.memberships.some((m) => m.enteId === provinciaId && (m.role === operatorRole(service) || m.role === 'ente_admin'));
/** Whether the actor speaks for the requesting Comune (not a mere viewer). */
export const speaksFor = (actor: Actor | null, enteId: string) =>
  !!actor?.memberships.some((m) => m.enteId === enteId && REQUESTER_ROLES.has(m.role));
const memberOf = (actor: Actor | null, enteId: string) => !!actor?.memberships.some((m) => m.enteId === enteId);

/**
 * Deny by default. A Comune's staff open requests to their Province and follow them; the Province's operators of
 * the service (and its administrator) work them; UPI reads only aggregated statistics and keeps the catalogue:
 * the matters of a Comune stay between the Comune and its Province.
 */
export function can(actor: Actor | null, a: RequestAction): boolean {
  if (!actor || actor.memberships.length === 0) return false;
  switch (a.type) {
    case 'request.create':
      return a.enteType === 'comune' && speaksFor(actor, a.enteId);
    case 'request.read':
      return memberOf(actor, a.requesterEnteId) || operates(actor, a.provinciaId, a.service);
    case 'request.operate':
      return operates(actor, a.provinciaId, a.service);
    case 'request.respond':
      return speaksFor(actor, a.requesterEnteId);
    case 'queue.read':
      return operates(actor, a.provinciaId, a.service);
    case 'stats.read':
    case 'categories.manage':
      return hasRole(actor, 'upi_admin');
    default:
      return false;
  }
}

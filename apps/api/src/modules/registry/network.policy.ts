import { hasRole, type Actor } from '../../lib/actor.js';

/** Roles that act for an ente in the network: its administrator and its project referent. */
const MANAGER_ROLES = new Set(['ente_admin', 'referent']);

export const isUpi = (actor: Actor | null) => hasRole(actor, 'upi_admin');
/** Enti whose network data the actor manages (referents, conventions with its Comuni, candidatures). */
export const managedEntes = (actor: Actor | null) =>
  new Set(actor?.memberships.filter((m) => MANAGER_ROLES.has(m.role)).map((m) => m.enteId) ?? []);
/** Enti the actor belongs to, whatever the role. */
export const memberEntes = (actor: Actor | null) => new Set(actor?.memberships.map((m) => m.enteId) ?? []);

/** The facts about a record that a decision needs. */
export type NetworkAction =
  /** Aggregates and lists the network shares with its members: protocol states, bodies, groups, tables. */
  | { type: 'network.read' }
  | { type: 'network.admin' }
  | { type: 'ente.internal.read'; enteId: string }
  | { type: 'referent.write'; enteId: string }
  | { type: 'protocol.read'; provinciaId: string }
  | { type: 'protocol.commitments'; provinciaId: string }
  | { type: 'protocol.transition' }
  | { type: 'convention.read'; ownerEnteId: string; partyIds: string[] }
  | { type: 'convention.write'; kind: string; ownerEnteId: string }
  | { type: 'candidature.create'; provinciaId: string }
  | { type: 'candidature.decide' }
  | { type: 'candidature.withdraw'; provinciaId: string };

/**
 * Deny by default. UPI administers everything; a Province's administrator or referent manages its own
 * referents, its conventions with its Comuni and its candidatures; members of an ente read what concerns it;
 * every member of the network reads the shared figures.
 */
export function can(actor: Actor | null, a: NetworkAction): boolean {
  if (!actor || actor.memberships.length === 0) return false;
  if (isUpi(actor)) return true;
  const managed = managedEntes(actor);
  const member = memberEntes(actor);
  switch (a.type) {
    case 'network.read':
      return true;
    case 'ente.internal.read':
      return member.has(a.enteId);
    case 'referent.write':
      return managed.has(a.enteId);
    case 'protocol.read':
      return member.has(a.provinciaId);
    case 'protocol.commitments':
      return managed.has(a.provinciaId);
    case 'convention.read':
      return member.has(a.ownerEnteId) || a.partyIds.some((id) => member.has(id));
    case 'convention.write':
      return a.kind === 'provincia_comune' && managed.has(a.ownerEnteId);
    case 'candidature.create':
    case 'candidature.withdraw':
      return managed.has(a.provinciaId);
    case 'network.admin':
    case 'protocol.transition':
    case 'candidature.decide':
      return false;
    default:
      return false;
  }
}

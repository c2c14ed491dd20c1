import type { Role } from '@app/contracts';

export interface ActorMembership {
  id: string;
  enteId: string;
  enteType: string;
  role: Role;
}

/** Who is calling: passed to every service method. */
export interface Actor {
  userId: string;
  email: string;
  sessionId: string;
  memberships: ActorMembership[];
  activeMembershipId: string | null;
}

/** Context of a mutation, carried into the audit log. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
}

export const hasRole = (actor: Actor | null, role: Role) => !!actor?.memberships.some((m) => m.role === role);
/** Entes where the actor holds the role. */
export const entesWithRole = (actor: Actor | null, role: Role) =>
  new Set(actor?.memberships.filter((m) => m.role === role).map((m) => m.enteId) ?? []);

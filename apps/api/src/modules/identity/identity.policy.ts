import type { Role } from '@app/contracts';
import { entesWithRole, hasRole, type Actor } from '../../lib/actor.js';

/** What a target user looks like to the policy: the entes and roles of their memberships. */
export interface UserResource {
  id: string;
  memberships: { enteId: string; role: string }[];
}

export type IdentityAction =
  | { type: 'user.list' }
  | { type: 'user.read'; user: UserResource }
  | { type: 'user.create'; enteId: string | null }
  | { type: 'user.update'; user: UserResource }
  | { type: 'membership.create'; user: UserResource; enteId: string; enteType: string; role: Role }
  | { type: 'membership.delete'; user: UserResource; enteId: string; role: string };


/**
 * Deny by default. The UPI administrator manages everyone; an ente administrator manages the
 * people of their own ente (never UPI administrators); everyone reads themselves.
 */
export function can(actor: Actor | null, action: IdentityAction): boolean {
  if (!actor) return false;
  const upiAdmin = hasRole(actor, 'upi_admin');
  const admin = entesWithRole(actor, 'ente_admin');
  const sharesEnte = (u: UserResource) => u.memberships.some((m) => admin.has(m.enteId));
  const isUpiAdmin = (u: UserResource) => u.memberships.some((m) => m.role === 'upi_admin');
  switch (action.type) {
    case 'user.list':
      return upiAdmin || admin.size > 0;
    case 'user.read':
      return action.user.id === actor.userId || upiAdmin || sharesEnte(action.user);
    case 'user.create':
      return upiAdmin || (action.enteId !== null && admin.has(action.enteId));
    case 'user.update':
      return upiAdmin || (sharesEnte(action.user) && !isUpiAdmin(action.user) && action.user.id !== actor.userId);
    case 'membership.create':
      if (action.role === 'upi_admin') return upiAdmin && action.enteType === 'upi';
      return upiAdmin || admin.has(action.enteId);
    case 'membership.delete':
      if (action.role === 'upi_admin') return upiAdmin && action.user.id !== actor.userId;
      return upiAdmin || (admin.has(action.enteId) && !isUpiAdmin(action.user));
    default:
      return false;
  }
}

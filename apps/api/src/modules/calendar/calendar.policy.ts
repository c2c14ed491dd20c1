import type { Actor } from '../../lib/actor.js';

export type CalendarAction =
  /** Read one's own calendar (the items of one's audience). */
  | { type: 'calendar.read' }
  /** See, renew or revoke one's own feed address. */
  | { type: 'calendar.feed.manage'; userId: string };

/** Deny by default: a signed-in actor reads their own calendar and manages only their own feed address. */
export function can(actor: Actor | null, action: CalendarAction): boolean {
  if (!actor) return false;
  switch (action.type) {
    case 'calendar.read':
      return true;
    case 'calendar.feed.manage':
      return action.userId === actor.userId;
    default:
      return false;
  }
}

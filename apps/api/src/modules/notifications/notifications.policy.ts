import type { Actor } from '../../lib/actor.js';

export type NotificationAction = 'list' | 'read' | 'mark-read' | 'preferences.read' | 'preferences.update';

/**
 * Deny by default: a signed-in user sees and changes only their own notifications and preferences. Nobody —
 * not even an administrator — reads or marks another person's notifications.
 */
export function can(actor: Actor | null, action: NotificationAction, owner?: { userId: string }): boolean {
  if (!actor) return false;
  switch (action) {
    case 'list':
    case 'preferences.read':
    case 'preferences.update':
      return owner === undefined || owner.userId === actor.userId;
    case 'read':
    case 'mark-read':
      return owner !== undefined && owner.userId === actor.userId;
    default:
      return false;
  }
}

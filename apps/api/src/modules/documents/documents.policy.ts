import type { Actor } from '../../lib/actor.js';

/** What the owner record grants the actor, as its module's resolver answers it. */
export interface OwnerAccess {
  /** The ente the owner record belongs to (recorded on the document and in the audit log). */
  enteId: string | null;
  read: boolean;
  write: boolean;
}

export type DocumentAction = 'read' | 'write';

/**
 * Deny by default: a document is read or written only by a signed-in actor whose access to the
 * owner record grants it. Anything else — no owner, an unknown owner type — is refused.
 */
export function can(actor: Actor | null, owner: OwnerAccess | null, action: DocumentAction): boolean {
  if (!actor || !owner) return false;
  switch (action) {
    case 'read':
      return owner.read === true;
    case 'write':
      return owner.write === true;
    default:
      return false;
  }
}

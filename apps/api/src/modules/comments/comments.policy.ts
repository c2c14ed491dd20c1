import { hasRole, type Actor } from '../../lib/actor.js';
import type { RecordAccess } from '../../lib/records.js';

export type CommentAction = 'read' | 'create' | 'edit' | 'delete';

export interface CommentTarget {
  /** The caller's access to the record the comment is on. */
  record: RecordAccess | null;
  /** Absent for a comment not written yet. */
  comment?: { authorId: string; deleted: boolean };
}

/**
 * Deny by default. Whoever may see a record may read and write its comments; a comment is edited only by its
 * author and deleted by its author, by a moderator of the record (`moderate`, else `write`) or by UPI admins.
 * Deleted comments change no more.
 */
export function can(actor: Actor | null, action: CommentAction, t: CommentTarget): boolean {
  if (!actor || !t.record?.read) return false;
  switch (action) {
    case 'read':
    case 'create':
      return true;
    case 'edit':
      return !!t.comment && !t.comment.deleted && t.comment.authorId === actor.userId;
    case 'delete':
      if (!t.comment || t.comment.deleted) return false;
      return t.comment.authorId === actor.userId || (t.record.moderate ?? t.record.write) || hasRole(actor, 'upi_admin');
    default:
      return false;
  }
}

import { canonicalJson, sha256 } from '../../lib/hash.js';

/** Hash of the first link's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  enteId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: unknown;
  requestId: string | null;
}

/** What a link's hash covers besides the previous hash: the canonical JSON of the event's fields. */
export function chainPayload(e: ChainedFields): string {
  return canonicalJson({
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    enteId: e.enteId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    changes: e.changes,
    requestId: e.requestId,
  });
}

/** hash = SHA-256(previous hash + canonical JSON of the event's fields), hex. */
export function chainHash(prevHash: string, e: ChainedFields): string {
  return sha256(prevHash + chainPayload(e));
}

export interface ChainBreak {
  id: number;
  reason: 'prev_hash_mismatch' | 'hash_mismatch';
}

/** Checks one link given the previous link's hash; answers the break or null. */
export function checkLink(prevHash: string, row: ChainedFields & { id: number; prevHash: string; hash: string }): ChainBreak | null {
  if (row.prevHash !== prevHash) return { id: row.id, reason: 'prev_hash_mismatch' };
  if (chainHash(row.prevHash, row) !== row.hash) return { id: row.id, reason: 'hash_mismatch' };
  return null;
}

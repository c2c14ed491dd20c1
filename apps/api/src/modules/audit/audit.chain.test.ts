import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash, checkLink } from './audit.chain.js';

const event = {
  at: new Date('2026-11-26T10:00:00.000Z'),
  actorId: null,
  actorEmail: 'a@b.it',
  enteId: null,
  action: 'user.create',
  entityType: 'user',
  entityId: '1',
  changes: { b: 1, a: [1, { d: 2, c: 3 }] },
  requestId: 'r1',
};

describe('audit hash chain', () => {
  it('does not depend on the order of keys in the changes', () => {
    const h1 = chainHash(GENESIS_HASH, event);
    const h2 = chainHash(GENESIS_HASH, { ...event, changes: { a: [1, { c: 3, d: 2 }], b: 1 } });
    expect(h1).toBe(h2);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any field or the previous hash changes', () => {
    const h = chainHash(GENESIS_HASH, event);
    expect(chainHash('1'.repeat(64), event)).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...event, action: 'user.update' })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...event, at: new Date('2026-11-26T10:00:00.001Z') })).not.toBe(h);
  });

  it('reports a link whose previous hash does not match', () => {
    const hash = chainHash(GENESIS_HASH, event);
    expect(checkLink(GENESIS_HASH, { ...event, id: 1, prevHash: GENESIS_HASH, hash })).toBeNull();
    expect(checkLink('f'.repeat(64), { ...event, id: 1, prevHash: GENESIS_HASH, hash })).toEqual({ id: 1, reason: 'prev_hash_mismatch' });
    expect(checkLink(GENESIS_HASH, { ...event, id: 1, prevHash: GENESIS_HASH, hash: 'x' })).toEqual({ id: 1, reason: 'hash_mismatch' });
  });
});

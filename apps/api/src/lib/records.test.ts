import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Database } from '@app/db';
import { createUser, enteId, openTestDatabase } from '../../test/build-app.js';
import type { Actor } from './actor.js';
import { actorTokens, audience, createRecordRegistry, loadActor, usersWithTokens } from './records.js';

const actor = (memberships: Actor['memberships']): Actor => ({
  userId: 'u1',
  email: 'u1@example.it',
  sessionId: 's',
  memberships,
  activeMembershipId: memberships[0]?.id ?? null,
});

describe('audience tokens', () => {
  it('give a member their user, every ente, role and ente-role they hold, and "member"', () => {
    const tokens = actorTokens(actor([{ id: 'm1', enteId: 'e1', enteType: 'provincia', role: 'sit_operator' }]));
    expect(tokens.sort()).toEqual(['ente-role:e1:sit_operator', 'ente:e1', 'member', 'role:sit_operator', 'user:u1']);
  });
  it('give a user without memberships only their own token, and nobody none', () => {
    expect(actorTokens(actor([]))).toEqual(['user:u1']);
    expect(actorTokens(null)).toEqual([]);
  });
});

describe('the record types registry', () => {
  it('refuses a type registered twice or with a malformed name', () => {
    const r = createRecordRegistry();
    r.register('test.thing', async () => null);
    expect(() => r.register('test.thing', async () => null)).toThrow(/already registered/);
    expect(() => r.register('Bad Type', async () => null)).toThrow(/Invalid owner type/);
  });
  it('denies unknown types, malformed ids and anonymous callers without asking the module', async () => {
    const r = createRecordRegistry();
    let asked = 0;
    r.register('test.thing', async () => {
      asked++;
      return { enteId: null, read: true, write: true };
    });
    const ctx = { actor: actor([]), requestId: 'r' };
    expect(await r.access(ctx, 'test.other', '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await r.access(ctx, 'test.thing', 'not-a-uuid')).toBeNull();
    expect(await r.access({ actor: null, requestId: 'r' }, 'test.thing', '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(asked).toBe(0);
  });
});

describe('users of an audience', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('are the active users holding one of the tokens, and the actor a user would be', async () => {
    const padova = await enteId(database, 'provincia', '028');
    const rovigo = await enteId(database, 'provincia', '029');
    const a = await createUser(database, [{ role: 'sit_operator', enteId: padova }]);
    const b = await createUser(database, [{ role: 'referent', enteId: rovigo }]);
    const off = await createUser(database, [{ role: 'sit_operator', enteId: padova }], { active: false });
    const ids = async (tokens: string[]) =>
      rowsOf<{ id: string }>(await database.db.execute(usersWithTokens(tokens)))
        .map((r) => r.id)
        .filter((id) => [a.id, b.id, off.id].includes(id))
        .sort();
    expect(await ids([audience.enteRole(padova, 'sit_operator')])).toEqual([a.id]);
    expect(await ids([audience.ente(rovigo)])).toEqual([b.id]);
    expect(await ids([audience.role('referent'), audience.user(a.id)])).toEqual([a.id, b.id].sort());
    expect(await ids([audience.member])).toEqual([a.id, b.id].sort());
    expect(await ids([audience.ente(rovigo).replace('ente', 'other')])).toEqual([]);

    const loaded = await loadActor(database.db, a.id);
    expect(loaded?.memberships).toEqual([expect.objectContaining({ enteId: padova, role: 'sit_operator', enteType: 'provincia' })]);
    expect(await loadActor(database.db, off.id)).toBeNull();
    expect(await loadActor(database.db, 'nope')).toBeNull();
  });
});

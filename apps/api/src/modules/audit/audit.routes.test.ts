import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';
import { chainHash } from './audit.chain.js';

let t: TestContext;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await createUser(t.database, [{ role: 'upi_admin', enteId: await enteId(t.database, 'upi', null) }]);
  headers = await login(t.app, admin.email);
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records every mutation with actor, action, entity and request id', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { email: `audit-${Date.now()}@test.example.it`, displayName: 'Anna Verdi', password: 'Password-audit-1' } });
    const id = res.json().id;
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?entityId=${id}`, headers })).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ action: 'user.create', entityType: 'user', entityId: id, requestId: res.json().id ? expect.any(String) : null, actorEmail: expect.stringContaining('@test.example.it') });
    expect(list.items[0].changes).toMatchObject({ displayName: 'Anna Verdi' });
    expect(JSON.stringify(list.items[0].changes)).not.toContain('Password-audit-1');
  });

  it('filters by action prefix, actor and time range', async () => {
    const byAction = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?action=auth.&pageSize=200', headers })).json();
    expect(byAction.items.length).toBeGreaterThan(0);
    expect(byAction.items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
    const future = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?from=2999-01-01T00:00:00Z', headers })).json();
    expect(future.total).toBe(0);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?from=ieri', headers });
    expect(bad.statusCode).toBe(400);
  });

  it('exports the filtered log as CSV', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events.csv?action=user.create', headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('id,at,actorEmail,actorId,enteId,action,entityType,entityId,changes,requestId,hash');
    expect(lines.slice(1).every((l) => l.includes(',user.create,'))).toBe(true);
  });

  it('links each event, also concurrent ones with accents and emoji, to the one before with the hash the chain checks', async () => {
    const ctx = { actor: null, requestId: 'req-chain' };
    await Promise.all(
      ['Città di Abano', 'Perché «sì» 🙂', 'Ünïcödé'].map((title, i) =>
        t.database.db.transaction((tx) =>
          t.app.services.audit.record(tx, ctx, {
            action: 'test.chain',
            entityType: 'test',
            entityId: String(i),
            changes: { title, n: i },
          }),
        ),
      ),
    );
    const result = (await t.database.db.execute(
      sql`select * from audit_events order by id desc limit 4`,
    )) as unknown as {
      rows: {
        id: number;
        at: string | Date;
        actor_id: string | null;
        actor_email: string | null;
        ente_id: string | null;
        action: string;
        entity_type: string;
        entity_id: string | null;
        changes: unknown;
        request_id: string | null;
        prev_hash: string;
        hash: string;
      }[];
    };
    const [a, b, c, before] = result.rows;
    expect([a!.prev_hash, b!.prev_hash, c!.prev_hash]).toEqual([b!.hash, c!.hash, before!.hash]);
    for (const r of [a!, b!, c!]) {
      const fields = {
        at: new Date(r.at),
        actorId: r.actor_id,
        actorEmail: r.actor_email,
        enteId: r.ente_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        changes: r.changes,
        requestId: r.request_id,
      };
      expect(r.hash).toBe(chainHash(r.prev_hash, fields));
    }
    expect((await t.app.services.audit.verify()).firstBreak).toBeNull();
  });

  it('verifies the hash chain and detects a tampered entry', async () => {
    const ok = await t.app.services.audit.verify();
    expect(ok.firstBreak).toBeNull();
    expect(ok.checked).toBeGreaterThan(1);
    const result = (await t.database.db.execute(sql`select id, changes from audit_events order by id desc limit 1`)) as unknown as { rows: { id: number; changes: unknown }[] };
    const [row] = result.rows;
    await t.database.db.execute(sql`update audit_events set changes = '{"forged":true}'::jsonb where id = ${row!.id}`);
    const broken = await t.app.services.audit.verify();
    expect(broken.firstBreak).toEqual({ id: Number(row!.id), reason: 'hash_mismatch' });
    await t.database.db.execute(sql`update audit_events set changes = ${JSON.stringify(row!.changes)}::jsonb where id = ${row!.id}`);
    expect((await t.app.services.audit.verify()).firstBreak).toBeNull();
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadDemoData, loadNetworkDemo, loadProcurementDemo, loadRequestsDemo, procurementRules } from '@app/db/seed';
import { Roles } from '@app/contracts';
import { createTestApp, enteId, type TestContext } from '../test/build-app.js';
import type { Actor } from './lib/actor.js';
import { actorTokens } from './lib/records.js';
import { todayInRome } from './modules/registry/network.workflow.js';
import { addWorkingDays, addWorkingHours, subtractWorkingHours } from './modules/requests/sla.js';
import { procurementDemoPlan } from './modules/procurement/procurement.demo.js';
import { rowsOf } from '@app/db';

/**
 * Generated over every record type the modules register with an audience: for each of its records (demo data of the
 * network, of the assistance requests and of the procurements) and each role in each kind of ente (a Province, another Province, a Comune
 * of the first, a Comune of the second, UPI), who may read the record (`access`) is exactly who holds one of its
 * audience tokens — the tokens that scope the global search and the calendars in SQL. Comments, documents,
 * notifications, the search and the calendar all decide through these two answers.
 */
let t: TestContext;
const enti: Record<string, { id: string; type: string }> = {};

beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.transaction((tx) => loadDemoData(tx));
  await t.database.db.transaction((tx) => loadNetworkDemo(tx, todayInRome()));
  await t.database.db.transaction((tx) => loadRequestsDemo(tx, { now: new Date(), addWorkingHours, addWorkingDays, subtractWorkingHours }));
  await t.database.db.transaction((tx) => loadProcurementDemo(tx, procurementDemoPlan(procurementRules, todayInRome())));
  enti.upi = { id: await enteId(t.database, 'upi', null), type: 'upi' };
  enti.padova = { id: await enteId(t.database, 'provincia', '028'), type: 'provincia' };
  enti.rovigo = { id: await enteId(t.database, 'provincia', '029'), type: 'provincia' };
  enti.abano = { id: await enteId(t.database, 'comune', '028001'), type: 'comune' };
  enti.adria = { id: await enteId(t.database, 'comune', '029001'), type: 'comune' };
});
afterAll(() => t.close());

/** Records of each type to check: a sample of every table, the demo's own first. */
async function recordsOf(type: string): Promise<string[]> {
  const table: Record<string, string> = { protocol: 'protocols', convention: 'conventions', meeting: 'meetings', service_request: 'service_requests', procurement_procedure: 'procurement_procedures' };
  if (!table[type]) return [];
  return rowsOf<{ id: string }>(await t.database.db.execute(sql.raw(`select id from ${table[type]} order by id limit 40`))).map((r) => r.id);
}

describe('who may read a record', () => {
  it('is exactly who holds one of its audience tokens, for every record type × role × ente', async () => {
    const types = ['protocol', 'convention', 'meeting', 'service_request', 'procurement_procedure'];
    for (const type of types) expect(t.app.services.records.get(type)?.audience, type).toBeTypeOf('function');
    const actors: { label: string; actor: Actor }[] = [];
    for (const [name, ente] of Object.entries(enti)) {
      for (const role of Roles) {
        actors.push({
          label: `${role}@${name}`,
          actor: { userId: randomUUID(), email: 'x@example.it', sessionId: 's', memberships: [{ id: randomUUID(), enteId: ente.id, enteType: ente.type, role }], activeMembershipId: null },
        });
      }
    }
    const mismatches: string[] = [];
    let checked = 0;
    for (const type of types) {
      const ids = await recordsOf(type);
      expect(ids.length, `${type} records in the demo data`).toBeGreaterThan(0);
      for (const id of ids) {
        const audience = (await t.app.services.records.audience(t.database.db, type, id)) ?? [];
        for (const { label, actor } of actors) {
          const access = await t.app.services.records.access({ actor, requestId: 'matrix' }, type, id);
          const byTokens = actorTokens(actor).some((tk) => audience.includes(tk));
          if ((access?.read === true) !== byTokens) mismatches.push(`${type} ${id} ${label}: access ${access?.read === true}, audience ${byTokens}`);
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('is nobody without a membership, for every record', async () => {
    const nobody: Actor = { userId: randomUUID(), email: 'x@example.it', sessionId: 's', memberships: [], activeMembershipId: null };
    for (const type of ['protocol', 'convention', 'meeting', 'service_request', 'procurement_procedure']) {
      for (const id of await recordsOf(type)) {
        expect((await t.app.services.records.access({ actor: nobody, requestId: 'matrix' }, type, id))?.read ?? false, `${type} ${id}`).toBe(false);
      }
    }
  });
});

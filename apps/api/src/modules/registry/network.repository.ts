import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, tables, type DbOrTx } from '@app/db';
import { containsPattern } from '../../lib/like.js';

const {
  enti,
  referents,
  protocols,
  conventions,
  conventionParties,
  bodies,
  bodyMembers,
  workingGroups,
  workingGroupMembers,
  meetings,
  decisions,
  localTables,
  candidatures,
} = tables;

export type ReferentRow = typeof referents.$inferSelect;
export type ProtocolRow = typeof protocols.$inferSelect;
export type ConventionRow = typeof conventions.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect;
export type LocalTableRow = typeof localTables.$inferSelect;
export type CandidatureRow = typeof candidatures.$inferSelect;

export interface EnteRefRow {
  id: string;
  istatCode: string | null;
  name: string;
  type: string;
  regionIstatCode: string | null;
  provinceIstatCode: string | null;
  population: number | null;
}
const enteRefCols = {
  id: enti.id,
  istatCode: enti.istatCode,
  name: enti.name,
  type: enti.type,
  regionIstatCode: enti.regionIstatCode,
  provinceIstatCode: enti.provinceIstatCode,
  population: enti.population,
};

/**
 * A column of the outer query, qualified: drizzle leaves columns unqualified in single-table selects, where a
 * correlated subquery would bind them to its own table.
 */
const outer = (table: string, column = 'id') => sql.raw(`"${table}"."${column}"`);

/** Rows of a raw statement, once it answers. */
const rowsOfQuery = async <T>(q: Promise<unknown>): Promise<T[]> => rowsOf<T>(await q);

export interface ConventionFilter {
  /** Conventions owned by, or with a party among, these enti; null = all. */
  visibleTo: string[] | null;
  provinciaId?: string;
  enteId?: string;
  service?: string;
  state?: string;
  kind?: string;
  endsBy?: string;
  today: string;
  limit: number;
  offset: number;
}

export interface ProtocolFilter {
  state?: string;
  region?: string;
  limit: number;
  offset: number;
}

export function createNetworkRepository() {
  const involving = (ids: string[]) =>
    or(
      inArray(conventions.ownerEnteId, ids),
      sql`exists (select 1 from ${conventionParties} cp where cp.convention_id = ${outer('conventions')} and cp.ente_id in ${ids})`,
    )!;

  return {
    // ------------------------------------------------------------ enti
    async entiByIds(db: DbOrTx, ids: string[]): Promise<Map<string, EnteRefRow>> {
      if (ids.length === 0) return new Map();
      const rows = await db.select(enteRefCols).from(enti).where(inArray(enti.id, [...new Set(ids)]));
      return new Map(rows.map((r) => [r.id, r]));
    },
    async programmeProvinces(db: DbOrTx): Promise<EnteRefRow[]> {
      return db.select(enteRefCols).from(enti).where(and(eq(enti.inProgramme, true), eq(enti.active, true))).orderBy(asc(enti.name));
    },
    async comuniOf(db: DbOrTx, provinceIstatCode: string): Promise<EnteRefRow[]> {
      return db
        .select(enteRefCols)
        .from(enti)
        .where(and(eq(enti.type, 'comune'), eq(enti.provinceIstatCode, provinceIstatCode), eq(enti.active, true)))
        .orderBy(asc(enti.name));
    },
    async regionNames(db: DbOrTx): Promise<Map<string, string>> {
      const rows = await db.select({ code: enti.istatCode, name: enti.name }).from(enti).where(eq(enti.type, 'regione'));
      return new Map(rows.map((r) => [r.code ?? '', r.name]));
    },

    // ------------------------------------------------------------ referents
    async listReferents(db: DbOrTx, f: { enteIds: string[] | null; area?: string; region?: string; limit: number; offset: number }) {
      const where: SQL[] = [];
      if (f.enteIds) where.push(f.enteIds.length ? inArray(referents.enteId, f.enteIds) : sql`false`);
      if (f.area) where.push(eq(referents.area, f.area));
      if (f.region) where.push(eq(enti.regionIstatCode, f.region));
      const rows = await db
        .select({ r: referents, total: sql<number>`(count(*) over ())::int` })
        .from(referents)
        .innerJoin(enti, eq(enti.id, referents.enteId))
        .where(and(...where))
        .orderBy(asc(enti.name), asc(referents.area), asc(referents.fullName))
        .limit(f.limit)
        .offset(f.offset);
      return { rows: rows.map((x) => x.r), total: rows[0]?.total ?? 0 };
    },
    async referentsOf(db: DbOrTx, enteId: string) {
      return db.select().from(referents).where(eq(referents.enteId, enteId)).orderBy(asc(referents.area), asc(referents.fullName));
    },
    async findReferent(db: DbOrTx, id: string) {
      const [r] = await db.select().from(referents).where(eq(referents.id, id));
      return r ?? null;
    },
    async insertReferent(db: DbOrTx, v: typeof referents.$inferInsert) {
      const [r] = await db.insert(referents).values(v).returning();
      return r!;
    },
    async updateReferent(db: DbOrTx, id: string, version: number, v: Partial<typeof referents.$inferInsert>) {
      const [r] = await db
        .update(referents)
        .set({ ...v, version: sql`${referents.version} + 1`, updatedAt: new Date() })
        .where(and(eq(referents.id, id), eq(referents.version, version)))
        .returning();
      return r ?? null;
    },
    async deleteReferent(db: DbOrTx, id: string) {
      await db.delete(referents).where(eq(referents.id, id));
    },
    /** Programme Provinces without a referent for the area. */
    async provincesWithoutReferent(db: DbOrTx, area: string): Promise<EnteRefRow[]> {
      return db
        .select(enteRefCols)
        .from(enti)
        .where(
          and(
            eq(enti.inProgramme, true),
            eq(enti.active, true),
            sql`not exists (select 1 from ${referents} r where r.ente_id = ${outer('enti')} and r.area = ${area})`,
          ),
        )
        .orderBy(asc(enti.name));
    },

    // ------------------------------------------------------------ protocols
    async listProtocols(db: DbOrTx, f: ProtocolFilter) {
      const where: SQL[] = [];
      if (f.state) where.push(eq(protocols.state, f.state));
      if (f.region) where.push(eq(enti.regionIstatCode, f.region));
      const rows = await db
        .select({ p: protocols, e: enteRefCols, total: sql<number>`(count(*) over ())::int` })
        .from(protocols)
        .innerJoin(enti, eq(enti.id, protocols.provinciaId))
        .where(and(...where))
        .orderBy(asc(enti.name))
        .limit(f.limit)
        .offset(f.offset);
      return { rows, total: rows[0]?.total ?? 0 };
    },
    async findProtocol(db: DbOrTx, id: string) {
      const [row] = await db.select({ p: protocols, e: enteRefCols }).from(protocols).innerJoin(enti, eq(enti.id, protocols.provinciaId)).where(eq(protocols.id, id));
      return row ?? null;
    },
    async protocolOf(db: DbOrTx, provinciaId: string) {
      const [row] = await db.select({ p: protocols, e: enteRefCols }).from(protocols).innerJoin(enti, eq(enti.id, protocols.provinciaId)).where(eq(protocols.provinciaId, provinciaId));
      return row ?? null;
    },
    async insertMissingProtocols(db: DbOrTx): Promise<number> {
      const rows = await rowsOfQuery<{ id: string }>(
        db.execute(sql`
          insert into ${protocols} (provincia_id)
          select e.id from ${enti} e where e.in_programme and e.active
            and not exists (select 1 from ${protocols} p where p.provincia_id = e.id)
          returning id`),
      );
      return rows.length;
    },
    async updateProtocol(db: DbOrTx, id: string, version: number, v: Partial<typeof protocols.$inferInsert>) {
      const [r] = await db
        .update(protocols)
        .set({ ...v, version: sql`${protocols.version} + 1`, updatedAt: new Date() })
        .where(and(eq(protocols.id, id), eq(protocols.version, version)))
        .returning();
      return r ?? null;
    },
    async markReminded(db: DbOrTx, ids: string[]) {
      if (ids.length === 0) return;
      await db
        .update(protocols)
        .set({ remindersSent: sql`${protocols.remindersSent} + 1`, lastReminderAt: new Date() })
        .where(inArray(protocols.id, ids));
    },
    async protocolCounts(db: DbOrTx) {
      return db
        .select({ region: enti.regionIstatCode, state: protocols.state, n: count() })
        .from(protocols)
        .innerJoin(enti, eq(enti.id, protocols.provinciaId))
        .groupBy(enti.regionIstatCode, protocols.state);
    },
    async provincesNotSigned(db: DbOrTx): Promise<EnteRefRow[]> {
      return db
        .select(enteRefCols)
        .from(enti)
        .where(
          and(
            eq(enti.inProgramme, true),
            eq(enti.active, true),
            sql`not exists (select 1 from ${protocols} p where p.provincia_id = ${outer('enti')} and p.state = 'signed')`,
          ),
        )
        .orderBy(asc(enti.name));
    },

    // ------------------------------------------------------------ conventions
    async listConventions(db: DbOrTx, f: ConventionFilter) {
      const where: SQL[] = [];
      if (f.visibleTo) where.push(f.visibleTo.length ? involving(f.visibleTo) : sql`false`);
      if (f.provinciaId) where.push(involving([f.provinciaId]));
      if (f.enteId) where.push(involving([f.enteId]));
      if (f.service) where.push(sql`${f.service} = any(${conventions.services})`);
      if (f.state) where.push(eq(conventions.state, f.state));
      if (f.kind) where.push(eq(conventions.kind, f.kind));
      if (f.endsBy) where.push(and(eq(conventions.state, 'active'), gte(conventions.endsOn, f.today), lte(conventions.endsOn, f.endsBy))!);
      const rows = await db
        .select({ c: conventions, total: sql<number>`(count(*) over ())::int` })
        .from(conventions)
        .where(and(...where))
        .orderBy(desc(conventions.startsOn), asc(conventions.title))
        .limit(f.limit)
        .offset(f.offset);
      return { rows: rows.map((r) => r.c), total: rows[0]?.total ?? 0 };
    },
    /** The parties of several conventions with their names (one query), each convention's in name order. */
    async partyEntiOf(db: DbOrTx, conventionIds: string[]): Promise<Map<string, EnteRefRow[]>> {
      const out = new Map<string, EnteRefRow[]>();
      if (conventionIds.length === 0) return out;
      const rows = await db
        .select({ c: conventionParties.conventionId, e: enteRefCols })
        .from(conventionParties)
        .innerJoin(enti, eq(enti.id, conventionParties.enteId))
        .where(inArray(conventionParties.conventionId, conventionIds))
        .orderBy(asc(enti.name));
      for (const r of rows) {
        const list = out.get(r.c);
        if (list) list.push(r.e);
        else out.set(r.c, [r.e]);
      }
      return out;
    },
    async partiesOf(db: DbOrTx, conventionIds: string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (conventionIds.length === 0) return out;
      const rows = await db
        .select({ c: conventionParties.conventionId, e: conventionParties.enteId })
        .from(conventionParties)
        .innerJoin(enti, eq(enti.id, conventionParties.enteId))
        .where(inArray(conventionParties.conventionId, conventionIds))
        .orderBy(asc(enti.name));
      for (const r of rows) out.set(r.c, [...(out.get(r.c) ?? []), r.e]);
      return out;
    },
    async findConvention(db: DbOrTx, id: string) {
      const [c] = await db.select().from(conventions).where(eq(conventions.id, id));
      return c ?? null;
    },
    async insertConvention(db: DbOrTx, v: typeof conventions.$inferInsert, partyIds: string[]) {
      const [c] = await db.insert(conventions).values(v).returning();
      await db.insert(conventionParties).values(partyIds.map((enteId) => ({ conventionId: c!.id, enteId })));
      return c!;
    },
    async updateConvention(db: DbOrTx, id: string, version: number, v: Partial<typeof conventions.$inferInsert>, partyIds?: string[]) {
      const [c] = await db
        .update(conventions)
        .set({ ...v, version: sql`${conventions.version} + 1`, updatedAt: new Date() })
        .where(and(eq(conventions.id, id), eq(conventions.version, version)))
        .returning();
      if (c && partyIds) {
        await db.delete(conventionParties).where(eq(conventionParties.conventionId, id));
        await db.insert(conventionParties).values(partyIds.map((enteId) => ({ conventionId: id, enteId })));
      }
      return c ?? null;
    },
    /** Active conventions whose end date has passed. */
    async dueToExpire(db: DbOrTx, today: string) {
      return db.select().from(conventions).where(and(eq(conventions.state, 'active'), sql`${conventions.endsOn} < ${today}`));
    },
    /** Comuni of a Province with the services of the active conventions they are party to. */
    async adhesion(db: DbOrTx, provinceIstatCode: string) {
      return db
        .select({
          ...enteRefCols,
          services: sql<string[]>`coalesce((
            select array_agg(distinct s) from ${conventionParties} cp
            join ${conventions} c on c.id = cp.convention_id and c.state = 'active'
            cross join unnest(c.services) s
            where cp.ente_id = ${outer('enti')}), '{}')`,
        })
        .from(enti)
        .where(and(eq(enti.type, 'comune'), eq(enti.provinceIstatCode, provinceIstatCode), eq(enti.active, true)))
        .orderBy(asc(enti.name));
    },
    /** Per service: Comuni of the programme Provinces party to an active convention, and their population. */
    async reach(db: DbOrTx) {
      // distinct (service, comune) first, so a Comune party to two conventions counts once
      return rowsOfQuery<{ service: string; comuni: number; population: string | number }>(
        db.execute(sql`
          select x.s as service, count(*)::int as comuni, coalesce(sum(e.population), 0)::bigint as population
          from (
            select distinct s, cp.ente_id from ${conventions} c
            join ${conventionParties} cp on cp.convention_id = c.id
            cross join unnest(c.services) s
            where c.state = 'active'
          ) x
          join ${enti} e on e.id = x.ente_id and e.type = 'comune'
          group by x.s`),
      );
    },
    async programmeComuniPopulation(db: DbOrTx): Promise<number> {
      const [row] = await rowsOfQuery<{ n: string | number }>(
        db.execute(sql`
          select coalesce(sum(c.population), 0)::bigint as n from ${enti} c
          join ${enti} p on p.istat_code = c.province_istat_code and p.in_programme and p.type = 'provincia'
          where c.type = 'comune' and c.active`),
      );
      return Number(row?.n ?? 0);
    },
    async conventionCounts(db: DbOrTx) {
      // the region of a convention is the region of its Province (the owner, or the party of a UPI convention)
      return rowsOfQuery<{ region: string | null; service: string; n: number }>(
        db.execute(sql`
          select p.region_istat_code as region, s as service, count(*)::int as n
          from ${conventions} c
          join ${enti} p on p.id = case when c.kind = 'upi_provincia'
            then (select cp.ente_id from ${conventionParties} cp where cp.convention_id = c.id limit 1)
            else c.owner_ente_id end
          cross join unnest(c.services) s
          where c.state = 'active'
          group by p.region_istat_code, s`),
      );
    },
    async conventionsActive(db: DbOrTx, today: string, endsBy: string) {
      const [row] = await db
        .select({
          active: count(),
          expiring: sql<number>`(count(*) filter (where ${conventions.endsOn} between ${today} and ${endsBy}))::int`,
        })
        .from(conventions)
        .where(eq(conventions.state, 'active'));
      return row ?? { active: 0, expiring: 0 };
    },

    // ------------------------------------------------------------ bodies, groups, meetings
    async listBodies(db: DbOrTx) {
      return db
        .select({
          b: bodies,
          members: sql<number>`(select count(*)::int from ${bodyMembers} m where m.body_id = ${outer('governance_bodies')})`,
          meetings: sql<number>`(select count(*)::int from ${meetings} m where m.body_id = ${outer('governance_bodies')})`,
        })
        .from(bodies)
        .orderBy(asc(bodies.code));
    },
    async findBody(db: DbOrTx, id: string) {
      const [b] = await db.select().from(bodies).where(eq(bodies.id, id));
      return b ?? null;
    },
    async bodyMembersOf(db: DbOrTx, bodyId: string) {
      return db.select().from(bodyMembers).where(eq(bodyMembers.bodyId, bodyId)).orderBy(asc(bodyMembers.organisation), asc(bodyMembers.fullName));
    },
    async insertBodyMember(db: DbOrTx, v: typeof bodyMembers.$inferInsert) {
      const [m] = await db.insert(bodyMembers).values(v).returning();
      return m!;
    },
    async deleteBodyMember(db: DbOrTx, id: string) {
      const [m] = await db.delete(bodyMembers).where(eq(bodyMembers.id, id)).returning();
      return m ?? null;
    },
    async meetingsOf(db: DbOrTx, by: { bodyId?: string; groupId?: string }) {
      return db
        .select()
        .from(meetings)
        .where(by.bodyId ? eq(meetings.bodyId, by.bodyId) : eq(meetings.groupId, by.groupId!))
        .orderBy(desc(meetings.heldAt));
    },
    async decisionsOf(db: DbOrTx, meetingIds: string[]) {
      if (meetingIds.length === 0) return [];
      return db.select().from(decisions).where(inArray(decisions.meetingId, meetingIds)).orderBy(asc(decisions.number));
    },
    async findMeeting(db: DbOrTx, id: string) {
      const [m] = await db.select().from(meetings).where(eq(meetings.id, id));
      return m ?? null;
    },
    async insertMeeting(db: DbOrTx, v: typeof meetings.$inferInsert) {
      const [m] = await db.insert(meetings).values(v).returning();
      return m!;
    },
    async updateMeeting(db: DbOrTx, id: string, v: Partial<typeof meetings.$inferInsert>) {
      const [m] = await db
        .update(meetings)
        .set({ ...v, version: sql`${meetings.version} + 1`, updatedAt: new Date() })
        .where(eq(meetings.id, id))
        .returning();
      return m ?? null;
    },
    async insertDecision(db: DbOrTx, v: typeof decisions.$inferInsert) {
      const [d] = await db.insert(decisions).values(v).returning();
      return d!;
    },
    async searchDecisions(db: DbOrTx, f: { q?: string; bodyId?: string; limit: number; offset: number }) {
      const where: SQL[] = [sql`${meetings.bodyId} is not null`];
      if (f.bodyId) where.push(eq(meetings.bodyId, f.bodyId));
      if (f.q) {
        const p = containsPattern(f.q);
        where.push(or(ilike(decisions.subject, p), ilike(decisions.text, p), ilike(decisions.number, p))!);
      }
      const rows = await db
        .select({
          d: decisions,
          meeting: { id: meetings.id, title: meetings.title, heldAt: meetings.heldAt },
          body: { id: bodies.id, name: bodies.name },
          total: sql<number>`(count(*) over ())::int`,
        })
        .from(decisions)
        .innerJoin(meetings, eq(meetings.id, decisions.meetingId))
        .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
        .where(and(...where))
        .orderBy(desc(meetings.heldAt), asc(decisions.number))
        .limit(f.limit)
        .offset(f.offset);
      return { rows, total: rows[0]?.total ?? 0 };
    },
    async listGroups(db: DbOrTx) {
      return db
        .select({
          g: workingGroups,
          members: sql<number>`(select count(*)::int from ${workingGroupMembers} m where m.group_id = ${outer('working_groups')} and m.left_on is null)`,
          leadId: sql<string | null>`(select m.ente_id from ${workingGroupMembers} m where m.group_id = ${outer('working_groups')} and m.left_on is null and m.is_lead limit 1)`,
        })
        .from(workingGroups)
        .orderBy(asc(workingGroups.area), asc(workingGroups.name));
    },
    async findGroup(db: DbOrTx, id: string) {
      const [g] = await db.select().from(workingGroups).where(eq(workingGroups.id, id));
      return g ?? null;
    },
    async groupMembersOf(db: DbOrTx, groupId: string) {
      return db
        .select({ m: workingGroupMembers, e: enteRefCols })
        .from(workingGroupMembers)
        .innerJoin(enti, eq(enti.id, workingGroupMembers.enteId))
        .where(eq(workingGroupMembers.groupId, groupId))
        .orderBy(sql`${workingGroupMembers.leftOn} is not null`, desc(workingGroupMembers.isLead), asc(enti.name));
    },
    async findGroupMember(db: DbOrTx, id: string) {
      const [m] = await db.select().from(workingGroupMembers).where(eq(workingGroupMembers.id, id));
      return m ?? null;
    },
    async currentMembership(db: DbOrTx, groupId: string, enteId: string) {
      const [m] = await db
        .select()
        .from(workingGroupMembers)
        .where(and(eq(workingGroupMembers.groupId, groupId), eq(workingGroupMembers.enteId, enteId), isNull(workingGroupMembers.leftOn)));
      return m ?? null;
    },
    async insertGroupMember(db: DbOrTx, v: typeof workingGroupMembers.$inferInsert) {
      if (v.isLead) {
        // one lead at a time
        await db
          .update(workingGroupMembers)
          .set({ isLead: false })
          .where(and(eq(workingGroupMembers.groupId, v.groupId), isNull(workingGroupMembers.leftOn)));
      }
      const [m] = await db.insert(workingGroupMembers).values(v).returning();
      return m!;
    },
    async leaveGroup(db: DbOrTx, id: string, leftOn: string) {
      const [m] = await db.update(workingGroupMembers).set({ leftOn, isLead: false }).where(eq(workingGroupMembers.id, id)).returning();
      return m ?? null;
    },
    async groupsOfEnte(db: DbOrTx, enteId: string) {
      return db
        .select({ id: workingGroups.id, name: workingGroups.name, area: workingGroups.area, isLead: workingGroupMembers.isLead })
        .from(workingGroupMembers)
        .innerJoin(workingGroups, eq(workingGroups.id, workingGroupMembers.groupId))
        .where(and(eq(workingGroupMembers.enteId, enteId), isNull(workingGroupMembers.leftOn)))
        .orderBy(asc(workingGroups.name));
    },

    // ------------------------------------------------------------ local tables
    async listTables(db: DbOrTx) {
      return db
        .select({
          t: localTables,
          participants: sql<number>`(select count(*)::int from ${candidatures} c where c.table_id = ${outer('local_tables')} and c.state = 'accepted')`,
          candidatures: sql<number>`(select count(*)::int from ${candidatures} c where c.table_id = ${outer('local_tables')})`,
        })
        .from(localTables)
        .orderBy(desc(localTables.startsOn));
    },
    async findTable(db: DbOrTx, id: string) {
      const [t] = await db.select().from(localTables).where(eq(localTables.id, id));
      return t ?? null;
    },
    async insertTable(db: DbOrTx, v: typeof localTables.$inferInsert) {
      const [t] = await db.insert(localTables).values(v).returning();
      return t!;
    },
    async updateTable(db: DbOrTx, id: string, version: number, v: Partial<typeof localTables.$inferInsert>) {
      const [t] = await db
        .update(localTables)
        .set({ ...v, version: sql`${localTables.version} + 1`, updatedAt: new Date() })
        .where(and(eq(localTables.id, id), eq(localTables.version, version)))
        .returning();
      return t ?? null;
    },
    async candidaturesOf(db: DbOrTx, tableId: string, provinciaIds: string[] | null) {
      const where: SQL[] = [eq(candidatures.tableId, tableId)];
      if (provinciaIds) where.push(provinciaIds.length ? inArray(candidatures.provinciaId, provinciaIds) : sql`false`);
      return db.select().from(candidatures).where(and(...where)).orderBy(asc(candidatures.createdAt));
    },
    async participantsOf(db: DbOrTx, tableId: string) {
      return db
        .select(enteRefCols)
        .from(candidatures)
        .innerJoin(enti, eq(enti.id, candidatures.provinciaId))
        .where(and(eq(candidatures.tableId, tableId), eq(candidatures.state, 'accepted')))
        .orderBy(asc(enti.name));
    },
    async findCandidature(db: DbOrTx, id: string) {
      const [c] = await db.select().from(candidatures).where(eq(candidatures.id, id));
      return c ?? null;
    },
    async findCandidatureOf(db: DbOrTx, tableId: string, provinciaId: string) {
      const [c] = await db.select().from(candidatures).where(and(eq(candidatures.tableId, tableId), eq(candidatures.provinciaId, provinciaId)));
      return c ?? null;
    },
    async insertCandidature(db: DbOrTx, v: typeof candidatures.$inferInsert) {
      const [c] = await db.insert(candidatures).values(v).returning();
      return c!;
    },
    async updateCandidature(db: DbOrTx, id: string, version: number, v: Partial<typeof candidatures.$inferInsert>) {
      const [c] = await db
        .update(candidatures)
        .set({ ...v, version: sql`${candidatures.version} + 1`, updatedAt: new Date() })
        .where(and(eq(candidatures.id, id), eq(candidatures.version, version)))
        .returning();
      return c ?? null;
    },
    async tableCounts(db: DbOrTx) {
      const [row] = await db
        .select({
          total: count(),
          open: sql<number>`(count(*) filter (where ${localTables.state} = 'open'))::int`,
          candidatures: sql<number>`(select count(*)::int from ${candidatures})`,
        })
        .from(localTables);
      return row ?? { total: 0, open: 0, candidatures: 0 };
    },
    /** Ids of the records whose calendar items and search entries the network keeps (for a full resync). */
    async derivedIds(db: DbOrTx) {
      const ids = async (t: typeof protocols | typeof conventions | typeof localTables | typeof meetings) =>
        (await db.select({ id: t.id }).from(t)).map((r) => r.id);
      return { protocols: await ids(protocols), conventions: await ids(conventions), tables: await ids(localTables), meetings: await ids(meetings) };
    },
    async groupCount(db: DbOrTx) {
      const [row] = await db.select({ n: count() }).from(workingGroups);
      return row?.n ?? 0;
    },
  };
}
export type NetworkRepository = ReturnType<typeof createNetworkRepository>;

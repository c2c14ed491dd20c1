import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';
import { containsPattern } from '../../lib/like.js';
import { entiByIds, usersByIds } from '../../lib/readers.js';

const { users, memberships, requestCategories, serviceRequests, serviceRequestEvents, serviceRequestCounters, conventions, conventionParties } = tables;

export type CategoryRow = typeof requestCategories.$inferSelect;
export type RequestRow = typeof serviceRequests.$inferSelect;
export type RequestEventRow = typeof serviceRequestEvents.$inferSelect;
export interface EnteRow {
  id: string;
  istatCode: string | null;
  name: string;
  type: string;
  parentId: string | null;
  carPlate: string | null;
}

/** A (Province, services) pair whose queue someone sees. */
export interface QueueScope {
  provinciaId: string;
  services: string[];
}

export interface RequestFilter {
  /** Requests asked by these enti (view mine). */
  requesterEntes?: string[];
  /** Requests in these queues (view queue). */
  queues?: QueueScope[];
  service?: string;
  state?: string;
  q?: string;
  /** Past due and still open. */
  breachedAt?: Date;
  /** Open, not past due, due by `dueSoon.by`. */
  dueSoon?: { now: Date; by: Date };
  assigneeId?: string;
  limit: number;
  offset: number;
}

const RESOLUTION_STOPPED = ['waiting_requester', 'resolved', 'closed'];
const FINISHED = ['resolved', 'closed'];

/** The first-response or resolution clock is past due at `now`. */
export const breachedSql = (now: Date) =>
  or(
    and(isNull(serviceRequests.firstResponseAt), notInArray(serviceRequests.state, FINISHED), lt(serviceRequests.firstResponseDue, now)),
    and(notInArray(serviceRequests.state, RESOLUTION_STOPPED), lt(serviceRequests.resolutionDue, now)),
  )!;
const dueBySql = (now: Date, by: Date) =>
  or(
    and(isNull(serviceRequests.firstResponseAt), notInArray(serviceRequests.state, FINISHED), gte(serviceRequests.firstResponseDue, now), lte(serviceRequests.firstResponseDue, by)),
    and(notInArray(serviceRequests.state, RESOLUTION_STOPPED), gte(serviceRequests.resolutionDue, now), lte(serviceRequests.resolutionDue, by)),
  )!;

export function createRequestsRepository() {
  function where(f: RequestFilter): SQL | undefined {
    const conds: (SQL | undefined)[] = [];
    if (f.requesterEntes) conds.push(f.requesterEntes.length ? inArray(serviceRequests.requesterEnteId, f.requesterEntes) : sql`false`);
    if (f.queues) {
      conds.push(
        f.queues.length
          ? or(...f.queues.map((q) => and(eq(serviceRequests.provinciaId, q.provinciaId), inArray(serviceRequests.service, q.services))))
          : sql`false`,
      );
    }
    if (f.service) conds.push(eq(serviceRequests.service, f.service));
    if (f.state) conds.push(eq(serviceRequests.state, f.state));
    if (f.assigneeId) conds.push(eq(serviceRequests.assigneeId, f.assigneeId));
    if (f.q) conds.push(or(ilike(serviceRequests.subject, containsPattern(f.q)), ilike(serviceRequests.number, containsPattern(f.q))));
    if (f.breachedAt) conds.push(breachedSql(f.breachedAt));
    if (f.dueSoon) conds.push(and(dueBySql(f.dueSoon.now, f.dueSoon.by), sql`not (${breachedSql(f.dueSoon.now)})`));
    return and(...conds);
  }

  return {
    // ---------------------------------------------------------- catalogue
    listCategories: (db: DbOrTx, f: { service?: string; includeInactive?: boolean }) =>
      db
        .select()
        .from(requestCategories)
        .where(and(f.service ? eq(requestCategories.service, f.service) : undefined, f.includeInactive ? undefined : eq(requestCategories.active, true)))
        .orderBy(asc(requestCategories.service), asc(requestCategories.position), asc(requestCategories.nameIt)),
    async findCategory(db: DbOrTx, id: string): Promise<CategoryRow | null> {
      const [row] = await db.select().from(requestCategories).where(eq(requestCategories.id, id));
      return row ?? null;
    },
    async categoriesByIds(db: DbOrTx, ids: string[]): Promise<Map<string, CategoryRow>> {
      const unique = [...new Set(ids)];
      if (!unique.length) return new Map();
      const rows = await db.select().from(requestCategories).where(inArray(requestCategories.id, unique));
      return new Map(rows.map((r) => [r.id, r]));
    },
    async insertCategory(db: DbOrTx, values: typeof requestCategories.$inferInsert): Promise<CategoryRow | null> {
      const [row] = await db.insert(requestCategories).values(values).onConflictDoNothing().returning();
      return row ?? null;
    },
    async updateCategory(db: DbOrTx, id: string, values: Partial<typeof requestCategories.$inferInsert>): Promise<CategoryRow | null> {
      const [row] = await db.update(requestCategories).set(values).where(eq(requestCategories.id, id)).returning();
      return row ?? null;
    },

    // ---------------------------------------------------------- enti and people
    entiByIds: (db: DbOrTx, ids: string[]): Promise<Map<string, EnteRow>> => entiByIds(db, ids),
    usersByIds,
    /** Active users who hold one of the roles in the ente. */
    async membersWithRoles(db: DbOrTx, enteId: string, roles: string[]): Promise<{ id: string; displayName: string }[]> {
      return db
        .selectDistinct({ id: users.id, displayName: users.displayName })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.enteId, enteId), inArray(memberships.role, roles), eq(users.active, true)))
        .orderBy(asc(users.displayName), asc(users.id));
    },
    /** Whether the Comune is a party to an active convention of its Province covering the service. */
    async hasConvention(db: DbOrTx, comuneId: string, provinciaId: string, service: string): Promise<boolean> {
      const [row] = await db
        .select({ n: count() })
        .from(conventions)
        .innerJoin(conventionParties, eq(conventionParties.conventionId, conventions.id))
        .where(
          and(
            eq(conventions.ownerEnteId, provinciaId),
            eq(conventionParties.enteId, comuneId),
            eq(conventions.state, 'active'),
            sql`${service} = any(${conventions.services})`,
          ),
        );
      return (row?.n ?? 0) > 0;
    },

    // ---------------------------------------------------------- requests
    /** The next number of the Province's service in a year (the counter row stays locked until the statement's transaction ends). */
    async nextNumber(tx: DbOrTx, provinciaId: string, service: string, year: number): Promise<number> {
      const [row] = await tx
        .insert(serviceRequestCounters)
        .values({ provinciaId, service, year, last: 1 })
        .onConflictDoUpdate({
          target: [serviceRequestCounters.provinciaId, serviceRequestCounters.service, serviceRequestCounters.year],
          set: { last: sql`${serviceRequestCounters.last} + 1` },
        })
        .returning({ last: serviceRequestCounters.last });
      return row!.last;
    },
    async insertRequest(tx: DbOrTx, values: typeof serviceRequests.$inferInsert): Promise<RequestRow> {
      const [row] = await tx.insert(serviceRequests).values(values).returning();
      return row!;
    },
    async findRequest(db: DbOrTx, id: string): Promise<RequestRow | null> {
      const [row] = await db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
      return row ?? null;
    },
    /** Locks the request for the transaction. */
    async lockRequest(tx: DbOrTx, id: string): Promise<RequestRow | null> {
      const [row] = await tx.select().from(serviceRequests).where(eq(serviceRequests.id, id)).for('update');
      return row ?? null;
    },
    /** Updates when the version matches (null otherwise); bumps the version. */
    async updateRequest(tx: DbOrTx, id: string, version: number | null, values: Partial<typeof serviceRequests.$inferInsert>): Promise<RequestRow | null> {
      const [row] = await tx
        .update(serviceRequests)
        .set({ ...values, version: sql`${serviceRequests.version} + 1`, updatedAt: new Date() })
        .where(and(eq(serviceRequests.id, id), version === null ? undefined : eq(serviceRequests.version, version)))
        .returning();
      return row ?? null;
    },
    /** A page of requests and how many match: one statement (the count rides along), a second only past the last page. */
    async listRequests(db: DbOrTx, f: RequestFilter): Promise<{ rows: RequestRow[]; total: number }> {
      const w = where(f);
      const page = await db
        .select({ r: serviceRequests, total: sql<number>`(count(*) over ())::int` })
        .from(serviceRequests)
        .where(w)
        .orderBy(desc(serviceRequests.createdAt), desc(serviceRequests.number))
        .limit(f.limit)
        .offset(f.offset);
      if (page.length > 0) return { rows: page.map((p) => p.r), total: Number(page[0]!.total) };
      if (f.offset === 0) return { rows: [], total: 0 };
      const [n] = await db.select({ n: count() }).from(serviceRequests).where(w);
      return { rows: [], total: n?.n ?? 0 };
    },
    /** The dashboard's counts of the queues, in one statement: new, reopened, open and assigned to the user, in progress, waiting. */
    async dashboardCounts(db: DbOrTx, queues: QueueScope[], userId: string) {
      const [row] = await db
        .select({
          unassigned: sql<number>`(count(*) filter (where ${serviceRequests.state} = 'new'))::int`,
          reopened: sql<number>`(count(*) filter (where ${serviceRequests.state} = 'reopened'))::int`,
          assignedToMe: sql<number>`(count(*) filter (where ${serviceRequests.assigneeId} = ${userId} and ${serviceRequests.state} <> 'closed'))::int`,
          inProgress: sql<number>`(count(*) filter (where ${serviceRequests.state} = 'in_progress'))::int`,
          waiting: sql<number>`(count(*) filter (where ${serviceRequests.state} = 'waiting_requester'))::int`,
        })
        .from(serviceRequests)
        .where(where({ queues, limit: 0, offset: 0 }));
      return {
        unassigned: Number(row?.unassigned ?? 0),
        reopened: Number(row?.reopened ?? 0),
        assignedToMe: Number(row?.assignedToMe ?? 0),
        inProgress: Number(row?.inProgress ?? 0),
        waiting: Number(row?.waiting ?? 0),
      };
    },
    /** Requests whose clocks run (for the service-level sweep) and resolved ones (for closing them automatically). */
    sweepCandidates: (db: DbOrTx) => db.select().from(serviceRequests).where(notInArray(serviceRequests.state, ['closed'])),
    /** Requests created in a period (statistics). */
    createdBetween: (db: DbOrTx, from: Date | null, to: Date | null) =>
      db
        .select()
        .from(serviceRequests)
        .where(and(from ? gte(serviceRequests.createdAt, from) : undefined, to ? lt(serviceRequests.createdAt, to) : undefined)),
    /** First answers given in the queues since a time (dashboard median). */
    answeredSince: (db: DbOrTx, queues: QueueScope[], since: Date) =>
      db
        .select({ createdAt: serviceRequests.createdAt, firstResponseAt: serviceRequests.firstResponseAt })
        .from(serviceRequests)
        .where(and(where({ queues, limit: 0, offset: 0 }), gte(serviceRequests.firstResponseAt, since))),
    allRequests: (db: DbOrTx) => db.select().from(serviceRequests),

    /** Records the service-level alerts sent (not an edit: the version stays). */
    async setAlerts(tx: DbOrTx, id: string, alerts: string[]): Promise<void> {
      await tx.update(serviceRequests).set({ slaAlerts: alerts }).where(eq(serviceRequests.id, id));
    },
    async insertEvent(tx: DbOrTx, values: typeof serviceRequestEvents.$inferInsert): Promise<void> {
      await tx.insert(serviceRequestEvents).values(values);
    },
    eventsOf: (db: DbOrTx, requestId: string) =>
      db.select().from(serviceRequestEvents).where(eq(serviceRequestEvents.requestId, requestId)).orderBy(asc(serviceRequestEvents.at), sql`case ${serviceRequestEvents.kind} when 'state' then 0 when 'assignment' then 1 else 2 end`),
  };
}
export type RequestsRepository = ReturnType<typeof createRequestsRepository>;

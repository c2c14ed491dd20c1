import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, tables, type DbOrTx } from '@app/db';
import { containsPattern } from '../../lib/like.js';
import { textArray } from '../../lib/sql-arrays.js';
import { entiByIds, usersByIds } from '../../lib/readers.js';

const {
  enti,
  users,
  memberships,
  conventions,
  conventionParties,
  procurementRules,
  procurementProcedures: procedures,
  procurementCounters,
  procurementLots: lots,
  procurementTeam: team,
  procurementEvents: events,
  procurementDocuments: docs,
  procurementParticipants: participants,
  economicOperators: operators,
  procurementChecks: checks,
  procurementDraws: draws,
  procurementTerms: terms,
} = tables;

export type ProcedureRow = typeof procedures.$inferSelect;
export type ProcedureInsert = typeof procedures.$inferInsert;
export type LotRow = typeof lots.$inferSelect;
export type DocRow = typeof docs.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type RuleRow = typeof procurementRules.$inferSelect;
export interface EnteRow {
  id: string;
  istatCode: string | null;
  name: string;
  type: string;
  parentId: string | null;
  carPlate: string | null;
}
const enteCols = { id: enti.id, istatCode: enti.istatCode, name: enti.name, type: enti.type, parentId: enti.parentId, carPlate: enti.carPlate };

/** Who may see which procedures: those of these Comuni, and those run by these Provinces. */
export interface ProcedureScope {
  comuneIds: string[];
  provinciaIds: string[];
}
export interface ProcedureFilter {
  /** Absent: every procedure (aggregates of UPI). */
  scope?: ProcedureScope;
  state?: string;
  comuneId?: string;
  provinciaId?: string;
  objectType?: string;
  procedureCode?: string;
  q?: string;
  limit: number;
  offset: number;
}

const comuneT = aliasedTable(enti, 'comune');
const provinciaT = aliasedTable(enti, 'provincia');

export function scopeSql(scope: ProcedureScope | undefined): SQL | undefined {
  if (!scope) return undefined;
  const parts: SQL[] = [];
  if (scope.comuneIds.length) parts.push(inArray(procedures.comuneId, scope.comuneIds));
  if (scope.provinciaIds.length) parts.push(inArray(procedures.provinciaId, scope.provinciaIds));
  return parts.length ? or(...parts) : sql`false`;
}

export function createProcurementRepository() {
  function where(f: Omit<ProcedureFilter, 'limit' | 'offset'>): SQL | undefined {
    return and(
      scopeSql(f.scope),
      f.state ? eq(procedures.state, f.state) : undefined,
      f.comuneId ? eq(procedures.comuneId, f.comuneId) : undefined,
      f.provinciaId ? eq(procedures.provinciaId, f.provinciaId) : undefined,
      f.objectType ? eq(procedures.objectType, f.objectType) : undefined,
      f.procedureCode ? eq(procedures.procedureCode, f.procedureCode) : undefined,
      f.q ? or(ilike(procedures.title, containsPattern(f.q)), ilike(procedures.number, containsPattern(f.q))) : undefined,
    );
  }

  return {
    // ---------------------------------------------------------- reference
    async rules(db: DbOrTx): Promise<RuleRow[]> {
      return db.select().from(procurementRules).orderBy(asc(procurementRules.key), asc(procurementRules.validFrom));
    },

    // ---------------------------------------------------------- enti and people
    async ente(db: DbOrTx, id: string): Promise<EnteRow | null> {
      const [row] = await db.select(enteCols).from(enti).where(eq(enti.id, id));
      return row ?? null;
    },
    async enteByKey(db: DbOrTx, key: string): Promise<EnteRow | null> {
      const uuid = /^[0-9a-f-]{36}$/i.test(key);
      const [row] = await db
        .select(enteCols)
        .from(enti)
        .where(uuid ? eq(enti.id, key) : eq(enti.istatCode, key))
        .limit(1);
      return row ?? null;
    },
    entiByIds: (db: DbOrTx, ids: string[]): Promise<Map<string, EnteRow>> => entiByIds(db, ids),
    usersByIds,
    /** Active users of the ente holding one of the roles (with the ente's name). */
    async membersWithRoles(db: DbOrTx, enteId: string, roles: string[]) {
      return db
        .selectDistinct({ id: users.id, displayName: users.displayName, enteName: enti.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .innerJoin(enti, eq(enti.id, memberships.enteId))
        .where(and(eq(memberships.enteId, enteId), inArray(memberships.role, roles), eq(users.active, true)))
        .orderBy(asc(users.displayName), asc(users.id));
    },
    /** The active convention by which the Province's SUA serves the Comune, if any. */
    async suaConvention(db: DbOrTx, comuneId: string, provinciaId: string): Promise<string | null> {
      const [row] = await db
        .select({ id: conventions.id })
        .from(conventions)
        .innerJoin(conventionParties, eq(conventionParties.conventionId, conventions.id))
        .where(
          and(
            eq(conventions.ownerEnteId, provinciaId),
            eq(conventionParties.enteId, comuneId),
            eq(conventions.state, 'active'),
            sql`'sua' = any(${conventions.services})`,
          ),
        )
        .orderBy(desc(conventions.startsOn))
        .limit(1);
      return row?.id ?? null;
    },

    // ---------------------------------------------------------- procedures
    async nextNumber(tx: DbOrTx, provinciaId: string, year: number): Promise<number> {
      const [row] = await tx
        .insert(procurementCounters)
        .values({ provinciaId, year, last: 1 })
        .onConflictDoUpdate({
          target: [procurementCounters.provinciaId, procurementCounters.year],
          set: { last: sql`${procurementCounters.last} + 1` },
        })
        .returning({ last: procurementCounters.last });
      return row!.last;
    },
    async insert(tx: DbOrTx, values: ProcedureInsert): Promise<ProcedureRow> {
      const [row] = await tx.insert(procedures).values(values).returning();
      return row!;
    },
    async find(db: DbOrTx, id: string): Promise<ProcedureRow | null> {
      const [row] = await db.select().from(procedures).where(eq(procedures.id, id));
      return row ?? null;
    },
    /** Updates when the version matches; null when someone else changed it. */
    async update(tx: DbOrTx, id: string, version: number, values: Partial<ProcedureInsert>): Promise<ProcedureRow | null> {
      const [row] = await tx
        .update(procedures)
        .set({ ...values, version: sql`${procedures.version} + 1`, updatedAt: new Date() })
        .where(and(eq(procedures.id, id), eq(procedures.version, version)))
        .returning();
      return row ?? null;
    },
    async all(db: DbOrTx): Promise<ProcedureRow[]> {
      return db.select().from(procedures).orderBy(asc(procedures.createdAt));
    },
    /** Links the procedure's fascicolo (no new version: it is bookkeeping, not an edit). */
    async setFascicolo(db: DbOrTx, id: string, fascicoloId: string) {
      await db.update(procedures).set({ fascicoloId }).where(eq(procedures.id, id));
    },
    async list(db: DbOrTx, f: ProcedureFilter) {
      const w = where(f);
      const [items, [total]] = await Promise.all([
        db
          .select({
            id: procedures.id,
            number: procedures.number,
            title: procedures.title,
            state: procedures.state,
            procedureCode: procedures.procedureCode,
            objectType: procedures.objectType,
            estimatedValue: procedures.estimatedValue,
            offerDeadline: procedures.offerDeadline,
            updatedAt: procedures.updatedAt,
            isDemo: procedures.isDemo,
            comune: { id: comuneT.id, istatCode: comuneT.istatCode, name: comuneT.name },
            provincia: { id: provinciaT.id, istatCode: provinciaT.istatCode, name: provinciaT.name },
          })
          .from(procedures)
          .innerJoin(comuneT, eq(comuneT.id, procedures.comuneId))
          .innerJoin(provinciaT, eq(provinciaT.id, procedures.provinciaId))
          .where(w)
          .orderBy(desc(procedures.updatedAt), desc(procedures.id))
          .limit(f.limit)
          .offset(f.offset),
        db.select({ n: count() }).from(procedures).where(w),
      ]);
      return { items, total: total?.n ?? 0 };
    },

    // ---------------------------------------------------------- lots
    async lotsOf(db: DbOrTx, procedureId: string): Promise<LotRow[]> {
      return db.select().from(lots).where(eq(lots.procedureId, procedureId)).orderBy(asc(lots.number));
    },
    async replaceLots(tx: DbOrTx, procedureId: string, items: { title: string; value: string; cpv: string | null }[]) {
      await tx.delete(lots).where(eq(lots.procedureId, procedureId));
      if (items.length) await tx.insert(lots).values(items.map((l, i) => ({ procedureId, number: i + 1, ...l })));
    },
    async setCig(tx: DbOrTx, procedureId: string, lotId: string, cig: string | null): Promise<LotRow | null> {
      const [row] = await tx
        .update(lots)
        .set({ cig })
        .where(and(eq(lots.id, lotId), eq(lots.procedureId, procedureId)))
        .returning();
      return row ?? null;
    },

    // ---------------------------------------------------------- team
    async teamOf(db: DbOrTx, procedureId: string) {
      return db
        .select({ id: team.id, role: team.role, userId: users.id, displayName: users.displayName })
        .from(team)
        .innerJoin(users, eq(users.id, team.userId))
        .where(eq(team.procedureId, procedureId))
        .orderBy(asc(team.createdAt));
    },
    /** The ente each team member belongs to, among the procedure's two enti. */
    async membershipsIn(db: DbOrTx, userIds: string[], enteIds: string[]) {
      if (!userIds.length) return [];
      return db
        .selectDistinct({ userId: memberships.userId, enteName: enti.name })
        .from(memberships)
        .innerJoin(enti, eq(enti.id, memberships.enteId))
        .where(and(inArray(memberships.userId, userIds), inArray(memberships.enteId, enteIds)));
    },
    async addTeamMember(tx: DbOrTx, procedureId: string, userId: string, role: string) {
      const [row] = await tx.insert(team).values({ procedureId, userId, role }).onConflictDoNothing().returning();
      return row ?? null;
    },
    async removeTeamMember(tx: DbOrTx, procedureId: string, memberId: string) {
      const [row] = await tx
        .delete(team)
        .where(and(eq(team.id, memberId), eq(team.procedureId, procedureId)))
        .returning();
      return row ?? null;
    },
    async procedureIdsOfMember(db: DbOrTx, userId: string): Promise<string[]> {
      const rows = await db.selectDistinct({ id: team.procedureId }).from(team).where(eq(team.userId, userId));
      return rows.map((r) => r.id);
    },

    // ---------------------------------------------------------- history
    /** Records a move; the previous state's stay ends when this one starts. */
    async addEvent(tx: DbOrTx, e: typeof events.$inferInsert) {
      const at = e.at ?? new Date();
      await tx
        .update(events)
        .set({ leftAt: at })
        .where(and(eq(events.procedureId, e.procedureId), isNull(events.leftAt)));
      await tx.insert(events).values({ ...e, at });
    },
    async eventsOf(db: DbOrTx, procedureId: string): Promise<EventRow[]> {
      return db.select().from(events).where(eq(events.procedureId, procedureId)).orderBy(asc(events.at), asc(events.id));
    },

    // ---------------------------------------------------------- document workspace
    async docsOf(db: DbOrTx, procedureId: string): Promise<DocRow[]> {
      return db.select().from(docs).where(eq(docs.procedureId, procedureId)).orderBy(asc(docs.folder), asc(docs.position));
    },
    async findDoc(db: DbOrTx, procedureId: string, docType: string): Promise<DocRow | null> {
      const [row] = await db
        .select()
        .from(docs)
        .where(and(eq(docs.procedureId, procedureId), eq(docs.docType, docType)));
      return row ?? null;
    },
    /** Adds the rows the chosen procedure needs and refreshes required/producer/folder of the existing ones. */
    async upsertDocs(tx: DbOrTx, procedureId: string, items: { docType: string; required: boolean; producer: string; folder: string; position: number }[]) {
      if (!items.length) return;
      await tx
        .insert(docs)
        .values(items.map((i) => ({ procedureId, ...i })))
        .onConflictDoUpdate({
          target: [docs.procedureId, docs.docType],
          set: {
            required: sql`excluded.required`,
            producer: sql`excluded.producer`,
            folder: sql`excluded.folder`,
            position: sql`excluded.position`,
          },
        });
      // documents the new choice no longer needs stay only when work was done on them
      const keep = items.map((i) => i.docType);
      await tx
        .delete(docs)
        .where(and(eq(docs.procedureId, procedureId), eq(docs.state, 'da_redigere'), sql`not (${docs.docType} = any(${textArray(keep)}))`));
    },
    async updateDoc(tx: DbOrTx, id: string, version: number, values: Partial<typeof docs.$inferInsert>): Promise<DocRow | null> {
      const [row] = await tx
        .update(docs)
        .set({ ...values, version: sql`${docs.version} + 1`, updatedAt: new Date() })
        .where(and(eq(docs.id, id), eq(docs.version, version)))
        .returning();
      return row ?? null;
    },

    // ---------------------------------------------------------- participants
    async participantsOf(db: DbOrTx, procedureId: string) {
      return db
        .select({
          id: participants.id,
          role: participants.role,
          offerAmount: participants.offerAmount,
          rank: participants.rank,
          operator: { id: operators.id, name: operators.name, taxCode: operators.taxCode, vatNumber: operators.vatNumber },
        })
        .from(participants)
        .innerJoin(operators, eq(operators.id, participants.operatorId))
        .where(eq(participants.procedureId, procedureId))
        .orderBy(asc(participants.rank), asc(operators.name));
    },
    async operatorExists(db: DbOrTx, id: string): Promise<{ id: string; name: string } | null> {
      const [row] = await db.select({ id: operators.id, name: operators.name }).from(operators).where(eq(operators.id, id));
      return row ?? null;
    },
    async addParticipant(tx: DbOrTx, values: typeof participants.$inferInsert) {
      const [row] = await tx.insert(participants).values(values).onConflictDoNothing().returning();
      return row ?? null;
    },
    async updateParticipant(tx: DbOrTx, procedureId: string, id: string, values: Partial<typeof participants.$inferInsert>) {
      const [row] = await tx
        .update(participants)
        .set(values)
        .where(and(eq(participants.id, id), eq(participants.procedureId, procedureId)))
        .returning();
      return row ?? null;
    },
    async setParticipantRole(tx: DbOrTx, procedureId: string, operatorId: string, role: string, offerAmount?: string) {
      await tx
        .insert(participants)
        .values({ procedureId, operatorId, role, offerAmount: offerAmount ?? null })
        .onConflictDoUpdate({
          target: [participants.procedureId, participants.operatorId],
          set: { role, ...(offerAmount !== undefined ? { offerAmount } : {}) },
        });
    },
    async removeParticipant(tx: DbOrTx, procedureId: string, id: string) {
      const [row] = await tx
        .delete(participants)
        .where(and(eq(participants.id, id), eq(participants.procedureId, procedureId)))
        .returning();
      return row ?? null;
    },

    // ---------------------------------------------------------- convention terms
    async convention(db: DbOrTx, id: string) {
      const [row] = await db.select({ id: conventions.id, title: conventions.title, ownerEnteId: conventions.ownerEnteId, services: conventions.services }).from(conventions).where(eq(conventions.id, id));
      return row ?? null;
    },
    async conventionParty(db: DbOrTx, conventionId: string, enteId: string): Promise<boolean> {
      const [row] = await db
        .select({ n: count() })
        .from(conventionParties)
        .where(and(eq(conventionParties.conventionId, conventionId), eq(conventionParties.enteId, enteId)));
      return (row?.n ?? 0) > 0;
    },
    async terms(db: DbOrTx, conventionId: string) {
      const [row] = await db.select().from(terms).where(eq(terms.conventionId, conventionId));
      return row ?? null;
    },
    /** Writes the terms when the version matches (0: none yet); null when someone else changed them. */
    async saveTerms(tx: DbOrTx, conventionId: string, version: number, values: Omit<typeof terms.$inferInsert, 'conventionId' | 'version' | 'updatedAt'>) {
      if (version === 0) {
        const [row] = await tx.insert(terms).values({ conventionId, ...values }).onConflictDoNothing().returning();
        return row ?? null;
      }
      const [row] = await tx
        .update(terms)
        .set({ ...values, version: sql`${terms.version} + 1`, updatedAt: new Date() })
        .where(and(eq(terms.conventionId, conventionId), eq(terms.version, version)))
        .returning();
      return row ?? null;
    },

    // ---------------------------------------------------------- transparency
    /** The Comune's procedures once published (art. 28), newest first, with their CIGs and awardee. */
    async published(db: DbOrTx, comuneId: string, limit: number, offset: number) {
      const where = and(eq(procedures.comuneId, comuneId), inArray(procedures.state, ['pubblicata', 'valutazione', 'proposta', 'verifica', 'aggiudicata', 'stipula', 'esecuzione', 'chiusa', 'deserta']));
      const [items, [total]] = await Promise.all([
        db
          .select({
            p: procedures,
            sua: provinciaT.name,
            awardee: operators.name,
            cig: sql<string[]>`coalesce((select array_agg(l.cig order by l.number) from procurement_lots l where l.procedure_id = ${procedures.id} and l.cig is not null), '{}')`,
          })
          .from(procedures)
          .innerJoin(provinciaT, eq(provinciaT.id, procedures.provinciaId))
          .leftJoin(operators, eq(operators.id, procedures.awardeeId))
          .where(where)
          .orderBy(desc(procedures.publishedOn), desc(procedures.number))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(procedures).where(where),
      ]);
      return { items, total: total?.n ?? 0 };
    },

    // ---------------------------------------------------------- rotation and draws
    /** The Comune's awards, for the rotation (art. 49). */
    async previousAwards(db: DbOrTx, comuneId: string, exceptProcedureId: string) {
      const rows = await db
        .select({ operatorId: procedures.awardeeId, cpvMain: procedures.cpvMain, awardedOn: procedures.awardedOn, procedureNumber: procedures.number })
        .from(procedures)
        .where(
          and(
            eq(procedures.comuneId, comuneId),
            sql`${procedures.id} <> ${exceptProcedureId}`,
            sql`${procedures.awardeeId} is not null`,
            sql`${procedures.awardedOn} is not null`,
            inArray(procedures.state, ['aggiudicata', 'stipula', 'esecuzione', 'chiusa']),
          ),
        );
      return rows.map((r) => ({ operatorId: r.operatorId!, cpvMain: r.cpvMain, awardedOn: r.awardedOn!, procedureNumber: r.procedureNumber }));
    },
    async operatorIds(db: DbOrTx): Promise<string[]> {
      return (await db.select({ id: operators.id }).from(operators)).map((r) => r.id);
    },
    async operatorsByIds(db: DbOrTx, ids: string[]) {
      const unique = [...new Set(ids)];
      if (!unique.length) return new Map<string, { id: string; name: string; taxCode: string }>();
      const rows = await db.select({ id: operators.id, name: operators.name, taxCode: operators.taxCode }).from(operators).where(inArray(operators.id, unique));
      return new Map(rows.map((r) => [r.id, r]));
    },
    async insertDraw(tx: DbOrTx, values: typeof draws.$inferInsert) {
      const [row] = await tx.insert(draws).values(values).returning();
      return row!;
    },
    async drawsOf(db: DbOrTx, procedureId: string) {
      return db.select().from(draws).where(eq(draws.procedureId, procedureId)).orderBy(desc(draws.drawnAt));
    },

    // ---------------------------------------------------------- checks (read for guards and tasks)
    async checksOf(db: DbOrTx, procedureId: string, operatorId: string) {
      return db
        .select({ code: checks.code, outcome: checks.outcome, validUntil: checks.validUntil })
        .from(checks)
        .where(and(eq(checks.procedureId, procedureId), eq(checks.operatorId, operatorId)));
    },

    // ---------------------------------------------------------- tasks and dashboard
    /** Procedures in the given states within the scope (tasks), newest first, at most `limit`. */
    async inStates(db: DbOrTx, scope: ProcedureScope, states: string[], limit: number) {
      return db
        .select()
        .from(procedures)
        .where(and(scopeSql(scope), inArray(procedures.state, states)))
        .orderBy(desc(procedures.updatedAt))
        .limit(limit);
    },
    /** Documents waiting for work in procedures of the scope. */
    async docsWaiting(db: DbOrTx, scope: ProcedureScope, limit: number) {
      return db
        .select({ docType: docs.docType, state: docs.state, producer: docs.producer, procedure: procedures })
        .from(docs)
        .innerJoin(procedures, eq(procedures.id, docs.procedureId))
        .where(and(scopeSql(scope), eq(procedures.state, 'documenti'), inArray(docs.state, ['da_redigere', 'in_revisione']), eq(docs.required, true)))
        .orderBy(desc(procedures.updatedAt), asc(docs.position))
        .limit(limit);
    },
    /** Checks expiring within `days` (or expired) on procedures of the scope still before the contract. */
    async checksExpiring(db: DbOrTx, scope: ProcedureScope, until: string, limit: number) {
      return db
        .select({ validUntil: checks.validUntil, code: checks.code, procedure: procedures })
        .from(checks)
        .innerJoin(procedures, eq(procedures.id, checks.procedureId))
        .where(and(scopeSql(scope), inArray(procedures.state, ['verifica', 'aggiudicata']), eq(checks.outcome, 'regolare'), sql`${checks.validUntil} <= ${until}`))
        .orderBy(asc(checks.validUntil))
        .limit(limit);
    },

    /**
     * Aggregates of the dashboard: every dimension in one scan of the procedures (grouping sets), the median stay
     * per phase from the recorded moves, and the checks still open.
     */
    async dashboard(db: DbOrTx, provinciaId: string | null, today: string, bandEdges: number[]) {
      const scope = provinciaId ? sql`p.provincia_id = ${provinciaId}` : sql`true`;
      const edges = bandEdges.length ? sql.raw(`array[${bandEdges.map((e) => Number(e)).join(',')}]::numeric[]`) : sql.raw(`array[]::numeric[]`);
      const [grouped, phases, pending] = await Promise.all([
        db.execute(sql`select
            case when grouping(p.state) = 0 then 'state' when grouping(p.object_type) = 0 then 'object'
                 when grouping(p.procedure_code) = 0 then 'procedure' when grouping(p.band) = 0 then 'band'
                 when grouping(p.comune_id) = 0 then 'comune' when grouping(p.provincia_id) = 0 then 'provincia' else 'total' end as dim,
            case when grouping(p.state) = 0 then p.state when grouping(p.object_type) = 0 then p.object_type
                 when grouping(p.procedure_code) = 0 then coalesce(p.procedure_code, '') when grouping(p.band) = 0 then p.band::text
                 when grouping(p.comune_id) = 0 then p.comune_id::text when grouping(p.provincia_id) = 0 then p.provincia_id::text end as key,
            count(*)::int as n, coalesce(sum(p.estimated_value), 0)::text as v,
            coalesce(sum(p.estimated_value) filter (where p.state not in ('bozza', 'annullata')), 0)::text as handled
          from (select state, object_type, procedure_code, comune_id, provincia_id, estimated_value, width_bucket(estimated_value, ${edges}) as band
                from procurement_procedures p where ${scope}) p
          group by grouping sets ((p.state), (p.object_type), (p.procedure_code), (p.band), (p.comune_id), (p.provincia_id), ())`),
        // time spent in each state: from entering it to leaving it
        db.execute(
          provinciaId
            ? sql`select e.to_state as state, percentile_cont(0.5) within group (order by extract(epoch from e.left_at - e.at) / 86400)::text as median, count(*)::int as n
                from procurement_events e join procurement_procedures p on p.id = e.procedure_id
                where e.left_at is not null and ${scope} group by e.to_state`
            : sql`select e.to_state as state, percentile_cont(0.5) within group (order by extract(epoch from e.left_at - e.at) / 86400)::text as median, count(*)::int as n
                from procurement_events e where e.left_at is not null group by e.to_state`,
        ),
        db.execute(sql`select count(*) filter (where c.outcome = 'pending')::int as pending,
              count(*) filter (where c.outcome = 'regolare' and c.valid_until <= (${today}::date + 30))::int as expiring
            from procurement_checks c join procurement_procedures p on p.id = c.procedure_id
            where ${scope} and p.state in ('proposta', 'verifica', 'aggiudicata')`),
      ]);
      const rows = rowsOf<{ dim: string; key: string | null; n: number; v: string; handled: string }>(grouped);
      const of = (dim: string) => rows.filter((r) => r.dim === dim).sort((a, b) => b.n - a.n || String(a.key).localeCompare(String(b.key)));
      // the names of the enti counted (the hundred Comuni with most procedures)
      const comuni = of('comune').slice(0, 100);
      const province = of('provincia');
      const names = await this.entiByIds(db, [...comuni, ...province].map((r) => r.key!));
      const named = (list: typeof rows) =>
        list.map((r) => ({ key: names.get(r.key!)?.istatCode ?? r.key, label: names.get(r.key!)?.name ?? r.key!, n: r.n, v: r.v }));
      const total = rows.find((r) => r.dim === 'total');
      return {
        byState: of('state'),
        byObjectType: of('object'),
        byProcedure: of('procedure'),
        byBand: of('band'),
        byComune: named(comuni),
        byProvincia: named(province),
        totals: { n: total?.n ?? 0, handled: total?.handled ?? '0', provinces: province.length },
        phases: rowsOf<{ state: string; median: string | null; n: number }>(phases),
        checks: rowsOf<{ pending: number; expiring: number }>(pending)[0]!,
      };
    },
  };
}
export type ProcurementRepository = ReturnType<typeof createProcurementRepository>;

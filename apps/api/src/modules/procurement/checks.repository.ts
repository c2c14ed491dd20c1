import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { rowsOf, tables, type DbOrTx } from '@app/db';
import { usersWithTokens } from '../../lib/records.js';
import { textArray } from '../../lib/sql-arrays.js';
import { usersByIds } from '../../lib/readers.js';

const { requirementCheckCatalogue, procurementChecks, procurementParticipants, procurementProcedures, procurementRules, economicOperators } = tables;

export type CatalogueRow = typeof requirementCheckCatalogue.$inferSelect;
export type CheckRow = typeof procurementChecks.$inferSelect;
export type CheckFields = Partial<Pick<CheckRow, 'requestedAt' | 'requestedBy' | 'outcome' | 'evidenceDocumentId' | 'issuedOn' | 'validUntil' | 'note' | 'alerts'>>;

/** Roles of participants who submitted an offer. */
const OFFER_ROLES = ['bidder', 'excluded', 'proposed_awardee', 'awardee'];

/** Every query on the catalogue and the checklists of requirement checks. */
export function createChecksRepository() {
  return {
    async catalogue(db: DbOrTx): Promise<CatalogueRow[]> {
      return db.select().from(requirementCheckCatalogue).orderBy(asc(requirementCheckCatalogue.position), asc(requirementCheckCatalogue.code));
    },
    async itemsOf(db: DbOrTx, procedureId: string, operatorId?: string): Promise<CheckRow[]> {
      return db
        .select({ c: procurementChecks })
        .from(procurementChecks)
        .innerJoin(requirementCheckCatalogue, eq(requirementCheckCatalogue.code, procurementChecks.code))
        .where(and(eq(procurementChecks.procedureId, procedureId), operatorId ? eq(procurementChecks.operatorId, operatorId) : undefined))
        .orderBy(asc(procurementChecks.operatorId), asc(requirementCheckCatalogue.position), asc(procurementChecks.code))
        .then((rows) => rows.map((r) => r.c));
    },
    async lockItem(tx: DbOrTx, procedureId: string, id: string): Promise<CheckRow | null> {
      const [row] = await tx
        .select()
        .from(procurementChecks)
        .where(and(eq(procurementChecks.id, id), eq(procurementChecks.procedureId, procedureId)))
        .for('update');
      return row ?? null;
    },
    /** Adds the items not there yet; answers the codes added. */
    async insertItems(tx: DbOrTx, procedureId: string, operatorId: string, codes: string[]): Promise<string[]> {
      if (codes.length === 0) return [];
      const rows = await tx
        .insert(procurementChecks)
        .values(codes.map((code) => ({ procedureId, operatorId, code })))
        .onConflictDoNothing({ target: [procurementChecks.procedureId, procurementChecks.operatorId, procurementChecks.code] })
        .returning({ code: procurementChecks.code });
      return rows.map((r) => r.code);
    },
    /** Updates the item at `version` (bumping it); null when stale. */
    async updateItem(tx: DbOrTx, id: string, version: number | null, fields: CheckFields): Promise<CheckRow | null> {
      const [row] = await tx
        .update(procurementChecks)
        .set({ ...fields, version: sql`${procurementChecks.version} + 1`, updatedAt: new Date() })
        .where(and(eq(procurementChecks.id, id), version === null ? undefined : eq(procurementChecks.version, version)))
        .returning();
      return row ?? null;
    },
    /** Records the warnings sent, without touching the version an officer is editing. */
    async setAlerts(tx: DbOrTx, id: string, alerts: string[]): Promise<void> {
      await tx.update(procurementChecks).set({ alerts }).where(eq(procurementChecks.id, id));
    },
    async operatorsByIds(db: DbOrTx, ids: string[]): Promise<Map<string, { id: string; name: string; employees: number | null }>> {
      const unique = [...new Set(ids)];
      if (!unique.length) return new Map();
      const rows = await db
        .select({ id: economicOperators.id, name: economicOperators.name, employees: economicOperators.employees })
        .from(economicOperators)
        .where(inArray(economicOperators.id, unique));
      return new Map(rows.map((r) => [r.id, r]));
    },
    usersByIds,
    async participantRole(db: DbOrTx, procedureId: string, operatorId: string): Promise<string | null> {
      const [row] = await db
        .select({ role: procurementParticipants.role })
        .from(procurementParticipants)
        .where(and(eq(procurementParticipants.procedureId, procedureId), eq(procurementParticipants.operatorId, operatorId)));
      return row?.role ?? null;
    },
    /** Offers received in a procedure. */
    async offers(db: DbOrTx, procedureId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(procurementParticipants)
        .where(and(eq(procurementParticipants.procedureId, procedureId), inArray(procurementParticipants.role, OFFER_ROLES)));
      return Number(row?.n ?? 0);
    },
    /** The value of a procedure rule in force on a date (the row whose period covers it), as an exact string. */
    async ruleValue(db: DbOrTx, key: string, date: string): Promise<string | null> {
      const [row] = await db
        .select({ value: procurementRules.value })
        .from(procurementRules)
        .where(and(eq(procurementRules.key, key), sql`${procurementRules.validFrom} <= ${date}`, sql`(${procurementRules.validTo} is null or ${procurementRules.validTo} >= ${date})`))
        .orderBy(sql`${procurementRules.validFrom} desc`)
        .limit(1);
      return row?.value ?? null;
    },
    /** Positive items with a last valid day, of procedures still open, for the expiry sweep. */
    async expiryCandidates(db: DbOrTx, closedStates: string[]) {
      return db
        .select({
          id: procurementChecks.id,
          procedureId: procurementChecks.procedureId,
          operatorId: procurementChecks.operatorId,
          code: procurementChecks.code,
          outcome: procurementChecks.outcome,
          validUntil: procurementChecks.validUntil,
          alerts: procurementChecks.alerts,
          number: procurementProcedures.number,
          title: procurementProcedures.title,
        })
        .from(procurementChecks)
        .innerJoin(procurementProcedures, eq(procurementProcedures.id, procurementChecks.procedureId))
        .where(
          and(
            eq(procurementChecks.outcome, 'regolare'),
            isNotNull(procurementChecks.validUntil),
            sql`not (${procurementChecks.alerts} @> array['expired']::text[])`,
            sql`${procurementProcedures.state} <> all(${textArray(closedStates)})`,
          ),
        )
        .orderBy(asc(procurementChecks.validUntil));
    },
    async usersOfAudience(tx: DbOrTx, audience: string[]): Promise<string[]> {
      if (!audience.length) return [];
      return rowsOf<{ id: string }>(await tx.execute(usersWithTokens(audience))).map((r) => r.id);
    },
  };
}
export type ChecksRepository = ReturnType<typeof createChecksRepository>;

import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, tables, type DbOrTx } from '@app/db';
import { containsPattern } from '../../lib/like.js';
import { textArray } from '../../lib/sql-arrays.js';

const {
  enti,
  memberships,
  conventions,
  conventionParties,
  euProgrammes: programmes,
  euCalls: calls,
  euCallFollows: follows,
  euInterests: interests,
  euProjects: projects,
  euProjectPartners: partners,
  euProjectSteps: steps,
  euExpenditures: expenditures,
  euClaims: claims,
  euOfficeYears: officeYears,
  euSapeServices: sapeServices,
} = tables;

export type CallRow = typeof calls.$inferSelect;
export type CallInsert = typeof calls.$inferInsert;
export type ProjectRow = typeof projects.$inferSelect;
export type ProjectInsert = typeof projects.$inferInsert;
export type PartnerRow = typeof partners.$inferSelect;
export type StepRow = typeof steps.$inferSelect;
export type ExpenditureRow = typeof expenditures.$inferSelect;
export type ClaimRow = typeof claims.$inferSelect;
export type SapeServiceRow = typeof sapeServices.$inferSelect;
export type SapeServiceInsert = typeof sapeServices.$inferInsert;
export interface EnteRow {
  id: string;
  type: string;
  name: string;
  istatCode: string | null;
  parentId: string | null;
  population: number | null;
  regionIstatCode: string | null;
}
const enteCols = { id: enti.id, type: enti.type, name: enti.name, istatCode: enti.istatCode, parentId: enti.parentId, population: enti.population, regionIstatCode: enti.regionIstatCode };

/** Filters of the call list, already resolved (the applicant read from the registry). */
export interface CallFilter {
  now: Date;
  status?: 'forthcoming' | 'open' | 'closed';
  applicant?: { type: string; population: number | null; regionIstatCode: string | null };
  closingWithinDays?: number;
  theme?: string;
  programmeCode?: string;
  /** Any of these themes (declared interests). */
  anyTheme?: string[];
  q?: string;
  followedBy?: string;
}

/**
 * Who may see which projects: those led by or partnered with these entes, and those of these Provinces' SAPE
 * (the Province's own, and those of the Comuni party to one of its SAPE conventions in force on `today`).
 */
export interface ProjectScope {
  entes: string[];
  provinces: string[];
  today: string;
}

/** SQL: the Comune `enteId` adheres to the SAPE of `provinciaId` through an active convention in force on `today`. */
const sapeConvention = (provinciaId: SQL | string, enteId: SQL | string, today: string) => sql`exists (
  select 1 from ${conventions} c join ${conventionParties} cp on cp.convention_id = c.id
  where c.owner_ente_id = ${provinciaId} and cp.ente_id = ${enteId} and c.state = 'active' and 'sape' = any(c.services)
    and c.starts_on <= ${today} and (c.ends_on is null or c.ends_on >= ${today}))`;

export function createEuFundingRepository() {
  function callWhere(f: CallFilter): SQL | undefined {
    const w: SQL[] = [];
    if (f.status === 'open') w.push(sql`${calls.opensAt} <= ${f.now} and ${calls.closesAt} >= ${f.now}`);
    if (f.status === 'forthcoming') w.push(sql`${calls.opensAt} > ${f.now}`);
    if (f.status === 'closed') w.push(sql`${calls.closesAt} < ${f.now}`);
    if (f.closingWithinDays) w.push(sql`${calls.closesAt} >= ${f.now} and ${calls.closesAt} <= ${new Date(f.now.getTime() + f.closingWithinDays * 86_400_000)}`);
    if (f.applicant) {
      const a = f.applicant;
      // the same rule as `ineligibility` in eu-funding.rules.ts
      w.push(sql`${calls.enteTypes} @> ${textArray([a.type])}`);
      if ((a.population ?? null) === null) w.push(sql`${calls.minPopulation} is null and ${calls.maxPopulation} is null`);
      else w.push(sql`coalesce(${calls.minPopulation}, 0) <= ${a.population} and coalesce(${calls.maxPopulation}, 2147483647) >= ${a.population}`);
      w.push(a.regionIstatCode ? sql`(cardinality(${calls.territory}) = 0 or ${a.regionIstatCode} = any(${calls.territory}))` : sql`cardinality(${calls.territory}) = 0`);
    }
    if (f.theme) w.push(sql`${calls.topics} @> ${textArray([f.theme])}`);
    if (f.programmeCode) w.push(eq(calls.programmeCode, f.programmeCode));
    if (f.anyTheme && f.anyTheme.length > 0) w.push(sql`${calls.topics} && ${textArray(f.anyTheme)}`);
    if (f.q) w.push(sql`(${calls.title} ilike ${containsPattern(f.q)} or ${calls.identifier} ilike ${containsPattern(f.q)} or ${calls.programme} ilike ${containsPattern(f.q)})`);
    if (f.followedBy) w.push(sql`exists (select 1 from ${follows} where ${follows.callId} = ${calls.id} and ${follows.userId} = ${f.followedBy})`);
    return w.length > 0 ? and(...w) : undefined;
  }

  function projectScope(s: ProjectScope): SQL {
    const parts: SQL[] = [sql`false`];
    if (s.entes.length > 0) {
      parts.push(inArray(projects.leadEnteId, s.entes));
      parts.push(sql`exists (select 1 from ${partners} where ${partners.projectId} = ${projects.id} and ${partners.enteId} = any(${textArray(s.entes)}::uuid[]))`);
    }
    if (s.provinces.length > 0) {
      parts.push(
        and(
          inArray(projects.provinciaId, s.provinces),
          or(sql`${projects.leadEnteId} = ${projects.provinciaId}`, sapeConvention(sql`${projects.provinciaId}`, sql`${projects.leadEnteId}`, s.today)),
        )!,
      );
    }
    return or(...parts)!;
  }

  return {
    // ---------------------------------------------------------- enti
    async comuneByIstat(db: DbOrTx, istatCode: string): Promise<EnteRow | null> {
      const [r] = await db.select(enteCols).from(enti).where(and(eq(enti.type, 'comune'), eq(enti.istatCode, istatCode))).limit(1);
      return r ?? null;
    },
    /** Users who speak for these entes (their staff, not mere viewers). */
    async staffOf(db: DbOrTx, enteIds: string[]): Promise<string[]> {
      if (enteIds.length === 0) return [];
      const rows = await db
        .selectDistinct({ userId: memberships.userId })
        .from(memberships)
        .where(and(inArray(memberships.enteId, enteIds), inArray(memberships.role, ['comune_user', 'ente_admin', 'referent'])));
      return rows.map((r) => r.userId);
    },

    // ---------------------------------------------------------- programmes
    async programmes(db: DbOrTx) {
      return db.select().from(programmes).orderBy(asc(programmes.position), asc(programmes.code));
    },
    async programmeExists(db: DbOrTx, code: string): Promise<boolean> {
      return (await db.select({ code: programmes.code }).from(programmes).where(eq(programmes.code, code)).limit(1)).length > 0;
    },

    // ---------------------------------------------------------- calls
    async listCalls(db: DbOrTx, f: CallFilter, page: { page: number; pageSize: number }) {
      const where = callWhere(f);
      const order = f.status === 'closed' ? [desc(calls.closesAt), asc(calls.id)] : [asc(calls.closesAt), asc(calls.id)];
      const [items, [total]] = await Promise.all([
        db.select().from(calls).where(where).orderBy(...order).limit(page.pageSize).offset((page.page - 1) * page.pageSize),
        db.select({ n: count() }).from(calls).where(where),
      ]);
      return { items, total: total?.n ?? 0 };
    },
    async findCall(db: DbOrTx, id: string): Promise<CallRow | null> {
      const [r] = await db.select().from(calls).where(eq(calls.id, id)).limit(1);
      return r ?? null;
    },
    async callByIdentifier(db: DbOrTx, identifier: string): Promise<CallRow | null> {
      const [r] = await db.select().from(calls).where(eq(calls.identifier, identifier)).limit(1);
      return r ?? null;
    },
    async insertCall(tx: DbOrTx, v: CallInsert): Promise<CallRow> {
      const [r] = await tx.insert(calls).values(v).returning();
      return r!;
    },
    async updateCall(tx: DbOrTx, id: string, version: number, v: Partial<CallInsert>): Promise<CallRow | null> {
      const [r] = await tx
        .update(calls)
        .set({ ...v, version: sql`${calls.version} + 1`, updatedAt: new Date() })
        .where(and(eq(calls.id, id), eq(calls.version, version)))
        .returning();
      return r ?? null;
    },
    async followedIds(db: DbOrTx, userId: string, callIds: string[]): Promise<Set<string>> {
      if (callIds.length === 0) return new Set();
      const rows = await db.select({ id: follows.callId }).from(follows).where(and(eq(follows.userId, userId), inArray(follows.callId, callIds)));
      return new Set(rows.map((r) => r.id));
    },
    async follow(tx: DbOrTx, callId: string, userId: string) {
      await tx.insert(follows).values({ callId, userId }).onConflictDoNothing();
    },
    async unfollow(tx: DbOrTx, callId: string, userId: string) {
      await tx.delete(follows).where(and(eq(follows.callId, callId), eq(follows.userId, userId)));
    },
    async followers(db: DbOrTx, callId: string): Promise<string[]> {
      return (await db.select({ id: follows.userId }).from(follows).where(eq(follows.callId, callId))).map((r) => r.id);
    },
    /** Comuni whose declared interests share a theme with these topics. */
    async interestedEntes(db: DbOrTx, topics: string[]): Promise<EnteRow[]> {
      if (topics.length === 0) return [];
      return db
        .select(enteCols)
        .from(interests)
        .innerJoin(enti, eq(enti.id, interests.enteId))
        .where(sql`${interests.topics} && ${textArray(topics)}`);
    },
    async interests(db: DbOrTx, enteId: string): Promise<string[] | null> {
      const [r] = await db.select({ topics: interests.topics }).from(interests).where(eq(interests.enteId, enteId)).limit(1);
      return r?.topics ?? null;
    },
    async setInterests(tx: DbOrTx, enteId: string, topics: string[]) {
      await tx
        .insert(interests)
        .values({ enteId, topics })
        .onConflictDoUpdate({ target: interests.enteId, set: { topics, updatedAt: new Date() } });
    },

    // ---------------------------------------------------------- projects
    async listProjects(db: DbOrTx, scope: ProjectScope, q: { state?: string; enteId?: string; page: number; pageSize: number }) {
      const w: SQL[] = [projectScope(scope)];
      if (q.state) w.push(eq(projects.state, q.state));
      if (q.enteId) w.push(or(eq(projects.leadEnteId, q.enteId), sql`exists (select 1 from ${partners} where ${partners.projectId} = ${projects.id} and ${partners.enteId} = ${q.enteId})`)!);
      const where = and(...w);
      const [items, [total]] = await Promise.all([
        db
          .select({ p: projects, lead: { id: enti.id, name: enti.name, istatCode: enti.istatCode } })
          .from(projects)
          .innerJoin(enti, eq(enti.id, projects.leadEnteId))
          .where(where)
          .orderBy(desc(projects.updatedAt), asc(projects.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(projects).where(where),
      ]);
      return { items, total: total?.n ?? 0 };
    },
    async findProject(db: DbOrTx, id: string): Promise<ProjectRow | null> {
      const [r] = await db.select().from(projects).where(eq(projects.id, id)).limit(1);
      return r ?? null;
    },
    async insertProject(tx: DbOrTx, v: ProjectInsert): Promise<ProjectRow> {
      const [r] = await tx.insert(projects).values(v).returning();
      return r!;
    },
    async updateProject(tx: DbOrTx, id: string, version: number, v: Partial<ProjectInsert>): Promise<ProjectRow | null> {
      const [r] = await tx
        .update(projects)
        .set({ ...v, version: sql`${projects.version} + 1`, updatedAt: new Date() })
        .where(and(eq(projects.id, id), eq(projects.version, version)))
        .returning();
      return r ?? null;
    },
    async touchProject(tx: DbOrTx, id: string) {
      await tx.update(projects).set({ updatedAt: new Date() }).where(eq(projects.id, id));
    },
    async partners(db: DbOrTx, projectId: string): Promise<PartnerRow[]> {
      return db.select().from(partners).where(eq(partners.projectId, projectId)).orderBy(asc(partners.name));
    },
    async replacePartners(tx: DbOrTx, projectId: string, rows: Omit<typeof partners.$inferInsert, 'projectId'>[]) {
      await tx.delete(partners).where(eq(partners.projectId, projectId));
      if (rows.length > 0) await tx.insert(partners).values(rows.map((r) => ({ ...r, projectId })));
    },
    async steps(db: DbOrTx, projectId: string): Promise<StepRow[]> {
      return db.select().from(steps).where(eq(steps.projectId, projectId)).orderBy(asc(steps.at), asc(steps.id));
    },
    async addStep(tx: DbOrTx, v: typeof steps.$inferInsert) {
      await tx.insert(steps).values(v);
    },
    async expenditures(db: DbOrTx, projectId: string): Promise<ExpenditureRow[]> {
      return db.select().from(expenditures).where(eq(expenditures.projectId, projectId)).orderBy(asc(expenditures.date), asc(expenditures.createdAt));
    },
    async insertExpenditure(tx: DbOrTx, v: typeof expenditures.$inferInsert): Promise<ExpenditureRow> {
      const [r] = await tx.insert(expenditures).values(v).returning();
      return r!;
    },
    async claims(db: DbOrTx, projectId: string): Promise<ClaimRow[]> {
      return db.select().from(claims).where(eq(claims.projectId, projectId)).orderBy(asc(claims.number));
    },
    async insertClaim(tx: DbOrTx, v: Omit<typeof claims.$inferInsert, 'number'>): Promise<ClaimRow> {
      const [n] = rowsOf<{ n: number }>(await tx.execute(sql`select coalesce(max(number), 0)::int + 1 as n from eu_claims where project_id = ${v.projectId}`));
      const [r] = await tx.insert(claims).values({ ...v, number: n!.n }).returning();
      return r!;
    },
    async assignClaim(tx: DbOrTx, claimId: string, expenditureIds: string[]) {
      await tx.update(expenditures).set({ claimId }).where(inArray(expenditures.id, expenditureIds));
    },
    async setReceipt(tx: DbOrTx, claimId: string, receivedOn: string, amount: string): Promise<ClaimRow | null> {
      const [r] = await tx.update(claims).set({ receivedOn, receivedAmount: amount }).where(eq(claims.id, claimId)).returning();
      return r ?? null;
    },

    // ---------------------------------------------------------- territory
    /** Comuni of a Province with the figures of their projects (lead ente), and whether they adhere to its SAPE. */
    async territoryByComune(db: DbOrTx, provinciaId: string, today: string) {
      return rowsOf<{
        id: string;
        name: string;
        istat_code: string | null;
        population: number | null;
        adheres: boolean;
        state: string | null;
        n: number;
        requested: string | null;
        obtained: string | null;
      }>(
        await db.execute(sql`
          select e.id, e.name, e.istat_code, e.population,
            exists (select 1 from ${conventions} c join ${conventionParties} cp on cp.convention_id = c.id
                    where c.owner_ente_id = ${provinciaId} and cp.ente_id = e.id and c.state = 'active'
                      and 'sape' = any(c.services) and c.starts_on <= ${today} and (c.ends_on is null or c.ends_on >= ${today})) as adheres,
            p.state, count(p.id)::int as n, sum(p.budget)::text as requested, sum(p.granted_amount)::text as obtained
          from ${enti} e
          left join ${projects} p on p.lead_ente_id = e.id
          where e.parent_id = ${provinciaId} and e.type = 'comune' and e.active
          group by e.id, p.state
          order by e.name`),
      );
    },
    async spentByComune(db: DbOrTx, provinciaId: string) {
      return rowsOf<{ id: string; spent: string }>(
        await db.execute(sql`
          select p.lead_ente_id as id, sum(x.amount)::text as spent
          from ${projects} p join ${expenditures} x on x.project_id = p.id
          where p.provincia_id = ${provinciaId} and x.eligible
          group by p.lead_ente_id`),
      );
    },
    /** The same figures per Province, for UPI. */
    async territoryByProvince(db: DbOrTx) {
      return rowsOf<{ id: string; name: string; istat_code: string | null; population: number | null; state: string | null; n: number; requested: string | null; obtained: string | null; spent: string | null; comuni: number }>(
        await db.execute(sql`
          with spent as (
            select p.provincia_id, sum(x.amount) as spent from ${projects} p join ${expenditures} x on x.project_id = p.id where x.eligible group by p.provincia_id
          ), served as (
            select p.provincia_id, count(distinct p.lead_ente_id)::int as comuni from ${projects} p group by p.provincia_id
          )
          select e.id, e.name, e.istat_code, e.population, p.state, count(p.id)::int as n,
            sum(p.budget)::text as requested, sum(p.granted_amount)::text as obtained,
            max(s.spent)::text as spent, coalesce(max(sv.comuni), 0)::int as comuni
          from ${enti} e
          join ${projects} p on p.provincia_id = e.id
          left join spent s on s.provincia_id = e.id
          left join served sv on sv.provincia_id = e.id
          where e.type in ('provincia', 'citta_metropolitana')
          group by e.id, p.state
          order by e.name`),
      );
    },
    async officeYears(db: DbOrTx, provinciaId: string | null, year: number) {
      const w = provinciaId ? and(eq(officeYears.provinciaId, provinciaId), eq(officeYears.year, year)) : eq(officeYears.year, year);
      return db.select().from(officeYears).where(w);
    },
    async setOfficeYear(tx: DbOrTx, v: typeof officeYears.$inferInsert) {
      await tx
        .insert(officeYears)
        .values(v)
        .onConflictDoUpdate({ target: [officeYears.provinciaId, officeYears.year], set: { staffFte: v.staffFte, costs: v.costs, fees: v.fees, supportHours: v.supportHours, updatedAt: new Date() } });
    },

    /** Whether the SAPE of the Province serves this ente: the Province itself, or a Comune party to one of its SAPE conventions in force. */
    async sapeServes(db: DbOrTx, provinciaId: string, enteId: string, today: string): Promise<boolean> {
      if (provinciaId === enteId) return true;
      const [r] = rowsOf<{ ok: boolean }>(await db.execute(sql`select ${sapeConvention(provinciaId, enteId, today)} as ok`));
      return r?.ok === true;
    },

    // ---------------------------------------------------------- services of the SAPE office
    async sapeServices(db: DbOrTx, provinciaId: string, publishedOnly: boolean) {
      const w = publishedOnly ? and(eq(sapeServices.provinciaId, provinciaId), eq(sapeServices.published, true)) : eq(sapeServices.provinciaId, provinciaId);
      return db
        .select({ s: sapeServices, convention: { id: conventions.id, title: conventions.title, state: conventions.state, startsOn: conventions.startsOn, endsOn: conventions.endsOn } })
        .from(sapeServices)
        .leftJoin(conventions, eq(conventions.id, sapeServices.conventionId))
        .where(w)
        .orderBy(asc(sapeServices.position), asc(sapeServices.title), asc(sapeServices.id));
    },
    async findSapeService(db: DbOrTx, id: string): Promise<SapeServiceRow | null> {
      const [r] = await db.select().from(sapeServices).where(eq(sapeServices.id, id)).limit(1);
      return r ?? null;
    },
    async insertSapeService(tx: DbOrTx, v: SapeServiceInsert): Promise<SapeServiceRow> {
      const [r] = await tx.insert(sapeServices).values(v).returning();
      return r!;
    },
    async updateSapeService(tx: DbOrTx, id: string, version: number, v: Partial<SapeServiceInsert>): Promise<SapeServiceRow | null> {
      const [r] = await tx
        .update(sapeServices)
        .set({ ...v, version: sql`${sapeServices.version} + 1`, updatedAt: new Date() })
        .where(and(eq(sapeServices.id, id), eq(sapeServices.version, version)))
        .returning();
      return r ?? null;
    },
    /** The SAPE conventions a Province owns (any state), to name as the adhesion instrument of its services. */
    async sapeConventionsOf(db: DbOrTx, provinciaId: string) {
      return db
        .select({ id: conventions.id, title: conventions.title, state: conventions.state, startsOn: conventions.startsOn, endsOn: conventions.endsOn })
        .from(conventions)
        .where(and(eq(conventions.ownerEnteId, provinciaId), sql`'sape' = any(${conventions.services})`))
        .orderBy(asc(conventions.title));
    },
    /** The conventions (among these) to which the ente is party. */
    async partyTo(db: DbOrTx, enteId: string, conventionIds: string[]): Promise<Set<string>> {
      if (conventionIds.length === 0) return new Set();
      const rows = await db
        .select({ id: conventionParties.conventionId })
        .from(conventionParties)
        .where(and(eq(conventionParties.enteId, enteId), inArray(conventionParties.conventionId, conventionIds)));
      return new Set(rows.map((r) => r.id));
    },

    // ---------------------------------------------------------- search
    async allCalls(db: DbOrTx): Promise<CallRow[]> {
      return db.select().from(calls).orderBy(asc(calls.id));
    },
    async allProjects(db: DbOrTx): Promise<ProjectRow[]> {
      return db.select().from(projects).orderBy(asc(projects.id));
    },

    /** Comuni that adhere to the Province's SAPE through an active convention in force on `today`. */
    async sapeAdherents(db: DbOrTx, provinciaId: string, today: string): Promise<string[]> {
      const rows = rowsOf<{ id: string }>(
        await db.execute(sql`
          select distinct cp.ente_id as id from ${conventions} c join ${conventionParties} cp on cp.convention_id = c.id
          where c.owner_ente_id = ${provinciaId} and c.state = 'active' and 'sape' = any(c.services)
            and c.starts_on <= ${today} and (c.ends_on is null or c.ends_on >= ${today})`),
      );
      return rows.map((r) => r.id);
    },

    // ---------------------------------------------------------- open data
    async openDataProjects(db: DbOrTx) {
      return db
        .select({ p: projects, lead: { name: enti.name, istatCode: enti.istatCode } })
        .from(projects)
        .innerJoin(enti, eq(enti.id, projects.leadEnteId))
        .where(sql`${projects.cup} is not null`)
        .orderBy(asc(projects.cup));
    },
    async paymentsByProject(db: DbOrTx, ids: string[]) {
      if (ids.length === 0) return new Map<string, string>();
      const rows = await db
        .select({ id: claims.projectId, received: sql<string>`coalesce(sum(${claims.receivedAmount}), 0)::text` })
        .from(claims)
        .where(inArray(claims.projectId, ids))
        .groupBy(claims.projectId);
      return new Map(rows.map((r) => [r.id, r.received]));
    },
  };
}
export type EuFundingRepository = ReturnType<typeof createEuFundingRepository>;

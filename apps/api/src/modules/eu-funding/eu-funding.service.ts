import type { Db, DbOrTx } from '@app/db';
import type {
  CallDetail,
  CallInput,
  CallList,
  CallQuery,
  CallSummary,
  ClaimCreate,
  ExpenditureInput,
  ImportResult,
  OfficeYear,
  ProjectCreate,
  ProjectDetail,
  ProjectQuery,
  ProjectState,
  ProjectTransition,
  ProjectUpdate,
  SapeService,
  SapeServiceAdmin,
  SapeServiceInput,
  SapeServiceUpdate,
  SapeServices,
  Territory,
  Theme,
} from '@app/contracts';
import { stringify } from 'csv-stringify/sync';
import type { RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import { simpleDocx } from '../../lib/docx.js';
import type { Office } from '../../lib/office.js';
import { enteById, entiByIds } from '../../lib/readers.js';
import { audience, type RecordRegistry } from '../../lib/records.js';
import type { AuditService } from '../audit/audit.service.js';
import { romeDate } from '../calendar/calendar.dates.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { SearchEntry, SearchService } from '../search/search.service.js';
import { parseAvvisi } from './avvisi.js';
import { can, type ProjectFacts } from './eu-funding.policy.js';
import type { CallRow, EuFundingRepository, ProjectRow, SapeServiceRow } from './eu-funding.repository.js';
import {
  callStatus,
  centsToDecimal,
  centsToEuro,
  checkCofinancing,
  claimAmount,
  ineligibility,
  reportingTotals,
  spendingCurve,
  successRate,
  sumCents,
  toCents,
} from './eu-funding.rules.js';
import { FUNDED_STATES, allowedTransitions, guard, isFunded } from './eu-funding.workflow.js';

/** What the module needs of the procurement service: a procedure the caller may read, with its number and CIGs. */
export interface ProcurementReader {
  get(ctx: RequestContext, id: string): Promise<{ id: string; number: string; lots: { cig: string | null }[] }>;
}

/** What the module needs of the requests service: the catalogue of a service's request categories. */
export interface RequestsCatalogue {
  listCategories(
    ctx: RequestContext,
    q: { service?: 'sua' | 'sape' | 'sit' },
  ): Promise<{ items: { id: string; code: string; nameIt: string; nameEn: string; descriptionIt: string; descriptionEn: string; firstResponseHours: number; resolutionDays: number; active: boolean }[] }>;
}

/** What the module needs of the documents service: a document made by the platform on one of its records. */
export interface StatementDocuments {
  createFromFiles(
    ctx: RequestContext,
    target: { ownerType: string; ownerId: string; title: string },
    files: { bytes: Uint8Array; fileName: string; mediaType: string }[],
    auditChanges?: Record<string, unknown>,
  ): Promise<{ id: string; version: number; mediaType: string }>;
}

export interface EuFundingDeps {
  db: Db;
  repo: EuFundingRepository;
  audit: AuditService;
  records: RecordRegistry;
  notifications: NotificationsService;
  calendar: CalendarService;
  procurement: ProcurementReader;
  requests: RequestsCatalogue;
  search: Pick<SearchService, 'upsert' | 'registerSource'>;
  documents: StatementDocuments;
  /** LibreOffice, for the PDF/A of the claim statement (when installed). */
  office: Pick<Office, 'sofficePath' | 'toPdfA'>;
  now?: () => Date;
}

export const PROJECT_RECORD = 'eu_project';
export const CALL_SOURCE = 'eu_call';
/** Kinds of the global search. */
export const CALL_KIND = 'eu_call';
export const PROJECT_KIND = 'eu_project';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const MATCHING_CALL_EVENT = 'eu_funding.call_matching';
const PROVINCE_TYPES = new Set(['provincia', 'citta_metropolitana']);

const issue = (path: string, message: string) => ({ path, message });
const invalid = (issues: { path: string; message: string }[]) => badRequest('validation_failed', 'Invalid input', { issues });
const euro = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const money = (n: number) => centsToDecimal(toCents(n));
const projectUrl = (id: string) => `/fondi-ue/progetti/${id}`;
const callUrl = (id: string) => `/fondi-ue/bandi/${id}`;

export function createEuFundingService(d: EuFundingDeps) {
  const { db, repo, audit, records, notifications, calendar, search } = d;
  const now = d.now ?? (() => new Date());

  // ------------------------------------------------------------ records, events
  async function projectFacts(tx: DbOrTx, p: ProjectRow): Promise<ProjectFacts> {
    const ps = await repo.partners(tx, p.id);
    return {
      leadEnteId: p.leadEnteId,
      provinciaId: p.provinciaId,
      partnerEnteIds: ps.map((x) => x.enteId).filter((x): x is string => !!x),
      servedBySape: p.provinciaId ? await repo.sapeServes(tx, p.provinciaId, p.leadEnteId, romeDate(now())) : false,
    };
  }
  const projectAudience = (f: ProjectFacts) => [
    audience.ente(f.leadEnteId),
    ...f.partnerEnteIds.map((e) => audience.ente(e)),
    ...(f.provinciaId && f.servedBySape ? [audience.enteRole(f.provinciaId, 'sape_operator'), audience.enteRole(f.provinciaId, 'ente_admin')] : []),
  ];

  // ------------------------------------------------------------ global search
  /** A call in the global search: calls are public notices, every member of the network finds them. */
  const callEntry = (c: CallRow): SearchEntry => ({
    kind: CALL_KIND,
    refId: c.id,
    ownerType: CALL_SOURCE,
    ownerId: c.id,
    title: `${c.identifier} — ${c.title}`,
    body: [c.programme, c.description, c.topics.join(' ')].filter(Boolean).join('\n'),
    url: callUrl(c.id),
    enteId: null,
    audience: [audience.member],
  });
  /** A project in the global search, for those who may read it (the same audience as its record). */
  async function projectEntry(tx: DbOrTx, p: ProjectRow): Promise<SearchEntry> {
    const f = await projectFacts(tx, p);
    const lead = await enteById(tx, p.leadEnteId);
    return {
      kind: PROJECT_KIND,
      refId: p.id,
      ownerType: PROJECT_RECORD,
      ownerId: p.id,
      title: p.title,
      body: [lead?.name, p.cup, p.programme, p.description].filter(Boolean).join('\n'),
      url: projectUrl(p.id),
      enteId: p.leadEnteId,
      audience: projectAudience(f),
    };
  }
  const indexProject = async (tx: DbOrTx, p: ProjectRow) => search.upsert(tx, await projectEntry(tx, p));
  search.registerSource(CALL_KIND, async (source, emit) => {
    for (const c of await repo.allCalls(source)) await emit(source, callEntry(c));
  });
  search.registerSource(PROJECT_KIND, async (source, emit) => {
    for (const p of await repo.allProjects(source)) await emit(source, await projectEntry(source, p));
  });
  records.register(PROJECT_RECORD, {
    access: async (ctx, id) => {
      const p = await repo.findProject(db, id);
      if (!p) return null;
      const f = await projectFacts(db, p);
      return { enteId: p.leadEnteId, read: can(ctx.actor, { type: 'project.read', ...f }), write: can(ctx.actor, { type: 'project.edit', ...f }) };
    },
    audience: async (tx, id) => {
      const p = await repo.findProject(tx, id);
      return p ? projectAudience(await projectFacts(tx, p)) : null;
    },
    describe: async (tx, id) => {
      const p = await repo.findProject(tx, id);
      return p ? { title: p.title, url: projectUrl(p.id), module: 'eu-funding' } : null;
    },
    commentable: true,
  });
  notifications.defineEvent(MATCHING_CALL_EVENT, {
    module: 'eu-funding',
    label: { it: 'Nuovi bandi per il tuo ente', en: 'New calls for your ente' },
    defaults: { inApp: true, email: 'daily' },
    render(params, locale) {
      const title = String(params.title ?? '');
      const closes = String(params.closesOn ?? '');
      return locale === 'en'
        ? { title: `New call for you: ${title}`, body: `${title} — closes on ${closes}` }
        : { title: `Nuovo bando per te: ${title}`, body: `${title} — scade il ${closes.split('-').reverse().join('/')}` };
    },
  });

  // ------------------------------------------------------------ calls
  function summary(c: CallRow, followed: boolean): CallSummary {
    return {
      id: c.id,
      identifier: c.identifier,
      title: c.title,
      programme: c.programme,
      opensAt: c.opensAt.toISOString(),
      closesAt: c.closesAt.toISOString(),
      status: callStatus(c.opensAt, c.closesAt, now()),
      eligibility: {
        enteTypes: c.enteTypes,
        ...(c.minPopulation !== null ? { minPopulation: c.minPopulation } : {}),
        ...(c.maxPopulation !== null ? { maxPopulation: c.maxPopulation } : {}),
      },
      topics: c.topics,
      budget: euro(c.budget),
      cofinancingRate: euro(c.cofinancingRate),
      followed,
    };
  }
  function detail(ctx: RequestContext, c: CallRow, followed: boolean): CallDetail {
    return {
      ...summary(c, followed),
      source: c.source,
      programmeCode: c.programmeCode,
      actionType: c.actionType,
      description: c.description,
      deadlineModel: c.deadlineModel,
      deadlines: c.deadlines,
      territory: c.territory,
      links: c.links,
      version: c.version,
      canEdit: can(ctx.actor, { type: 'call.write' }),
    };
  }
  async function present(ctx: RequestContext, rows: CallRow[]): Promise<CallSummary[]> {
    const followed = ctx.actor ? await repo.followedIds(db, ctx.actor.userId, rows.map((r) => r.id)) : new Set<string>();
    return rows.map((r) => summary(r, followed.has(r.id)));
  }
  function callValues(input: CallInput) {
    const deadlines = input.deadlines.map((x) => new Date(x));
    return {
      identifier: input.identifier,
      programme: input.programme,
      programmeCode: input.programmeCode ?? null,
      title: input.title,
      actionType: input.actionType ?? null,
      description: input.description ?? null,
      deadlineModel: input.deadlineModel,
      opensAt: new Date(input.opensAt),
      closesAt: deadlines[deadlines.length - 1]!,
      deadlines: deadlines.map((x) => x.toISOString()),
      budget: typeof input.budget === 'number' ? money(input.budget) : null,
      cofinancingRate: typeof input.cofinancingRate === 'number' ? input.cofinancingRate.toFixed(2) : null,
      enteTypes: input.eligibility.enteTypes,
      minPopulation: input.eligibility.minPopulation ?? null,
      maxPopulation: input.eligibility.maxPopulation ?? null,
      topics: input.topics,
      territory: input.territory,
      links: input.links,
    };
  }
  /** The deadlines of a call in the calendars (and iCalendar feeds) of its followers, with reminders. */
  async function publishDeadlines(tx: DbOrTx, c: CallRow) {
    const followers = await repo.followers(tx, c.id);
    await calendar.remove(tx, CALL_SOURCE, c.id);
    if (followers.length === 0) return;
    for (const [i, at] of c.deadlines.entries()) {
      await calendar.publish(tx, {
        module: 'eu-funding',
        sourceType: CALL_SOURCE,
        sourceId: c.id,
        kind: `deadline-${i + 1}`,
        title: c.deadlines.length > 1 ? `${c.identifier} — scadenza fase ${i + 1}` : `${c.identifier} — scadenza`,
        description: c.title,
        startsAt: new Date(at),
        url: callUrl(c.id),
        audience: followers.map((u) => audience.user(u)),
        isDemo: c.isDemo,
      });
    }
  }
  /** Tells the staff of the Comuni eligible for a new call and interested in its themes. */
  async function alertMatching(tx: DbOrTx, c: CallRow, actorId: string | null) {
    if (callStatus(c.opensAt, c.closesAt, now()) === 'closed') return;
    const entes = (await repo.interestedEntes(tx, c.topics)).filter(
      (e) => ineligibility({ enteTypes: c.enteTypes, minPopulation: c.minPopulation, maxPopulation: c.maxPopulation, territory: c.territory }, { type: e.type, population: e.population, regionIstatCode: e.regionIstatCode }).length === 0,
    );
    const recipients = await repo.staffOf(tx, entes.map((e) => e.id));
    await notifications.publish(tx, {
      type: MATCHING_CALL_EVENT,
      recipients,
      actorId,
      url: callUrl(c.id),
      params: { title: c.title, identifier: c.identifier, closesOn: romeDate(c.closesAt) },
    });
  }
  function requireCallWriter(ctx: RequestContext) {
    if (!ctx.actor) throw unauthenticated();
    if (!can(ctx.actor, { type: 'call.write' })) throw forbidden();
    return ctx.actor;
  }
  async function applicantOf(istat: string) {
    const e = await repo.comuneByIstat(db, istat);
    if (!e) throw invalid([issue('querystring.eligibleFor', 'No Comune has this ISTAT code')]);
    return e;
  }
  /** The Comune the caller speaks for (or the one asked, when the caller belongs to it). */
  function myComune(ctx: RequestContext, enteId?: string): string {
    if (!ctx.actor) throw unauthenticated();
    const ms = ctx.actor.memberships.filter((m) => m.enteType === 'comune' && (!enteId || m.enteId === enteId));
    if (enteId && ms.length === 0) throw forbidden();
    const active = ms.find((m) => m.id === ctx.actor!.activeMembershipId) ?? ms[0];
    if (!active) throw new AppError(409, 'no_comune', 'The caller belongs to no Comune');
    return active.enteId;
  }

  // ------------------------------------------------------------ projects
  async function readableProject(ctx: RequestContext, id: string) {
    if (!ctx.actor) throw unauthenticated();
    const p = await repo.findProject(db, id);
    if (!p) throw notFound('Project');
    const f = await projectFacts(db, p);
    if (!can(ctx.actor, { type: 'project.read', ...f })) throw notFound('Project');
    return { p, f };
  }
  async function editableProject(ctx: RequestContext, id: string) {
    const r = await readableProject(ctx, id);
    if (!can(ctx.actor, { type: 'project.edit', ...r.f })) throw forbidden();
    return r;
  }
  async function projectDetail(ctx: RequestContext, p: ProjectRow): Promise<ProjectDetail> {
    const [lead, partners, steps, exps, claims, call] = await Promise.all([
      enteById(db, p.leadEnteId),
      repo.partners(db, p.id),
      repo.steps(db, p.id),
      repo.expenditures(db, p.id),
      repo.claims(db, p.id),
      p.callId ? repo.findCall(db, p.callId) : Promise.resolve(null),
    ]);
    const f: ProjectFacts = {
      leadEnteId: p.leadEnteId,
      provinciaId: p.provinciaId,
      partnerEnteIds: partners.map((x) => x.enteId).filter((x): x is string => !!x),
      servedBySape: p.provinciaId ? await repo.sapeServes(db, p.provinciaId, p.leadEnteId, romeDate(now())) : false,
    };
    const t = reportingTotals(p.budget, exps, claims);
    const perClaim = new Map<string, number>();
    for (const e of exps) if (e.claimId) perClaim.set(e.claimId, (perClaim.get(e.claimId) ?? 0) + 1);
    const canEdit = can(ctx.actor, { type: 'project.edit', ...f });
    return {
      id: p.id,
      title: p.title,
      state: p.state as ProjectState,
      leadEnte: { id: p.leadEnteId, name: lead?.name ?? '', istatCode: lead?.istatCode ?? null },
      callId: p.callId,
      cup: p.cup,
      budget: Number(p.budget),
      grantedAmount: euro(p.grantedAmount),
      updatedAt: p.updatedAt.toISOString(),
      description: p.description,
      programme: p.programme ?? call?.programme ?? null,
      call: call ? { id: call.id, identifier: call.identifier, title: call.title } : null,
      decreeRef: p.decreeRef,
      supportedBySape: p.supportedBySape,
      partners: partners.map((x) => ({ enteId: x.enteId, name: x.name, role: x.role, pic: x.pic, country: x.country })),
      budgetLines: p.budgetLines.map((l) => ({ category: l.category, amount: Number(l.amount) })),
      cofinancing: p.cofinancing.map((l) => ({ source: l.source, amount: Number(l.amount) })),
      spendingPlan: p.spendingPlan.map((l) => ({ month: l.month, amount: Number(l.amount) })),
      reportingDeadlines: p.reportingDeadlines,
      steps: steps.map((s) => ({ state: s.state, date: s.date, note: s.note, documentId: s.documentId })),
      procurement: p.procurementProcedureId ? { procedureId: p.procurementProcedureId, number: p.procurementNumber, cig: p.cig } : null,
      expenditures: exps.map((e) => ({
        id: e.id,
        documentRef: e.documentRef,
        documentId: e.documentId,
        date: e.date,
        amount: Number(e.amount),
        eligible: e.eligible,
        paidOn: e.paidOn,
        category: e.category,
        salNumber: e.salNumber,
        claimId: e.claimId,
      })),
      claims: claims.map((c) => ({
        id: c.id,
        number: c.number,
        kind: c.kind,
        submittedOn: c.submittedOn,
        amount: Number(c.amount),
        receivedOn: c.receivedOn,
        receivedAmount: euro(c.receivedAmount),
        expenditures: perClaim.get(c.id) ?? 0,
      })),
      totals: {
        budget: centsToEuro(t.budget),
        spent: centsToEuro(t.spent),
        eligible: centsToEuro(t.eligible),
        claimed: centsToEuro(t.claimed),
        received: centsToEuro(t.received),
        remaining: centsToEuro(t.remaining),
      },
      curve: spendingCurve(p.spendingPlan, exps).map((c) => ({ month: c.month, planned: centsToEuro(c.planned), actual: centsToEuro(c.actual) })),
      allowedTransitions: canEdit ? [...allowedTransitions(p.state as ProjectState)] : [],
      canEdit,
      version: p.version,
    };
  }
  /** Validates the partners against the registry and the money plan; answers the values to store. */
  async function projectValues(input: Omit<ProjectCreate, 'leadEnteId'>, leadEnteId: string) {
    const issues: { path: string; message: string }[] = [];
    for (const i of checkCofinancing(input.budget, input.cofinancing)) issues.push(issue(`body.${i.path}`, i.message));
    const ids = input.partners.map((x) => x.enteId).filter((x): x is string => !!x);
    const known = await entiByIds(db, ids);
    input.partners.forEach((x, i) => {
      if (x.enteId && !known.has(x.enteId)) issues.push(issue(`body.partners.${i}.enteId`, 'Unknown ente'));
      if (x.enteId === leadEnteId) issues.push(issue(`body.partners.${i}.enteId`, 'The lead ente is not its own partner'));
    });
    if (new Set(ids).size !== ids.length) issues.push(issue('body.partners', 'A partner is listed twice'));
    if (input.callId && !(await repo.findCall(db, input.callId))) issues.push(issue('body.callId', 'Unknown call'));
    if (issues.length > 0) throw invalid(issues);
    const budgetCents = sumCents(input.budget.map((l) => l.amount));
    return {
      values: {
        title: input.title,
        description: input.description ?? null,
        callId: input.callId ?? null,
        programme: input.programme ?? null,
        supportedBySape: input.supportedBySape,
        budget: centsToDecimal(budgetCents),
        budgetLines: input.budget.map((l) => ({ category: l.category, amount: money(l.amount) })),
        cofinancing: input.cofinancing.map((l) => ({ source: l.source, amount: money(l.amount) })),
        spendingPlan: input.spendingPlan.map((l) => ({ month: l.month, amount: money(l.amount) })),
        reportingDeadlines: input.reportingDeadlines,
      },
      partners: input.partners.map((x) => ({
        enteId: x.enteId ?? null,
        name: x.enteId ? known.get(x.enteId)!.name : x.name!,
        role: x.role,
        pic: x.pic ?? null,
        country: x.country ?? (x.enteId ? 'IT' : null),
      })),
    };
  }
  /** The reporting deadlines of a project in the calendars of its lead, partners and SAPE. */
  async function publishReporting(tx: DbOrTx, p: ProjectRow, f: ProjectFacts) {
    await calendar.remove(tx, PROJECT_RECORD, p.id);
    for (const [i, dl] of p.reportingDeadlines.entries()) {
      await calendar.publish(tx, {
        module: 'eu-funding',
        sourceType: PROJECT_RECORD,
        sourceId: p.id,
        kind: `reporting-${i + 1}`,
        title: `${dl.label} — ${p.title}`,
        startsAt: new Date(`${dl.date}T00:00:00Z`),
        allDay: true,
        url: projectUrl(p.id),
        enteId: p.leadEnteId,
        audience: projectAudience(f),
        isDemo: p.isDemo,
      });
    }
  }

  /** A claim of the project with its expenditures and their total; 404 when the claim is not the project's. */
  async function statementOf(projectId: string, claimId: string) {
    const claim = (await repo.claims(db, projectId)).find((c) => c.id === claimId);
    if (!claim) throw notFound('Claim');
    const exps = (await repo.expenditures(db, projectId)).filter((e) => e.claimId === claimId);
    return { claim, exps, total: centsToDecimal(sumCents(exps.map((e) => e.amount))) };
  }

  // ------------------------------------------------------------ services of the SAPE office
  type ConventionRef = { id: string; title: string; state: string; startsOn: string; endsOn: string | null };
  const inForce = (c: Pick<ConventionRef, 'state' | 'startsOn' | 'endsOn'>, today: string) => c.state === 'active' && c.startsOn <= today && (c.endsOn === null || c.endsOn >= today);
  function requireOffice(ctx: RequestContext, provinciaId: string) {
    if (!ctx.actor) throw unauthenticated();
    if (!can(ctx.actor, { type: 'office.write', provinciaId })) throw forbidden();
  }
  function presentSapeService(
    x: SapeServiceRow,
    conv: ConventionRef | null,
    categories: Map<string, { id: string; code: string; nameIt: string; nameEn: string; firstResponseHours: number; resolutionDays: number }>,
    lang: 'it' | 'en',
    today: string,
  ): SapeService {
    const c = categories.get(x.categoryId);
    return {
      id: x.id,
      provinciaId: x.provinciaId,
      category: { id: x.categoryId, code: c?.code ?? '', name: c ? (lang === 'en' ? c.nameEn : c.nameIt) : '' },
      title: x.title,
      description: x.description,
      serviceLevel: x.serviceLevel,
      firstResponseHours: c?.firstResponseHours ?? 0,
      resolutionDays: c?.resolutionDays ?? 0,
      convention: conv ? { id: conv.id, title: conv.title, inForce: inForce(conv, today) } : null,
      published: x.published,
      position: x.position,
      version: x.version,
    };
  }
  async function sapeServiceOf(ctx: RequestContext, x: SapeServiceRow): Promise<SapeService> {
    const [{ items }, convs] = await Promise.all([d.requests.listCategories(ctx, { service: 'sape' }), repo.sapeConventionsOf(db, x.provinciaId)]);
    return presentSapeService(x, convs.find((c) => c.id === x.conventionId) ?? null, new Map(items.map((c) => [c.id, c])), 'it', romeDate(now()));
  }
  /** The kind must be an active SAPE request category; the convention one of the Province's SAPE conventions. */
  async function checkSapeService(ctx: RequestContext, provinciaId: string, input: SapeServiceInput) {
    const issues: { path: string; message: string }[] = [];
    const { items } = await d.requests.listCategories(ctx, { service: 'sape' });
    if (!items.some((c) => c.id === input.categoryId && c.active)) issues.push(issue('body.categoryId', 'Not a SAPE request category'));
    if (input.conventionId && !(await repo.sapeConventionsOf(db, provinciaId)).some((c) => c.id === input.conventionId)) {
      issues.push(issue('body.conventionId', 'Not a SAPE convention of this Province'));
    }
    if (issues.length > 0) throw invalid(issues);
  }

  return {
    // ---------------------------------------------------------- calls
    async listCalls(ctx: RequestContext, q: CallQuery): Promise<CallList> {
      const applicant = q.eligibleFor ? await applicantOf(q.eligibleFor) : undefined;
      if (q.followed === 'true' && !ctx.actor) throw unauthenticated();
      const { items, total } = await repo.listCalls(
        db,
        {
          now: now(),
          status: q.status,
          applicant,
          closingWithinDays: q.closingWithinDays,
          theme: q.theme,
          programmeCode: q.programmeCode,
          q: q.q,
          followedBy: q.followed === 'true' ? ctx.actor!.userId : undefined,
        },
        q,
      );
      return { items: await present(ctx, items), total };
    },
    /** "Per te": the open calls the caller's Comune may apply to and that match its declared interests. */
    async forMe(ctx: RequestContext, q: { enteId?: string; page: number; pageSize: number }): Promise<CallList & { enteId: string; interests: string[] }> {
      const enteId = myComune(ctx, q.enteId);
      const ente = (await enteById(db, enteId))!;
      const interests = (await repo.interests(db, enteId)) ?? [];
      const { items, total } = await repo.listCalls(
        db,
        { now: now(), status: 'open', applicant: { type: ente.type, population: ente.population, regionIstatCode: ente.regionIstatCode }, anyTheme: interests },
        q,
      );
      return { items: await present(ctx, items), total, enteId, interests };
    },
    async getCall(ctx: RequestContext, id: string): Promise<CallDetail> {
      const c = await repo.findCall(db, id);
      if (!c) throw notFound('Call');
      const followed = ctx.actor ? (await repo.followedIds(db, ctx.actor.userId, [id])).has(id) : false;
      return detail(ctx, c, followed);
    },
    async programmes() {
      return { items: (await repo.programmes(db)).map(({ position: _p, ...p }) => p) };
    },
    async createCall(ctx: RequestContext, input: CallInput): Promise<CallDetail> {
      const actor = requireCallWriter(ctx);
      if (input.programmeCode && !(await repo.programmeExists(db, input.programmeCode))) throw invalid([issue('body.programmeCode', 'Unknown programme')]);
      if (await repo.callByIdentifier(db, input.identifier)) throw invalid([issue('body.identifier', 'A call with this identifier exists')]);
      const row = await db.transaction(async (tx) => {
        const c = await repo.insertCall(tx, { ...callValues(input), source: 'manual', createdBy: actor.userId });
        await audit.record(tx, ctx, { action: 'eu_funding.call_create', entityType: CALL_SOURCE, entityId: c.id, changes: { identifier: c.identifier } });
        await search.upsert(tx, callEntry(c));
        await alertMatching(tx, c, actor.userId);
        return c;
      });
      return detail(ctx, row, false);
    },
    async updateCall(ctx: RequestContext, id: string, input: CallInput, version: number): Promise<CallDetail> {
      requireCallWriter(ctx);
      const c = await repo.findCall(db, id);
      if (!c) throw notFound('Call');
      if (input.programmeCode && !(await repo.programmeExists(db, input.programmeCode))) throw invalid([issue('body.call.programmeCode', 'Unknown programme')]);
      const other = await repo.callByIdentifier(db, input.identifier);
      if (other && other.id !== id) throw invalid([issue('body.call.identifier', 'A call with this identifier exists')]);
      const row = await db.transaction(async (tx) => {
        const r = await repo.updateCall(tx, id, version, callValues(input));
        if (!r) throw conflict();
        await audit.record(tx, ctx, { action: 'eu_funding.call_update', entityType: CALL_SOURCE, entityId: id, changes: { identifier: r.identifier } });
        await publishDeadlines(tx, r);
        await search.upsert(tx, callEntry(r));
        return r;
      });
      return detail(ctx, row, (await repo.followedIds(db, ctx.actor!.userId, [id])).has(id));
    },
    /** Reads a PA digitale 2026 `avvisi.csv`: new calls are added, known ones (same title) updated. */
    async importAvvisi(ctx: RequestContext, csv: string): Promise<ImportResult> {
      const actor = requireCallWriter(ctx);
      const parsed = parseAvvisi(csv, now());
      let created = 0;
      let updated = 0;
      await db.transaction(async (tx) => {
        for (const c of parsed.calls) {
          const { publishedState: _s, ...values } = c;
          const known = await repo.callByIdentifier(tx, c.identifier);
          if (known) {
            const row = await repo.updateCall(tx, known.id, known.version, values);
            if (row) await search.upsert(tx, callEntry(row));
            updated++;
          } else {
            const row = await repo.insertCall(tx, { ...values, createdBy: actor.userId });
            await search.upsert(tx, callEntry(row));
            await alertMatching(tx, row, actor.userId);
            created++;
          }
        }
        await audit.record(tx, ctx, { action: 'eu_funding.calls_import', entityType: CALL_SOURCE, changes: { source: 'PA_DIGITALE_2026', created, updated, errors: parsed.errors.length } });
      });
      return { created, updated, rows: parsed.calls.length + parsed.errors.length, errors: parsed.errors };
    },
    async follow(ctx: RequestContext, id: string, on: boolean): Promise<CallDetail> {
      if (!ctx.actor) throw unauthenticated();
      if (ctx.actor.memberships.length === 0) throw forbidden();
      const userId = ctx.actor.userId;
      const c = await repo.findCall(db, id);
      if (!c) throw notFound('Call');
      await db.transaction(async (tx) => {
        if (on) await repo.follow(tx, id, userId);
        else await repo.unfollow(tx, id, userId);
        await publishDeadlines(tx, c);
      });
      return detail(ctx, c, on);
    },
    async getInterests(ctx: RequestContext, enteId: string) {
      if (!can(ctx.actor, { type: 'interests.read', enteId })) throw ctx.actor ? forbidden() : unauthenticated();
      return { topics: ((await repo.interests(db, enteId)) ?? []) as Theme[] };
    },
    async setInterests(ctx: RequestContext, enteId: string, topics: Theme[]) {
      if (!can(ctx.actor, { type: 'interests.write', enteId })) throw ctx.actor ? forbidden() : unauthenticated();
      const unique = [...new Set(topics)];
      await db.transaction(async (tx) => {
        await repo.setInterests(tx, enteId, unique);
        await audit.record(tx, ctx, { action: 'eu_funding.interests', entityType: 'eu_interests', entityId: enteId, enteId, changes: { topics: unique } });
      });
      return { topics: unique };
    },

    // ---------------------------------------------------------- projects
    async listProjects(ctx: RequestContext, q: ProjectQuery) {
      if (!ctx.actor) throw unauthenticated();
      const entes = [...new Set(ctx.actor.memberships.map((m) => m.enteId))];
      const provinces = [...new Set(ctx.actor.memberships.filter((m) => PROVINCE_TYPES.has(m.enteType) && (m.role === 'sape_operator' || m.role === 'ente_admin')).map((m) => m.enteId))];
      const { items, total } = await repo.listProjects(db, { entes, provinces, today: romeDate(now()) }, q);
      return {
        items: items.map(({ p, lead }) => ({
          id: p.id,
          title: p.title,
          state: p.state as ProjectState,
          leadEnte: lead,
          callId: p.callId,
          cup: p.cup,
          budget: Number(p.budget),
          grantedAmount: euro(p.grantedAmount),
          updatedAt: p.updatedAt.toISOString(),
        })),
        total,
      };
    },
    async getProject(ctx: RequestContext, id: string) {
      const { p } = await readableProject(ctx, id);
      return projectDetail(ctx, p);
    },
    async createProject(ctx: RequestContext, input: ProjectCreate) {
      if (!ctx.actor) throw unauthenticated();
      const actor = ctx.actor;
      const lead = await enteById(db, input.leadEnteId);
      const provinciaId = lead ? (PROVINCE_TYPES.has(lead.type) ? lead.id : lead.parentId) : null;
      const servedBySape = !!lead && !!provinciaId && (await repo.sapeServes(db, provinciaId, lead.id, romeDate(now())));
      if (!lead || !can(actor, { type: 'project.create', leadEnteId: lead.id, leadEnteType: lead.type, provinciaId, servedBySape })) {
        throw invalid([issue('body.leadEnteId', 'You cannot create projects for this ente')]);
      }
      const { values, partners } = await projectValues(input, lead.id);
      const row = await db.transaction(async (tx) => {
        const p = await repo.insertProject(tx, { ...values, leadEnteId: lead.id, provinciaId, createdBy: actor.userId });
        await repo.replacePartners(tx, p.id, partners);
        await repo.addStep(tx, { projectId: p.id, state: 'idea', date: romeDate(now()), actorId: actor.userId });
        await audit.record(tx, ctx, { action: 'eu_funding.project_create', entityType: PROJECT_RECORD, entityId: p.id, enteId: lead.id, changes: { title: p.title, partners: partners.length } });
        await publishReporting(tx, p, await projectFacts(tx, p));
        await indexProject(tx, p);
        return p;
      });
      return projectDetail(ctx, row);
    },
    async updateProject(ctx: RequestContext, id: string, input: ProjectUpdate) {
      const { p } = await editableProject(ctx, id);
      const { values, partners } = await projectValues(input, p.leadEnteId);
      const row = await db.transaction(async (tx) => {
        const r = await repo.updateProject(tx, id, input.version, values);
        if (!r) throw conflict();
        await repo.replacePartners(tx, id, partners);
        await audit.record(tx, ctx, { action: 'eu_funding.project_update', entityType: PROJECT_RECORD, entityId: id, enteId: p.leadEnteId, changes: { budget: values.budget, partners: partners.length } });
        await publishReporting(tx, r, await projectFacts(tx, r));
        await indexProject(tx, r);
        return r;
      });
      return projectDetail(ctx, row);
    },
    async transition(ctx: RequestContext, id: string, t: ProjectTransition) {
      const { p } = await editableProject(ctx, id);
      if (p.version !== t.version) throw conflict();
      const steps = await repo.steps(db, id);
      const claims = await repo.claims(db, id);
      const cup = t.cup ?? p.cup;
      const issues = guard({
        from: p.state as ProjectState,
        to: t.to,
        date: t.date,
        lastStepDate: steps.length > 0 ? steps[steps.length - 1]!.date : null,
        callId: p.callId,
        budget: p.budgetLines,
        cofinancing: p.cofinancing,
        decreeRef: t.decreeRef ?? p.decreeRef,
        grantedAmount: t.grantedAmount ?? p.grantedAmount,
        cup,
        procurementProcedureId: p.procurementProcedureId,
        claims: claims.length,
      });
      if (issues.length > 0) {
        const first = issues[0]!;
        if (first.code === 'transition_not_allowed') throw new AppError(409, 'transition_not_allowed', first.message);
        throw badRequest('guard_failed', 'The step cannot be taken yet', { issues: issues.map((i) => ({ path: `body.${i.path}`, code: i.code, message: i.message })) });
      }
      const row = await db.transaction(async (tx) => {
        const r = await repo.updateProject(tx, id, t.version, {
          state: t.to,
          stateChangedAt: now(),
          ...(t.decreeRef ? { decreeRef: t.decreeRef } : {}),
          ...(typeof t.grantedAmount === 'number' ? { grantedAmount: money(t.grantedAmount) } : {}),
          ...(t.to === 'cup' ? { cup } : {}),
          ...(t.to === 'esecuzione' && !p.startedOn ? { startedOn: t.date } : {}),
        });
        if (!r) throw conflict();
        await repo.addStep(tx, { projectId: id, state: t.to, date: t.date, note: t.note ?? null, documentId: t.documentId ?? null, actorId: ctx.actor!.userId });
        await audit.record(tx, ctx, { action: 'eu_funding.project_transition', entityType: PROJECT_RECORD, entityId: id, enteId: p.leadEnteId, changes: { from: p.state, to: t.to, date: t.date } });
        await indexProject(tx, r);
        return r;
      });
      return projectDetail(ctx, row);
    },
    /** Links the SUA procedure that buys for the project, read through the procurement service, with its CIG. */
    async linkProcurement(ctx: RequestContext, id: string, procedureId: string, version: number) {
      const { p } = await editableProject(ctx, id);
      let proc: Awaited<ReturnType<ProcurementReader['get']>>;
      try {
        proc = await d.procurement.get(ctx, procedureId);
      } catch (err) {
        if (err instanceof AppError && (err.status === 404 || err.status === 403)) throw invalid([issue('body.procedureId', 'No procurement procedure you can read has this id')]);
        throw err;
      }
      const cig = proc.lots.map((l) => l.cig).filter((c): c is string => !!c).join(', ') || null;
      const row = await db.transaction(async (tx) => {
        const r = await repo.updateProject(tx, id, version, { procurementProcedureId: proc.id, procurementNumber: proc.number, cig });
        if (!r) throw conflict();
        await audit.record(tx, ctx, { action: 'eu_funding.project_procurement', entityType: PROJECT_RECORD, entityId: id, enteId: p.leadEnteId, changes: { procedureId, cig } });
        await indexProject(tx, r);
        return r;
      });
      return projectDetail(ctx, row);
    },
    async addExpenditure(ctx: RequestContext, id: string, input: ExpenditureInput) {
      const { p } = await editableProject(ctx, id);
      if (!FUNDED_STATES.has(p.state as ProjectState) || p.state === 'chiuso') throw new AppError(409, 'not_funded', 'Expenditures are reported once the project is funded and until it is closed');
      if (input.paidOn && input.paidOn < input.date) throw invalid([issue('body.paidOn', 'Paid before the date of the document')]);
      await db.transaction(async (tx) => {
        const e = await repo.insertExpenditure(tx, {
          projectId: id,
          documentRef: input.documentRef,
          documentId: input.documentId ?? null,
          date: input.date,
          amount: money(input.amount),
          eligible: input.eligible,
          paidOn: input.paidOn ?? null,
          category: input.category,
          salNumber: input.salNumber ?? null,
        });
        await repo.touchProject(tx, id);
        // the audience follows the registry: a SAPE convention signed or ended since the last change
        await indexProject(tx, p);
        await audit.record(tx, ctx, { action: 'eu_funding.expenditure_add', entityType: PROJECT_RECORD, entityId: id, enteId: p.leadEnteId, changes: { expenditureId: e.id, amount: e.amount, eligible: e.eligible } });
      });
      return projectDetail(ctx, (await repo.findProject(db, id))!);
    },
    /** A payment claim (domanda di rimborso) grouping eligible, not yet claimed expenditures. */
    async createClaim(ctx: RequestContext, id: string, input: ClaimCreate) {
      const { p } = await editableProject(ctx, id);
      if (!FUNDED_STATES.has(p.state as ProjectState) || p.state === 'chiuso') throw new AppError(409, 'not_funded', 'Claims are made once the project is funded and until it is closed');
      const exps = await repo.expenditures(db, id);
      const { cents, issues } = claimAmount(input.expenditureIds, new Map(exps.map((e) => [e.id, e])));
      if (issues.length > 0) throw invalid(issues.map((i) => issue(`body.${i.path}`, i.message)));
      await db.transaction(async (tx) => {
        const c = await repo.insertClaim(tx, { projectId: id, kind: input.kind, submittedOn: input.submittedOn, amount: centsToDecimal(cents) });
        await repo.assignClaim(tx, c.id, input.expenditureIds);
        await repo.touchProject(tx, id);
        // the audience follows the registry: a SAPE convention signed or ended since the last change
        await indexProject(tx, p);
        await audit.record(tx, ctx, { action: 'eu_funding.claim_create', entityType: PROJECT_RECORD, entityId: id, enteId: p.leadEnteId, changes: { claimId: c.id, amount: c.amount } });
      });
      return projectDetail(ctx, (await repo.findProject(db, id))!);
    },
    async recordReceipt(ctx: RequestContext, id: string, claimId: string, receivedOn: string, amount: number) {
      const { p } = await editableProject(ctx, id);
      const claim = (await repo.claims(db, id)).find((c) => c.id === claimId);
      if (!claim) throw notFound('Claim');
      if (toCents(amount) > toCents(claim.amount)) throw invalid([issue('body.amount', 'More than the amount claimed')]);
      if (receivedOn < claim.submittedOn) throw invalid([issue('body.receivedOn', 'Received before the claim was submitted')]);
      await db.transaction(async (tx) => {
        await repo.setReceipt(tx, claimId, receivedOn, money(amount));
        await repo.touchProject(tx, id);
        // the audience follows the registry: a SAPE convention signed or ended since the last change
        await indexProject(tx, p);
        await audit.record(tx, ctx, { action: 'eu_funding.claim_receipt', entityType: PROJECT_RECORD, entityId: id, enteId: p.leadEnteId, changes: { claimId, amount } });
      });
      return projectDetail(ctx, (await repo.findProject(db, id))!);
    },
    /** The statement of a claim: its expenditures, one line each, and the total (CSV, `;`-separated, Italian decimals). */
    async claimStatementCsv(ctx: RequestContext, id: string, claimId: string): Promise<{ filename: string; csv: string }> {
      const { p } = await readableProject(ctx, id);
      const { claim, exps, total } = await statementOf(id, claimId);
      const it = (v: string) => v.replace('.', ',');
      const rows = exps.map((e) => [p.cup ?? '', claim.number, e.documentRef, e.date, e.category, e.salNumber ?? '', it(e.amount), e.paidOn ?? '']);
      const csv = stringify([...rows, ['', '', 'TOTALE', '', '', '', it(total), '']], {
        header: true,
        columns: ['CUP', 'DOMANDA', 'GIUSTIFICATIVO', 'DATA', 'CATEGORIA', 'SAL', 'IMPORTO', 'PAGATO_IL'],
        delimiter: ';',
      });
      return { filename: `domanda-${claim.number}-${p.cup ?? p.id}.csv`, csv: `\uFEFF${csv}` };
    },
    /**
     * The statement of a claim as a document of the project (documents service): a DOCX, and its PDF/A-2b as the
     * next version when LibreOffice is installed. Made by those who may edit the project.
     */
    async claimStatementDocument(ctx: RequestContext, id: string, claimId: string): Promise<{ documentId: string; version: number; mediaType: string; pdfA: boolean }> {
      const { p } = await editableProject(ctx, id);
      const { claim, exps, total } = await statementOf(id, claimId);
      const lead = await enteById(db, p.leadEnteId);
      const eur = (v: string) => `€ ${Number(v).toLocaleString('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      const it = (d: string | null) => (d ? d.split('-').reverse().join('/') : '—');
      const paragraphs = [
        `Rendiconto della domanda di rimborso n. ${claim.number}`,
        `Progetto: ${p.title}`,
        `Ente capofila: ${lead?.name ?? ''}`,
        `CUP: ${p.cup ?? '—'}`,
        `Tipo di domanda: ${claim.kind} — presentata il ${it(claim.submittedOn)} — importo richiesto ${eur(claim.amount)}`,
        '',
        'Giustificativi di spesa (giustificativo; data; categoria; SAL; importo; pagato il):',
        ...exps.map((e, i) => `${i + 1}. ${e.documentRef}; ${it(e.date)}; ${e.category}; ${e.salNumber ?? '—'}; ${eur(e.amount)}; ${it(e.paidOn)}`),
        '',
        `Totale: ${eur(total)}`,
        ...(claim.receivedOn ? [`Incassato il ${it(claim.receivedOn)}: ${eur(claim.receivedAmount ?? '0')}`] : []),
        `Generato il ${it(romeDate(now()))}`,
      ];
      const base = `rendiconto-domanda-${claim.number}-${p.cup ?? p.id}`;
      const docx = simpleDocx(paragraphs);
      const files: { bytes: Uint8Array; fileName: string; mediaType: string }[] = [{ bytes: docx, fileName: `${base}.docx`, mediaType: DOCX }];
      if (d.office.sofficePath) {
        let pdf: Buffer;
        try {
          pdf = await d.office.toPdfA(docx, `${base}.docx`);
        } catch (err) {
          throw new AppError(503, 'pdf_unavailable', `The statement could not be converted to PDF/A: ${(err as Error).message}`);
        }
        files.push({ bytes: pdf, fileName: `${base}.pdf`, mediaType: 'application/pdf' });
      }
      const doc = await d.documents.createFromFiles(ctx, { ownerType: PROJECT_RECORD, ownerId: p.id, title: `Rendiconto domanda di rimborso n. ${claim.number}` }, files, { claimId, statement: true });
      return { documentId: doc.id, version: doc.version, mediaType: doc.mediaType, pdfA: files.length > 1 };
    },

    /**
     * The services of the SAPE office serving the caller's Comune (or a given ente of theirs): those its Province
     * published, each requested through the service-request system under its category and open to the Comune when it
     * needs no convention or the Comune is party to its convention in force; when the Province published none, the SAPE
     * categories of the service-request system.
     */
    async services(ctx: RequestContext, q: { enteId?: string; lang: 'it' | 'en' }): Promise<SapeServices> {
      if (!ctx.actor) throw unauthenticated();
      const enteId = q.enteId ?? ctx.actor.memberships.find((m) => m.id === ctx.actor!.activeMembershipId)?.enteId ?? ctx.actor.memberships[0]?.enteId;
      if (enteId && !ctx.actor.memberships.some((m) => m.enteId === enteId)) throw forbidden();
      const ente = enteId ? await enteById(db, enteId) : null;
      const provinciaId = ente ? (PROVINCE_TYPES.has(ente.type) ? ente.id : ente.parentId) : null;
      const provincia = provinciaId ? await enteById(db, provinciaId) : null;
      const today = romeDate(now());
      const adherents = provincia ? await repo.sapeAdherents(db, provincia.id, today) : [];
      const { items } = await d.requests.listCategories(ctx, { service: 'sape' });
      const categories = new Map(items.filter((c) => c.active).map((c) => [c.id, c]));
      const name = (c: { nameIt: string; nameEn: string }) => (q.lang === 'en' ? c.nameEn : c.nameIt);
      const published = provincia ? (await repo.sapeServices(db, provincia.id, true)).filter((r) => categories.has(r.s.categoryId)) : [];
      const party = ente ? await repo.partyTo(db, ente.id, published.flatMap((r) => (r.convention ? [r.convention.id] : []))) : new Set<string>();
      const base = { provincia: provincia ? { id: provincia.id, name: provincia.name } : null, adheres: !!ente && adherents.includes(ente.id), adheringComuni: adherents.length };
      if (published.length === 0) {
        return {
          ...base,
          source: 'catalogue',
          services: [...categories.values()].map((c) => ({
            id: c.id,
            categoryId: c.id,
            code: c.code,
            name: name(c),
            title: name(c),
            description: q.lang === 'en' ? c.descriptionEn : c.descriptionIt,
            serviceLevel: null,
            firstResponseHours: c.firstResponseHours,
            resolutionDays: c.resolutionDays,
            convention: null,
            adheres: base.adheres,
          })),
        };
      }
      return {
        ...base,
        source: 'provincia',
        services: published.map(({ s: x, convention: conv }) => {
          const c = categories.get(x.categoryId)!;
          return {
            id: x.id,
            categoryId: c.id,
            code: c.code,
            name: name(c),
            title: x.title,
            description: x.description,
            serviceLevel: x.serviceLevel,
            firstResponseHours: c.firstResponseHours,
            resolutionDays: c.resolutionDays,
            convention: conv ? { id: conv.id, title: conv.title } : null,
            adheres: !!ente && (conv ? inForce(conv, today) && party.has(conv.id) : ente.id === provincia!.id || ente.parentId === provincia!.id),
          };
        }),
      };
    },

    /** Every service of the Province's SAPE (drafts too) and the choices of its form: for its SAPE officers. */
    async adminServices(ctx: RequestContext, provinciaId: string, lang: 'it' | 'en'): Promise<SapeServiceAdmin> {
      requireOffice(ctx, provinciaId);
      const provincia = await enteById(db, provinciaId);
      if (!provincia) throw notFound('Province');
      const today = romeDate(now());
      const [{ items }, rows, convs] = await Promise.all([d.requests.listCategories(ctx, { service: 'sape' }), repo.sapeServices(db, provinciaId, false), repo.sapeConventionsOf(db, provinciaId)]);
      const categories = new Map(items.map((c) => [c.id, c]));
      return {
        provincia: { id: provincia.id, name: provincia.name },
        items: rows.map((r) => presentSapeService(r.s, r.convention, categories, lang, today)),
        categories: items.filter((c) => c.active).map((c) => ({ id: c.id, code: c.code, name: lang === 'en' ? c.nameEn : c.nameIt })),
        conventions: convs.map((c) => ({ id: c.id, title: c.title, inForce: inForce(c, today) })),
      };
    },
    async createSapeService(ctx: RequestContext, provinciaId: string, input: SapeServiceInput): Promise<SapeService> {
      requireOffice(ctx, provinciaId);
      await checkSapeService(ctx, provinciaId, input);
      const row = await db.transaction(async (tx) => {
        const r = await repo.insertSapeService(tx, { provinciaId, ...input });
        await audit.record(tx, ctx, { action: 'eu_funding.sape_service_create', entityType: 'eu_sape_service', entityId: r.id, enteId: provinciaId, changes: input });
        return r;
      });
      return sapeServiceOf(ctx, row);
    },
    async updateSapeService(ctx: RequestContext, provinciaId: string, serviceId: string, input: SapeServiceUpdate): Promise<SapeService> {
      requireOffice(ctx, provinciaId);
      const current = await repo.findSapeService(db, serviceId);
      if (!current || current.provinciaId !== provinciaId) throw notFound('SAPE service');
      const { version, ...values } = input;
      await checkSapeService(ctx, provinciaId, values);
      const row = await db.transaction(async (tx) => {
        const r = await repo.updateSapeService(tx, serviceId, version, values);
        if (!r) throw conflict();
        await audit.record(tx, ctx, { action: 'eu_funding.sape_service_update', entityType: 'eu_sape_service', entityId: r.id, enteId: provinciaId, changes: values });
        return r;
      });
      return sapeServiceOf(ctx, row);
    },

    // ---------------------------------------------------------- territory and office
    async territory(ctx: RequestContext, q: { provinciaId?: string; year?: number }): Promise<Territory> {
      if (!ctx.actor) throw unauthenticated();
      const provinciaId = q.provinciaId ?? null;
      if (!can(ctx.actor, { type: 'territory.read', provinciaId })) throw forbidden();
      const year = q.year ?? Number(romeDate(now()).slice(0, 4));
      const office = await repo.officeYears(db, provinciaId, year);
      const officeTotals = {
        supportHours: office.reduce((s, o) => s + o.supportHours, 0),
        costs: sumCents(office.map((o) => o.costs)),
        fees: sumCents(office.map((o) => o.fees)),
      };
      type Acc = { enteId: string; name: string; istatCode: string | null; population: number | null; adheres: boolean; byState: Record<string, number>; projects: number; requested: number; obtained: number; spent: number; funded: number; rejected: number };
      const acc = new Map<string, Acc>();
      const add = (id: string, base: Omit<Acc, 'byState' | 'projects' | 'requested' | 'obtained' | 'spent' | 'funded' | 'rejected'>, state: string | null, n: number, requested: string | null, obtained: string | null) => {
        const a = acc.get(id) ?? { ...base, byState: {}, projects: 0, requested: 0, obtained: 0, spent: 0, funded: 0, rejected: 0 };
        if (state && n > 0) {
          a.byState[state] = (a.byState[state] ?? 0) + n;
          a.projects += n;
          if (state !== 'idea') a.requested += toCents(requested ?? '0');
          a.obtained += toCents(obtained ?? '0');
          if (isFunded(state)) a.funded += n;
          if (state === 'respinto') a.rejected += n;
        }
        acc.set(id, a);
      };
      let scope: 'provincia' | 'upi';
      let comuniServed = 0;
      if (provinciaId) {
        scope = 'provincia';
        const rows = await repo.territoryByComune(db, provinciaId, romeDate(now()));
        for (const r of rows) add(r.id, { enteId: r.id, name: r.name, istatCode: r.istat_code, population: r.population, adheres: r.adheres }, r.state, r.n, r.requested, r.obtained);
        for (const s of await repo.spentByComune(db, provinciaId)) {
          const a = acc.get(s.id);
          if (a) a.spent += toCents(s.spent);
        }
        comuniServed = [...acc.values()].filter((a) => a.adheres || a.projects > 0).length;
      } else {
        scope = 'upi';
        const rows = await repo.territoryByProvince(db);
        const spentSeen = new Set<string>();
        for (const r of rows) {
          add(r.id, { enteId: r.id, name: r.name, istatCode: r.istat_code, population: r.population, adheres: true }, r.state, r.n, r.requested, r.obtained);
          if (!spentSeen.has(r.id)) {
            spentSeen.add(r.id);
            acc.get(r.id)!.spent += toCents(r.spent ?? '0');
            comuniServed += r.comuni;
          }
        }
      }
      const list = [...acc.values()];
      const totals = list.reduce(
        (t, a) => {
          for (const [k, v] of Object.entries(a.byState)) t.byState[k] = (t.byState[k] ?? 0) + v;
          return { ...t, projects: t.projects + a.projects, requested: t.requested + a.requested, obtained: t.obtained + a.obtained, spent: t.spent + a.spent, funded: t.funded + a.funded, rejected: t.rejected + a.rejected };
        },
        { byState: {} as Record<string, number>, projects: 0, requested: 0, obtained: 0, spent: 0, funded: 0, rejected: 0 },
      );
      return {
        scope,
        rows: list.map((a) => ({
          enteId: a.enteId,
          name: a.name,
          istatCode: a.istatCode,
          population: a.population,
          adheres: a.adheres,
          projects: a.projects,
          byState: a.byState,
          requested: centsToEuro(a.requested),
          obtained: centsToEuro(a.obtained),
          spent: centsToEuro(a.spent),
          obtainedPerInhabitant: a.population ? Math.round(a.obtained / a.population) / 100 : null,
          successRate: successRate(a.funded, a.rejected),
        })),
        totals: {
          comuniServed,
          projects: totals.projects,
          byState: totals.byState,
          requested: centsToEuro(totals.requested),
          obtained: centsToEuro(totals.obtained),
          spent: centsToEuro(totals.spent),
          successRate: successRate(totals.funded, totals.rejected),
          supportHours: officeTotals.supportHours,
          costs: centsToEuro(officeTotals.costs),
          fees: centsToEuro(officeTotals.fees),
          costPerEuroAttracted: totals.obtained > 0 ? Math.round((officeTotals.costs / totals.obtained) * 10_000) / 10_000 : null,
        },
      };
    },
    async setOfficeYear(ctx: RequestContext, provinciaId: string, input: OfficeYear) {
      if (!ctx.actor) throw unauthenticated();
      if (!can(ctx.actor, { type: 'office.write', provinciaId })) throw forbidden();
      await db.transaction(async (tx) => {
        await repo.setOfficeYear(tx, { provinciaId, year: input.year, staffFte: input.staffFte.toFixed(2), costs: money(input.costs), fees: money(input.fees), supportHours: input.supportHours });
        await audit.record(tx, ctx, { action: 'eu_funding.office_year', entityType: 'eu_office_year', entityId: provinciaId, enteId: provinciaId, changes: input });
      });
      return input;
    },

    // ---------------------------------------------------------- open data
    /** Projects with a CUP in a layout aligned to OpenCoesione's `progetti` columns (CUP as the key). */
    async openDataCsv(): Promise<string> {
      const rows = await repo.openDataProjects(db);
      const paid = await repo.paymentsByProject(db, rows.map((r) => r.p.id));
      const ymd = (d: string | null | undefined) => (d ? d.replaceAll('-', '') : '');
      const today = ymd(romeDate(now()));
      const lines = rows.map(({ p, lead }) => {
        const by = (src: string) => centsToDecimal(sumCents(p.cofinancing.filter((c) => c.source === src).map((c) => c.amount)));
        const publicTotal = centsToDecimal(sumCents(p.cofinancing.filter((c) => c.source !== 'privato').map((c) => c.amount)));
        return [
          p.cup,
          p.id,
          p.title,
          ocStato(p.state),
          ocProcedurale(p.state),
          ymd(p.startedOn),
          by('ue'),
          by('stato'),
          by('regione'),
          by('provincia'),
          by('comune'),
          by('privato'),
          publicTotal,
          paid.get(p.id) ?? '0.00',
          lead.istatCode ?? '',
          lead.name,
          today,
        ];
      });
      return stringify(lines, {
        header: true,
        delimiter: ';',
        columns: [
          'CUP',
          'COD_LOCALE_PROGETTO',
          'OC_TITOLO_PROGETTO',
          'OC_STATO_PROGETTO',
          'OC_STATO_PROCEDURALE',
          'OC_DATA_INIZIO_PROGETTO',
          'FINANZ_UE',
          'FINANZ_STATO_FSC',
          'FINANZ_REGIONE',
          'FINANZ_PROVINCIA',
          'FINANZ_COMUNE',
          'FINANZ_PRIVATO',
          'FINANZ_TOTALE_PUBBLICO',
          'TOT_PAGAMENTI',
          'COD_COMUNE',
          'DEN_COMUNE',
          'DATA_AGGIORNAMENTO',
        ],
      });
    },
  };
}
export type EuFundingService = ReturnType<typeof createEuFundingService>;

/** OC_STATO_PROGETTO of a life-cycle state. */
export function ocStato(s: string): string {
  if (s === 'chiuso') return 'Concluso';
  if (s === 'saldo') return 'Liquidato';
  if (['esecuzione', 'conclusione', 'verifica', 'affidamento'].includes(s)) return 'In corso';
  return 'Non avviato';
}
/** OC_STATO_PROCEDURALE of a life-cycle state. */
export function ocProcedurale(s: string): string {
  if (s === 'affidamento') return 'In affidamento';
  if (s === 'esecuzione') return 'In esecuzione';
  if (['conclusione', 'verifica', 'saldo', 'chiuso'].includes(s)) return 'Eseguito';
  return 'Non avviato';
}

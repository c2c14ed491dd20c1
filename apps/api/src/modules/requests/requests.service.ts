import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@app/db';
import type {
  RequestCategoryCreate,
  RequestCategoryUpdate,
  RequestClose,
  RequestCreate,
  RequestDashboard,
  RequestDetail,
  RequestSla,
  RequestState,
  RequestStatsRow,
  RequestSummary,
  RequestTransition,
  Service,
} from '@app/contracts';
import { Services } from '@app/contracts';
import { stringify } from 'csv-stringify/sync';
import type { RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import type { JobQueue } from '../../lib/jobs.js';
import { audience, type CommentEvent, type RecordRegistry } from '../../lib/records.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { SearchService } from '../search/search.service.js';
import { can, operates, operatorRole, speaksFor, type RequestFacts } from './requests.policy.js';
import type { CategoryRow, EnteRow, QueueScope, RequestRow, RequestsRepository } from './requests.repository.js';
import {
  AUTO_CLOSE_WORKING_DAYS,
  OPERATOR_TARGETS,
  REOPEN_WORKING_DAYS,
  allowedTransitions,
  answersRequester,
  assertTransition,
  canReassign,
} from './requests.workflow.js';
import { addWorkingDays, addWorkingHours, addWorkingMinutes, clockStatus, romeParts, romeToUtc, workingMinutesBetween, WORKING_DAY_MINUTES } from './sla.js';

export interface RequestsDeps {
  db: Db;
  repo: RequestsRepository;
  audit: AuditService;
  records: RecordRegistry;
  notifications: NotificationsService;
  search: SearchService;
  jobs: JobQueue;
  /** Current time (tests move it). */
  now?: () => Date;
}

export const RECORD_TYPE = 'service_request';
export const SWEEP_QUEUE = 'requests.sla-sweep';
/** The service-level sweep runs every 15 minutes. */
export const SWEEP_PERIOD_MS = 15 * 60_000;
const SYSTEM: RequestContext = { actor: null, requestId: 'system' };
const PROVINCE_TYPES = new Set(['provincia', 'citta_metropolitana']);
const CLOSED_STATES = new Set<RequestState>(['resolved', 'closed']);
/** States in which the resolution clock runs. */
const RESOLUTION_RUNNING = new Set<RequestState>(['new', 'assigned', 'in_progress', 'reopened']);

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const invalid = (path: string, message: string) => badRequest('validation_failed', 'Invalid input', { issues: [{ path, message }] });
const round1 = (n: number) => Math.round(n * 10) / 10;
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const SERVICE_NAMES: Record<Service, { it: string; en: string }> = {
  sua: { it: 'Stazione Unica Appaltante', en: 'Central purchasing body' },
  sape: { it: 'Servizio Associato Politiche Europee', en: 'EU policies service' },
  sit: { it: 'Servizio Innovazione Tecnologica', en: 'Technology innovation service' },
};
const STATE_NAMES: Record<RequestState, { it: string; en: string }> = {
  new: { it: 'nuova', en: 'new' },
  assigned: { it: 'assegnata', en: 'assigned' },
  in_progress: { it: 'in lavorazione', en: 'in progress' },
  waiting_requester: { it: 'in attesa del richiedente', en: 'waiting for the requester' },
  resolved: { it: 'risolta', en: 'resolved' },
  closed: { it: 'chiusa', en: 'closed' },
  reopened: { it: 'riaperta', en: 'reopened' },
};

/** The service-level clocks of a request at a time. */
export function slaOf(r: RequestRow, now: Date): RequestSla {
  const state = r.state as RequestState;
  const resolutionDone = CLOSED_STATES.has(state) ? r.resolvedAt : null;
  return {
    firstResponse: {
      due: r.firstResponseDue.toISOString(),
      at: iso(r.firstResponseAt),
      status: clockStatus(r.createdAt, r.firstResponseDue, r.firstResponseAt, now),
    },
    resolution: {
      due: r.resolutionDue.toISOString(),
      at: iso(resolutionDone),
      // while waiting for the requester the clock stands still where it stopped
      status: clockStatus(r.createdAt, r.resolutionDue, resolutionDone, r.waitingSince ?? now),
    },
    paused: state === 'waiting_requester',
  };
}

export function createRequestsService(d: RequestsDeps) {
  const { db, repo, audit, records, notifications, search, jobs } = d;
  const now = d.now ?? (() => new Date());

  const facts = (r: RequestRow): RequestFacts => ({ requesterEnteId: r.requesterEnteId, provinciaId: r.provinciaId, service: r.service as Service });
  const url = (id: string) => `/assistenza/${id}`;
  const audienceOf = (r: Pick<RequestRow, 'requesterEnteId' | 'provinciaId' | 'service'>) => [
    audience.ente(r.requesterEnteId),
    audience.enteRole(r.provinciaId, operatorRole(r.service as Service)),
    audience.enteRole(r.provinciaId, 'ente_admin'),
  ];
  const operatorsOf = (tx: DbOrTx, r: Pick<RequestRow, 'provinciaId' | 'service'>) =>
    repo.membersWithRoles(tx, r.provinciaId, [operatorRole(r.service as Service), 'ente_admin']);

  /** The queues an actor works: per Province, the services they operate. */
  function queuesOf(ctx: RequestContext): QueueScope[] {
    const byEnte = new Map<string, Set<string>>();
    for (const m of ctx.actor?.memberships ?? []) {
      const services = m.role === 'ente_admin' && PROVINCE_TYPES.has(m.enteType) ? [...Services] : Services.filter((s) => m.role === operatorRole(s));
      if (!services.length) continue;
      const set = byEnte.get(m.enteId) ?? new Set<string>();
      services.forEach((s) => set.add(s));
      byEnte.set(m.enteId, set);
    }
    return [...byEnte].map(([provinciaId, s]) => ({ provinciaId, services: [...s] }));
  }

  // ------------------------------------------------------------ presenters

  const enteRef = (e: EnteRow) => ({ id: e.id, istatCode: e.istatCode, name: e.name, type: e.type as RequestSummary['provincia']['type'] });
  const presentCategory = (c: CategoryRow) => ({ ...c, service: c.service as Service });

  async function summaries(tx: DbOrTx, rows: RequestRow[]): Promise<RequestSummary[]> {
    const at = now();
    const [entiMap, people, catMap] = await Promise.all([
      repo.entiByIds(tx, rows.flatMap((r) => [r.requesterEnteId, r.provinciaId])),
      repo.usersByIds(tx, rows.flatMap((r) => (r.assigneeId ? [r.assigneeId] : []))),
      repo.categoriesByIds(tx, rows.map((r) => r.categoryId)),
    ]);
    return rows.map((r) => {
      const c = catMap.get(r.categoryId)!;
      return {
        id: r.id,
        number: r.number,
        service: r.service as Service,
        subject: r.subject,
        state: r.state as RequestState,
        priority: r.priority as RequestSummary['priority'],
        category: { id: c.id, nameIt: c.nameIt, nameEn: c.nameEn },
        requesterEnte: enteRef(entiMap.get(r.requesterEnteId)!),
        provincia: enteRef(entiMap.get(r.provinciaId)!),
        assignee: r.assigneeId ? (people.get(r.assigneeId) ?? null) : null,
        sla: slaOf(r, at),
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }

  async function detail(ctx: RequestContext, tx: DbOrTx, r: RequestRow): Promise<RequestDetail> {
    const [[summary], events, category, hasConvention] = await Promise.all([
      summaries(tx, [r]),
      repo.eventsOf(tx, r.id),
      repo.findCategory(tx, r.categoryId),
      repo.hasConvention(tx, r.requesterEnteId, r.provinciaId, r.service),
    ]);
    const operator = operates(ctx.actor, r.provinciaId, r.service as Service);
    const requester = speaksFor(ctx.actor, r.requesterEnteId);
    const people = await repo.usersByIds(tx, [r.requesterId, ...events.flatMap((e) => (e.actorId ? [e.actorId] : []))]);
    const state = r.state as RequestState;
    return {
      ...summary!,
      description: r.description,
      requester: people.get(r.requesterId) ?? { id: r.requesterId, displayName: '' },
      category: presentCategory(category!),
      rating: r.rating,
      ratingComment: r.ratingComment,
      resolvedAt: iso(r.resolvedAt),
      closedAt: iso(r.closedAt),
      hasConvention,
      isDemo: r.isDemo,
      version: r.version,
      events: events.map((e) => ({
        id: e.id,
        kind: e.kind as 'state' | 'assignment' | 'rating',
        fromState: e.fromState,
        toState: e.toState,
        note: e.note,
        actor: e.actorId ? (people.get(e.actorId) ?? null) : null,
        at: e.at.toISOString(),
      })),
      // closing needs a rating: it has its own form
      allowed: allowedTransitions(state, { operator, requester }).filter((s) => s !== 'closed' && !(s === 'reopened' && state === 'closed' && !reopenable(r))),
      canAssign: operator && canReassign(state),
      canRate: requester && state === 'resolved',
      assignable: operator ? await operatorsOf(tx, r) : [],
    };
  }

  const reopenable = (r: RequestRow) => !r.closedAt || now().getTime() <= addWorkingDays(r.closedAt, REOPEN_WORKING_DAYS).getTime();

  // ------------------------------------------------------------ helpers

  /** The request if the actor may see it; 404 otherwise (its existence is not revealed). */
  async function readable(ctx: RequestContext, tx: DbOrTx, id: string, lock = false): Promise<RequestRow> {
    if (!ctx.actor) throw unauthenticated();
    const r = lock ? await repo.lockRequest(tx, id) : await repo.findRequest(tx, id);
    if (!r || !can(ctx.actor, { type: 'request.read', ...facts(r) })) throw notFound('request');
    return r;
  }
  const checkVersion = (r: RequestRow, version: number) => {
    if (r.version !== version) throw conflict();
  };

  /** A request as the global search shows it, to those who may read it. */
  const searchEntryOf = (
    r: Pick<RequestRow, 'id' | 'number' | 'subject' | 'description' | 'requesterEnteId' | 'provinciaId' | 'service'>,
  ) => ({
    kind: 'request',
    refId: r.id,
    ownerType: RECORD_TYPE,
    ownerId: r.id,
    title: `${r.number} — ${r.subject}`,
    body: r.description,
    url: url(r.id),
    enteId: r.requesterEnteId,
    audience: audienceOf(r),
  });
  async function indexRequest(tx: DbOrTx, r: RequestRow): Promise<void> {
    await search.upsert(tx, searchEntryOf(r));
  }

  /** Tells the requester that the state changed. */
  async function stateChanged(tx: DbOrTx, ctx: RequestContext, r: RequestRow, from: RequestState, note?: string | null) {
    await notifications.publish(tx, {
      type: 'requests.state_changed',
      recipients: [r.requesterId],
      actorId: ctx.actor?.userId ?? null,
      record: { type: RECORD_TYPE, id: r.id },
      url: url(r.id),
      params: { number: r.number, subject: r.subject, from, to: r.state, note: note ?? '' },
    });
  }

  /** The resolution due date pushed by the working time spent waiting for the requester. */
  const resumeFields = (r: RequestRow, at: Date) =>
    r.waitingSince
      ? { resolutionDue: addWorkingMinutes(r.resolutionDue, workingMinutesBetween(r.waitingSince, at)), waitingSince: null, slaAlerts: r.slaAlerts.filter((a) => !a.startsWith('resolution_')) }
      : {};

  // ------------------------------------------------------------ notifications, records, search, jobs

  const t2 = (it: string, en: string) => ({ it, en });
  const fmt = (v: unknown, locale: 'it' | 'en') =>
    new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' }).format(new Date(String(v)));
  notifications.defineEvent('requests.created', {
    module: 'requests',
    label: t2('Nuova richiesta di assistenza al mio servizio', 'New assistance request to my service'),
    defaults: { inApp: true, email: 'immediate' },
    render: (p, l) => ({
      title: l === 'it' ? `Nuova richiesta ${String(p.number)}` : `New request ${String(p.number)}`,
      body: `${String(p.ente)}: ${String(p.subject)}`,
    }),
  });
  notifications.defineEvent('requests.assigned', {
    module: 'requests',
    label: t2('Richiesta di assistenza assegnata a me', 'Assistance request assigned to me'),
    defaults: { inApp: true, email: 'immediate' },
    render: (p, l) => ({
      title: l === 'it' ? `Ti è stata assegnata la richiesta ${String(p.number)}` : `Request ${String(p.number)} was assigned to you`,
      body: String(p.subject),
    }),
  });
  notifications.defineEvent('requests.state_changed', {
    module: 'requests',
    label: t2('Avanzamento delle mie richieste di assistenza', 'Progress of my assistance requests'),
    defaults: { inApp: true, email: 'immediate' },
    render: (p, l) => {
      const to = STATE_NAMES[p.to as RequestState]?.[l] ?? String(p.to);
      return {
        title: l === 'it' ? `La richiesta ${String(p.number)} è ${to}` : `Request ${String(p.number)} is ${to}`,
        body: [String(p.subject), String(p.note ?? '')].filter(Boolean).join('\n'),
      };
    },
  });
  notifications.defineEvent('requests.sla_warning', {
    module: 'requests',
    label: t2('Scadenze dei livelli di servizio delle richieste', 'Service level deadlines of requests'),
    defaults: { inApp: true, email: 'immediate' },
    render: (p, l) => {
      const clock = p.clock === 'first_response' ? (l === 'it' ? 'prima risposta' : 'first response') : l === 'it' ? 'risoluzione' : 'resolution';
      const breach = p.level === 'breach';
      return {
        title:
          l === 'it'
            ? `${String(p.number)}: ${breach ? 'scaduto' : 'in scadenza'} il termine di ${clock}`
            : `${String(p.number)}: ${clock} deadline ${breach ? 'missed' : 'close'}`,
        body: `${String(p.subject)} — ${l === 'it' ? 'scadenza' : 'due'} ${fmt(p.due, l)}`,
      };
    },
  });

  records.register(RECORD_TYPE, {
    access: async (ctx, id) => {
      const r = await repo.findRequest(db, id);
      if (!r) return null;
      const operator = can(ctx.actor, { type: 'request.operate', ...facts(r) });
      return {
        enteId: r.requesterEnteId,
        read: can(ctx.actor, { type: 'request.read', ...facts(r) }),
        // the Comune's staff attach files and write in the thread as the operators do; only operators moderate
        write: operator || (can(ctx.actor, { type: 'request.respond', ...facts(r) }) && r.state !== 'closed'),
        moderate: operator,
      };
    },
    // who `request.read` admits: the members of the Comune, the Province's operators of the service and its administrator
    audience: async (tx, id) => {
      const r = await repo.findRequest(tx, id);
      return r ? audienceOf(r) : null;
    },
    describe: async (tx, id) => {
      const r = await repo.findRequest(tx, id);
      return r ? { title: `${r.number} — ${r.subject}`, url: url(id), module: 'requests' } : null;
    },
    commentable: true,
    stakeholders: async (tx, id) => {
      const r = await repo.findRequest(tx, id);
      return r ? [r.requesterId, ...(r.assigneeId ? [r.assigneeId] : [])] : [];
    },
    onComment: (tx, event, ctx) => onComment(tx, event, ctx),
  });

  /**
   * A comment in a request's thread: the first one by an operator is the first answer; the requester's reply
   * to a request waiting for them puts it back in progress (and the resolution clock restarts).
   */
  async function onComment(tx: DbOrTx, event: CommentEvent, ctx: RequestContext): Promise<void> {
    const r = await repo.lockRequest(tx, event.recordId);
    if (!r) return;
    const at = now();
    const byOperator = operates(ctx.actor, r.provinciaId, r.service as Service);
    if (byOperator && !r.firstResponseAt) {
      await repo.updateRequest(tx, r.id, null, { firstResponseAt: at });
      await audit.record(tx, ctx, { action: 'request.first_response', entityType: RECORD_TYPE, entityId: r.id, enteId: r.provinciaId, changes: { commentId: event.commentId } });
      return;
    }
    if (!byOperator && r.state === 'waiting_requester' && (event.authorId === r.requesterId || speaksFor(ctx.actor, r.requesterEnteId))) {
      const updated = (await repo.updateRequest(tx, r.id, null, { state: 'in_progress', ...resumeFields(r, at) }))!;
      await repo.insertEvent(tx, { requestId: r.id, actorId: event.authorId, kind: 'state', fromState: r.state, toState: 'in_progress', note: null, at });
      await audit.record(tx, ctx, {
        action: 'request.transition',
        entityType: RECORD_TYPE,
        entityId: r.id,
        enteId: r.provinciaId,
        changes: { from: r.state, to: 'in_progress', commentId: event.commentId, resolutionDue: updated.resolutionDue.toISOString() },
      });
      if (updated.assigneeId) {
        await notifications.publish(tx, {
          type: 'requests.state_changed',
          recipients: [updated.assigneeId],
          actorId: event.authorId,
          record: { type: RECORD_TYPE, id: r.id },
          url: url(r.id),
          params: { number: r.number, subject: r.subject, from: r.state, to: 'in_progress', note: '' },
        });
      }
    }
  }

  search.registerSource('request', async (source, emit) => {
    for (const r of await repo.allRequests(source)) await emit(source, searchEntryOf(r));
  });

  jobs.recurring(SWEEP_QUEUE, (at) => String(Math.floor(at.getTime() / SWEEP_PERIOD_MS)));
  jobs.handle(SWEEP_QUEUE, async () => {
    await service.sweep();
  });

  // ------------------------------------------------------------ service-level sweep

  /** A request left resolved, not rated, for 5 working days. */
  const autoClosable = (r: RequestRow, at: Date) =>
    r.state === 'resolved' && !!r.resolvedAt && at.getTime() >= addWorkingDays(r.resolvedAt, AUTO_CLOSE_WORKING_DAYS).getTime();

  /** The alerts a request needs now and has not had: per clock, a warning (80 %) or a breach (past due). */
  function alertsDue(r: RequestRow, at: Date) {
    const state = r.state as RequestState;
    const clocks: { clock: 'first_response' | 'resolution'; status: string; due: Date }[] = [];
    if (!r.firstResponseAt && !CLOSED_STATES.has(state)) {
      clocks.push({ clock: 'first_response', status: clockStatus(r.createdAt, r.firstResponseDue, null, at), due: r.firstResponseDue });
    }
    if (RESOLUTION_RUNNING.has(state)) {
      clocks.push({ clock: 'resolution', status: clockStatus(r.createdAt, r.resolutionDue, null, at), due: r.resolutionDue });
    }
    const sent = new Set(r.slaAlerts);
    return clocks.flatMap((c) => {
      const level = c.status === 'breached' ? ('breach' as const) : c.status === 'warning' ? ('warning' as const) : null;
      if (!level) return [];
      const key = `${c.clock}_${level}`;
      if (sent.has(key) || (level === 'warning' && sent.has(`${c.clock}_breach`))) return [];
      return [{ ...c, level, key }];
    });
  }

  // ------------------------------------------------------------ use cases

  const service = {
    // ---------------------------------------------------------- catalogue
    async listCategories(ctx: RequestContext, q: { service?: Service; includeInactive?: 'true' | 'false' }) {
      if (!ctx.actor) throw unauthenticated();
      const includeInactive = q.includeInactive === 'true' && can(ctx.actor, { type: 'categories.manage' });
      return { items: (await repo.listCategories(db, { service: q.service, includeInactive })).map(presentCategory) };
    },
    async createCategory(ctx: RequestContext, input: RequestCategoryCreate) {
      if (!ctx.actor) throw unauthenticated();
      if (!can(ctx.actor, { type: 'categories.manage' })) throw forbidden();
      return db.transaction(async (tx) => {
        const c = await repo.insertCategory(tx, { ...input, descriptionIt: input.descriptionIt ?? '', descriptionEn: input.descriptionEn ?? '', position: input.position ?? 0 });
        if (!c) throw invalid('body.code', 'Codice già usato per questo servizio');
        await audit.record(tx, ctx, { action: 'request_category.create', entityType: 'request_category', entityId: c.id, changes: input });
        return presentCategory(c);
      });
    },
    async updateCategory(ctx: RequestContext, id: string, input: RequestCategoryUpdate) {
      if (!ctx.actor) throw unauthenticated();
      if (!can(ctx.actor, { type: 'categories.manage' })) throw forbidden();
      return db.transaction(async (tx) => {
        const c = await repo.updateCategory(tx, id, input);
        if (!c) throw notFound('category');
        await audit.record(tx, ctx, { action: 'request_category.update', entityType: 'request_category', entityId: id, changes: input });
        return presentCategory(c);
      });
    },

    // ---------------------------------------------------------- requests
    async create(ctx: RequestContext, input: RequestCreate): Promise<RequestDetail> {
      if (!ctx.actor) throw unauthenticated();
      const candidates = ctx.actor.memberships.filter((m) => m.enteType === 'comune' && can(ctx.actor, { type: 'request.create', enteId: m.enteId, enteType: m.enteType }));
      const enteIds = [...new Set(candidates.map((m) => m.enteId))];
      let enteId = input.enteId;
      if (enteId && !enteIds.includes(enteId)) throw forbidden();
      if (!enteId) {
        if (enteIds.length === 0) throw forbidden();
        if (enteIds.length > 1) throw invalid('body.enteId', 'Indicare il Comune per cui si chiede assistenza');
        enteId = enteIds[0]!;
      }
      const [comune, category] = await Promise.all([
        repo.entiByIds(db, [enteId]).then((m) => m.get(enteId!)!),
        repo.findCategory(db, input.categoryId),
      ]);
      if (!comune.parentId) throw invalid('body.enteId', 'Il Comune non ha una Provincia');
      if (!category || !category.active || category.service !== input.service) {
        throw invalid('body.categoryId', 'Categoria inesistente o non di questo servizio');
      }
      // what the transaction needs is read before it, and the number is taken in a statement of its own
      // (committed at once): creations in the same Province and service do not wait for each other's
      // transactions; a creation that fails after it leaves its number unused
      const createdAt = now();
      const year = romeParts(createdAt).y;
      const [provincia, operators, n] = await Promise.all([
        repo.entiByIds(db, [comune.parentId]).then((m) => m.get(comune.parentId!)!),
        operatorsOf(db, { provinciaId: comune.parentId, service: input.service }),
        repo.nextNumber(db, comune.parentId, input.service, year),
      ]);
      const number = `${input.service.toUpperCase()}-${provincia.carPlate ?? provincia.istatCode ?? 'XX'}-${year}-${String(n).padStart(5, '0')}`;
      const r = await db.transaction(async (tx) => {
        const id = randomUUID();
        const values = {
          id,
          number,
          provinciaId: provincia.id,
          requesterEnteId: comune.id,
          requesterId: ctx.actor!.userId,
          service: input.service,
          categoryId: category.id,
          subject: input.subject,
          description: input.description,
          priority: input.priority,
          state: 'new',
          firstResponseDue: addWorkingHours(createdAt, category.firstResponseHours),
          resolutionDue: addWorkingDays(createdAt, category.resolutionDays),
          createdAt,
          updatedAt: createdAt,
        };
        const [inserted] = await Promise.all([
          repo.insertRequest(tx, values),
          repo.insertEvent(tx, {
            requestId: id,
            actorId: ctx.actor!.userId,
            kind: 'state',
            fromState: null,
            toState: 'new',
            note: null,
            at: createdAt,
          }),
          search.upsert(tx, searchEntryOf(values)),
          notifications.publish(tx, {
            type: 'requests.created',
            recipients: operators.map((u) => u.id),
            actorId: ctx.actor!.userId,
            record: { type: RECORD_TYPE, id },
            url: url(id),
            params: { number, subject: input.subject, ente: comune.name, service: SERVICE_NAMES[input.service].it },
          }),
          audit.record(tx, ctx, {
            action: 'request.create',
            entityType: RECORD_TYPE,
            entityId: id,
            enteId: comune.id,
            changes: {
              number,
              service: input.service,
              categoryId: category.id,
              subject: input.subject,
              priority: input.priority,
            },
          }),
        ]);
        return inserted;
      });
      return detail(ctx, db, r);
    },

    async get(ctx: RequestContext, id: string): Promise<RequestDetail> {
      const r = await readable(ctx, db, id);
      return detail(ctx, db, r);
    },

    async list(ctx: RequestContext, q: { view: 'mine' | 'queue'; service?: Service; state?: RequestState; sla?: 'breached' | 'due_soon'; q?: string; page: number; pageSize: number }) {
      if (!ctx.actor) throw unauthenticated();
      const at = now();
      const scope =
        q.view === 'queue'
          ? { queues: queuesOf(ctx) }
          : { requesterEntes: [...new Set(ctx.actor.memberships.filter((m) => m.enteType === 'comune').map((m) => m.enteId))] };
      if (q.view === 'queue' && scope.queues!.length === 0) throw forbidden();
      const { rows, total } = await repo.listRequests(db, {
        ...scope,
        service: q.service,
        state: q.state,
        q: q.q,
        ...(q.sla === 'breached' ? { breachedAt: at } : {}),
        ...(q.sla === 'due_soon' ? { dueSoon: { now: at, by: addWorkingHours(at, WORKING_DAY_MINUTES / 60) } } : {}),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { items: await summaries(db, rows), total };
    },

    async dashboard(ctx: RequestContext): Promise<RequestDashboard> {
      if (!ctx.actor) throw unauthenticated();
      const queues = queuesOf(ctx);
      if (!queues.length) throw forbidden();
      const at = now();
      const by = addWorkingHours(at, WORKING_DAY_MINUTES / 60);
      const base = { queues, limit: 50, offset: 0 };
      const [counts, breached, dueSoon, answered] = await Promise.all([
        repo.dashboardCounts(db, queues, ctx.actor.userId),
        repo.listRequests(db, { ...base, breachedAt: at }),
        repo.listRequests(db, { ...base, dueSoon: { now: at, by } }),
        repo.answeredSince(db, queues, new Date(at.getTime() - 30 * 86_400_000)),
      ]);
      const med = median(answered.map((a) => workingMinutesBetween(a.createdAt, a.firstResponseAt!) / 60));
      // both lists are presented together: one read of their enti, people and categories
      const presented = await summaries(db, [...dueSoon.rows, ...breached.rows]);
      return {
        counts: {
          unassigned: counts.unassigned + counts.reopened,
          assignedToMe: counts.assignedToMe,
          inProgress: counts.inProgress,
          waiting: counts.waiting,
          breached: breached.total,
          dueSoon: dueSoon.total,
        },
        medianFirstResponseHours: med === null ? null : round1(med),
        dueSoon: presented.slice(0, dueSoon.rows.length),
        breached: presented.slice(dueSoon.rows.length),
      };
    },

    async assign(ctx: RequestContext, id: string, input: { assigneeId: string; version: number }): Promise<RequestDetail> {
      return db.transaction(async (tx) => {
        const r = await readable(ctx, tx, id, true);
        if (!can(ctx.actor, { type: 'request.operate', ...facts(r) })) throw forbidden();
        const state = r.state as RequestState;
        if (!canReassign(state)) throw new AppError(409, 'invalid_transition', 'A closed request cannot be reassigned', { from: state, to: 'assigned', allowed: [] });
        checkVersion(r, input.version);
        const operators = await operatorsOf(tx, r);
        if (!operators.some((o) => o.id === input.assigneeId)) throw invalid('body.assigneeId', 'Non è un operatore del servizio');
        const at = now();
        const toAssigned = state === 'new' || state === 'reopened';
        const updated = (await repo.updateRequest(tx, id, input.version, { assigneeId: input.assigneeId, ...(toAssigned ? { state: 'assigned' } : {}) }))!;
        if (!updated) throw conflict();
        await repo.insertEvent(tx, { requestId: id, actorId: ctx.actor!.userId, kind: 'assignment', fromState: state, toState: updated.state, note: operators.find((o) => o.id === input.assigneeId)!.displayName, at });
        await audit.record(tx, ctx, { action: 'request.assign', entityType: RECORD_TYPE, entityId: id, enteId: r.provinciaId, changes: { from: r.assigneeId, to: input.assigneeId, state: updated.state } });
        await notifications.publish(tx, {
          type: 'requests.assigned',
          recipients: [input.assigneeId],
          actorId: ctx.actor!.userId,
          record: { type: RECORD_TYPE, id },
          url: url(id),
          params: { number: r.number, subject: r.subject },
        });
        if (toAssigned) await stateChanged(tx, ctx, updated, state);
        await indexRequest(tx, updated);
        return detail(ctx, tx, updated);
      });
    },

    async transition(ctx: RequestContext, id: string, input: RequestTransition): Promise<RequestDetail> {
      return db.transaction(async (tx) => {
        const r = await readable(ctx, tx, id, true);
        const from = r.state as RequestState;
        const to = input.to;
        const side = OPERATOR_TARGETS.has(to) ? 'request.operate' : 'request.respond';
        if (!can(ctx.actor, { type: side, ...facts(r) })) throw forbidden();
        assertTransition(from, to);
        checkVersion(r, input.version);
        const at = now();
        const fields: Partial<RequestRow> = { state: to };
        if (from === 'waiting_requester') Object.assign(fields, resumeFields(r, at));
        if (to === 'waiting_requester') fields.waitingSince = at;
        if (answersRequester(to) && !r.firstResponseAt) fields.firstResponseAt = at;
        // taking a request in hand without an assignee makes the operator its assignee
        if ((to === 'assigned' || to === 'in_progress') && !r.assigneeId) fields.assigneeId = ctx.actor!.userId;
        if (to === 'resolved') fields.resolvedAt = at;
        if (to === 'reopened') {
          if (!input.note) throw invalid('body.note', 'Indicare il motivo della riapertura');
          if (from === 'closed' && !reopenable(r)) {
            throw new AppError(409, 'reopen_window_expired', `A closed request can be reopened within ${REOPEN_WORKING_DAYS} working days`);
          }
          Object.assign(fields, { resolvedAt: null, closedAt: null, rating: null, ratingComment: null, ratedAt: null, slaAlerts: r.slaAlerts.filter((a) => !a.startsWith('resolution_')) });
        }
        const updated = await repo.updateRequest(tx, id, input.version, fields);
        if (!updated) throw conflict();
        await repo.insertEvent(tx, { requestId: id, actorId: ctx.actor!.userId, kind: 'state', fromState: from, toState: to, note: input.note ?? null, at });
        await audit.record(tx, ctx, { action: 'request.transition', entityType: RECORD_TYPE, entityId: id, enteId: r.provinciaId, changes: { from, to, note: input.note ?? null } });
        if (side === 'request.operate') await stateChanged(tx, ctx, updated, from, input.note);
        else if (updated.assigneeId) {
          await notifications.publish(tx, {
            type: 'requests.state_changed',
            recipients: [updated.assigneeId],
            actorId: ctx.actor!.userId,
            record: { type: RECORD_TYPE, id },
            url: url(id),
            params: { number: r.number, subject: r.subject, from, to, note: input.note ?? '' },
          });
        }
        await indexRequest(tx, updated);
        return detail(ctx, tx, updated);
      });
    },

    async close(ctx: RequestContext, id: string, input: RequestClose): Promise<RequestDetail> {
      return db.transaction(async (tx) => {
        const r = await readable(ctx, tx, id, true);
        if (!can(ctx.actor, { type: 'request.respond', ...facts(r) })) throw forbidden();
        const from = r.state as RequestState;
        assertTransition(from, 'closed');
        checkVersion(r, input.version);
        const at = now();
        const updated = await repo.updateRequest(tx, id, input.version, { state: 'closed', closedAt: at, rating: input.rating, ratingComment: input.comment || null, ratedAt: at });
        if (!updated) throw conflict();
        await repo.insertEvent(tx, { requestId: id, actorId: ctx.actor!.userId, kind: 'state', fromState: from, toState: 'closed', note: null, at });
        await repo.insertEvent(tx, { requestId: id, actorId: ctx.actor!.userId, kind: 'rating', fromState: null, toState: null, note: `${input.rating}/5${input.comment ? ` — ${input.comment}` : ''}`, at });
        await audit.record(tx, ctx, { action: 'request.close', entityType: RECORD_TYPE, entityId: id, enteId: r.provinciaId, changes: { from, rating: input.rating, comment: input.comment ?? null } });
        if (updated.assigneeId) {
          await notifications.publish(tx, {
            type: 'requests.state_changed',
            recipients: [updated.assigneeId],
            actorId: ctx.actor!.userId,
            record: { type: RECORD_TYPE, id },
            url: url(id),
            params: { number: r.number, subject: r.subject, from, to: 'closed', note: `${input.rating}/5` },
          });
        }
        await indexRequest(tx, updated);
        return detail(ctx, tx, updated);
      });
    },

    /**
     * The service-level sweep: warns (at 80 % of the working time) and reports breaches once per clock, to the
     * assignee or, while nobody is assigned, to the operators of the service; closes requests resolved and not
     * rated for 5 working days. Answers what it did.
     */
    async sweep(at: Date = now()): Promise<{ alerts: number; closed: number }> {
      let alerts = 0;
      let closed = 0;
      // the rows are read without locks; only those needing an action are locked and checked again
      for (const candidate of await repo.sweepCandidates(db)) {
        if (!autoClosable(candidate, at) && alertsDue(candidate, at).length === 0) continue;
        await db.transaction(async (tx) => {
          const r = await repo.lockRequest(tx, candidate.id);
          if (!r) return;
          const state = r.state as RequestState;
          if (autoClosable(r, at)) {
            const updated = (await repo.updateRequest(tx, r.id, null, { state: 'closed', closedAt: at }))!;
            await repo.insertEvent(tx, { requestId: r.id, actorId: null, kind: 'state', fromState: state, toState: 'closed', note: null, at });
            await audit.record(tx, SYSTEM, { action: 'request.auto_close', entityType: RECORD_TYPE, entityId: r.id, enteId: r.provinciaId, changes: { from: state, to: 'closed' } });
            await stateChanged(tx, SYSTEM, updated, state);
            await indexRequest(tx, updated);
            closed++;
            return;
          }
          const fresh: string[] = [];
          for (const c of alertsDue(r, at)) {
            const { level, key } = c;
            fresh.push(key);
            const recipients = r.assigneeId ? [r.assigneeId] : (await operatorsOf(tx, r)).map((u) => u.id);
            await notifications.publish(tx, {
              type: 'requests.sla_warning',
              recipients,
              actorId: null,
              record: { type: RECORD_TYPE, id: r.id },
              url: url(r.id),
              params: { number: r.number, subject: r.subject, clock: c.clock, level, due: c.due.toISOString() },
            });
          }
          if (fresh.length) {
            await repo.setAlerts(tx, r.id, [...r.slaAlerts, ...fresh]);
            alerts += fresh.length;
          }
        });
      }
      return { alerts, closed };
    },

    // ---------------------------------------------------------- statistics
    async stats(ctx: RequestContext, q: { from?: string; to?: string }): Promise<{ from: string | null; to: string | null; rows: RequestStatsRow[] }> {
      if (!ctx.actor) throw unauthenticated();
      if (!can(ctx.actor, { type: 'stats.read' })) throw forbidden();
      if (q.from && q.to && q.from > q.to) throw invalid('querystring.to', 'La data finale precede quella iniziale');
      const day = (s: string) => {
        const [y, m, dd] = s.split('-').map(Number);
        return { y: y!, m: m!, d: dd! };
      };
      const from = q.from ? romeToUtc(day(q.from), 0) : null;
      const to = q.to ? romeToUtc({ ...day(q.to), d: day(q.to).d + 1 }, 0) : null;
      const at = now();
      const rows = await repo.createdBetween(db, from, to);
      const groups = new Map<string, RequestRow[]>();
      for (const r of rows) {
        const k = `${r.provinciaId}|${r.service}`;
        groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      const entiMap = await repo.entiByIds(db, rows.map((r) => r.provinciaId));
      const out: RequestStatsRow[] = [...groups.entries()].map(([k, list]) => {
        const [provinciaId, service] = k.split('|') as [string, Service];
        const answered = list.filter((r) => r.firstResponseAt);
        const resolved = list.filter((r) => r.resolvedAt && CLOSED_STATES.has(r.state as RequestState));
        const rated = list.filter((r) => r.rating !== null);
        const frMedian = median(answered.map((r) => workingMinutesBetween(r.createdAt, r.firstResponseAt!) / 60));
        const resMedian = median(resolved.map((r) => workingMinutesBetween(r.createdAt, r.resolvedAt!) / WORKING_DAY_MINUTES));
        return {
          provincia: enteRef(entiMap.get(provinciaId)!),
          service,
          volume: list.length,
          open: list.filter((r) => !CLOSED_STATES.has(r.state as RequestState)).length,
          medianFirstResponseHours: frMedian === null ? null : round1(frMedian),
          medianResolutionDays: resMedian === null ? null : round1(resMedian),
          firstResponseBreaches: list.filter((r) => slaOf(r, at).firstResponse.status === 'breached').length,
          resolutionBreaches: list.filter((r) => slaOf(r, at).resolution.status === 'breached').length,
          avgRating: rated.length ? round1(rated.reduce((s, r) => s + r.rating!, 0) / rated.length) : null,
          ratingsCount: rated.length,
        };
      });
      out.sort((a, b) => a.provincia.name.localeCompare(b.provincia.name, 'it') || Services.indexOf(a.service) - Services.indexOf(b.service));
      return { from: q.from ?? null, to: q.to ?? null, rows: out };
    },
    async statsCsv(ctx: RequestContext, q: { from?: string; to?: string }): Promise<string> {
      const { rows } = await service.stats(ctx, q);
      const num = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));
      return stringify(
        rows.map((r) => ({
          provincia: r.provincia.name,
          istat: r.provincia.istatCode ?? '',
          servizio: r.service.toUpperCase(),
          richieste: r.volume,
          aperte: r.open,
          mediana_prima_risposta_ore: num(r.medianFirstResponseHours),
          mediana_risoluzione_giorni: num(r.medianResolutionDays),
          violazioni_prima_risposta: r.firstResponseBreaches,
          violazioni_risoluzione: r.resolutionBreaches,
          soddisfazione_media: num(r.avgRating),
          valutazioni: r.ratingsCount,
        })),
        {
          header: true,
          delimiter: ';',
          columns: ['provincia', 'istat', 'servizio', 'richieste', 'aperte', 'mediana_prima_risposta_ore', 'mediana_risoluzione_giorni', 'violazioni_prima_risposta', 'violazioni_risoluzione', 'soddisfazione_media', 'valutazioni'],
        },
      );
    },
    onComment,
  };
  return service;
}
export type RequestsService = ReturnType<typeof createRequestsService>;

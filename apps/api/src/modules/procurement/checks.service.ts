import type { Db, DbOrTx } from '@app/db';
import type { CheckOutcome, RequirementCheck } from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, conflict, notFound, unauthenticated } from '../../lib/errors.js';
import type { JobQueue } from '../../lib/jobs.js';
import type { AuditService } from '../audit/audit.service.js';
import { romeDate, romeWallTime } from '../calendar/calendar.dates.js';
import { startOfRomeDay, type CalendarItemInput } from '../calendar/calendar.service.js';
import type { NotificationEvent, NotificationsService } from '../notifications/notifications.service.js';
import { alertsDue, applicableChecks, isExpired, isExpiring, overallOf, summarizeChecks, toCents, validUntilOf, type CheckLimits, type OverallResult } from './checks.rules.js';
import type { CatalogueRow, CheckFields, CheckRow, ChecksRepository } from './checks.repository.js';
import type { ProcedureAccess, ProcedureAccessPort } from './procedure-access.js';

/** What the checks need of the documents service: whether evidence belongs to the procedure. */
export interface DocumentsLookup {
  findDocument(db: DbOrTx, id: string): Promise<{ ownerType: string; ownerId: string } | null>;
}
/** What the checks need of the calendar: the last valid day of each certificate. */
export interface CalendarPublisher {
  publish(tx: DbOrTx, item: CalendarItemInput): Promise<void>;
  remove(tx: DbOrTx, sourceType: string, sourceId: string, kind?: string): Promise<void>;
}
/** Who may read a procedure, when no caller is there (the expiry sweep). */
export interface AudienceLookup {
  audience(db: DbOrTx, type: string, id: string): Promise<string[] | null>;
}

export interface ChecksDeps {
  db: Db;
  repo: ChecksRepository;
  audit: Pick<AuditService, 'record'>;
  procedures: ProcedureAccessPort;
  documents: DocumentsLookup;
  notifications: Pick<NotificationsService, 'defineEvent' | 'publish'>;
  calendar: CalendarPublisher;
  /** The record registry (its audience of 'procurement_procedure'). */
  records: AudienceLookup;
  jobs: Pick<JobQueue, 'recurring' | 'handle'>;
  /** Current time (tests move it). */
  now?: () => Date;
}

export const PROCEDURE_RECORD = 'procurement_procedure';
export const CHECK_ENTITY = 'procurement_check';
export const CHECK_CALENDAR_SOURCE = 'procurement_check';
export const CHECK_CALENDAR_KIND = 'check_expiry';
export const EXPIRY_QUEUE = 'procurement.checks-expiry';
export const EXPIRY_EVENT = 'procurement.check_expiry';
/**
 * Keys of the procedure rules that bound the checks: the SOA amount for works and the antimafia communication
 * amount; where those keys are not loaded, the direct-award limit for works (the same 150.000 euro boundary).
 */
export const LIMIT_RULES = { soaWorksFrom: ['SOA_WORKS_MIN', 'AD_WORKS_MAX'], antimafiaAbove: ['ANTIMAFIA_COMMUNICATION_MIN', 'AD_WORKS_MAX'] } as const;
/** Procedures whose checks no longer matter. */
const CLOSED_STATES = ['chiusa', 'deserta', 'annullata'];
/** The sweep runs once a day, from 06:00 Rome time. */
const SWEEP_FROM_HOUR = 6;
const SYSTEM: RequestContext = { actor: null, requestId: 'system' };

const invalid = (path: string, message: string) => badRequest('validation_failed', 'Invalid input', { issues: [{ path, message }] });
const itDay = (d: string) => d.split('-').reverse().join('/');

export interface CheckUpdateInput {
  requestedAt?: string | null;
  outcome?: CheckOutcome;
  issuedOn?: string | null;
  validUntil?: string | null;
  evidenceDocumentId?: string | null;
  note?: string | null;
  version: number;
}

export interface RequirementCheckList {
  items: RequirementCheck[];
  overall: { operatorId: string; operatorName: string; result: OverallResult }[];
}

/** The requirement checks (verifica dei requisiti) on the operators of a procedure, and their expiry. */
export function createChecksService(d: ChecksDeps) {
  const { db, repo, audit, procedures, documents, notifications, calendar, records, jobs } = d;
  const now = d.now ?? (() => new Date());
  const today = () => romeDate(now());
  const url = (procedureId: string) => `/appalti/${procedureId}/verifiche`;

  const presentCatalogue = (c: CatalogueRow) => ({
    code: c.code,
    nameIt: c.nameIt,
    nameEn: c.nameEn,
    category: c.category as 'general' | 'special',
    legalBasis: c.legalBasis,
    evidence: c.evidence,
    issuer: c.issuer,
    fvoeCode: c.fvoeCode,
    validityDays: c.validityDays,
    appliesTo: c.appliesTo,
  });

  async function present(tx: DbOrTx, rows: CheckRow[]): Promise<RequirementCheck[]> {
    const [catalogue, operators, people] = await Promise.all([
      repo.catalogue(tx),
      repo.operatorsByIds(tx, rows.map((r) => r.operatorId)),
      repo.usersByIds(tx, rows.flatMap((r) => (r.requestedBy ? [r.requestedBy] : []))),
    ]);
    const byCode = new Map(catalogue.map((c) => [c.code, c]));
    const day = today();
    return rows.map((r) => {
      const c = byCode.get(r.code)!;
      const state = { outcome: r.outcome as CheckOutcome, validUntil: r.validUntil };
      return {
        id: r.id,
        operator: { id: r.operatorId, name: operators.get(r.operatorId)?.name ?? '' },
        code: r.code,
        nameIt: c.nameIt,
        nameEn: c.nameEn,
        legalBasis: c.legalBasis,
        evidence: c.evidence,
        issuer: c.issuer,
        fvoeCode: c.fvoeCode,
        validityDays: c.validityDays,
        requestedAt: r.requestedAt,
        requestedBy: r.requestedBy ? (people.get(r.requestedBy) ?? { id: r.requestedBy, displayName: '' }) : null,
        outcome: state.outcome,
        evidenceDocumentId: r.evidenceDocumentId,
        issuedOn: r.issuedOn,
        validUntil: r.validUntil,
        note: r.note,
        expiring: isExpiring(state, day),
        expired: isExpired(state, day),
        version: r.version,
      };
    });
  }

  async function listOf(tx: DbOrTx, procedureId: string): Promise<RequirementCheckList> {
    const rows = await repo.itemsOf(tx, procedureId);
    const items = await present(tx, rows);
    const names = new Map(items.map((i) => [i.operator.id, i.operator.name]));
    const overall = summarizeChecks(
      rows.map((r) => ({ operatorId: r.operatorId, outcome: r.outcome as CheckOutcome, validUntil: r.validUntil })),
      today(),
    ).map((o) => ({ ...o, operatorName: names.get(o.operatorId) ?? '' }));
    return { items, overall };
  }

  /** The amounts of the rules in force today that bound the checks. */
  async function limits(tx: DbOrTx, date: string): Promise<CheckLimits> {
    const first = async (keys: readonly string[]) => {
      for (const k of keys) {
        const v = await repo.ruleValue(tx, k, date);
        if (v !== null) return toCents(v);
      }
      throw new AppError(409, 'rules_missing', `No procedure rule ${keys.join(' or ')} in force on ${date}`, { keys });
    };
    return { soaWorksFromCents: await first(LIMIT_RULES.soaWorksFrom), antimafiaAboveCents: await first(LIMIT_RULES.antimafiaAbove) };
  }

  /** Puts the last valid day of a positive certificate in the calendar of those who follow the procedure. */
  async function syncCalendar(tx: DbOrTx, p: ProcedureAccess, item: CheckRow, checkName: string, operatorName: string) {
    if (item.outcome === 'regolare' && item.validUntil) {
      await calendar.publish(tx, {
        module: 'procurement',
        sourceType: CHECK_CALENDAR_SOURCE,
        sourceId: item.id,
        kind: CHECK_CALENDAR_KIND,
        title: `${p.number} — scadenza verifica: ${checkName}`,
        description: `${operatorName}: «${checkName}» valida fino al ${itDay(item.validUntil)} (procedura ${p.number} — ${p.title}).`,
        startsAt: startOfRomeDay(item.validUntil),
        allDay: true,
        url: url(p.id),
        enteId: p.provinciaId,
        audience: p.audience,
        // the warnings 30 days before and at expiry are this module's own
        remindDays: [],
      });
    } else {
      await calendar.remove(tx, CHECK_CALENDAR_SOURCE, item.id, CHECK_CALENDAR_KIND);
    }
  }

  // ------------------------------------------------------------ expiry warnings

  notifications.defineEvent(EXPIRY_EVENT, {
    module: 'procurement',
    label: { it: 'Scadenza delle verifiche sui requisiti', en: 'Expiry of requirement checks' },
    defaults: { inApp: true, email: 'immediate' },
    render(p, locale) {
      const expired = p.level === 'expired';
      const date = String(p.validUntil);
      if (locale === 'en') {
        return {
          title: `${String(p.number)}: ${expired ? 'expired' : 'expiring'} check — ${String(p.checkEn)}`,
          body: `${String(p.operator)}: ${expired ? 'was valid until' : 'valid until'} ${date}. ${String(p.title)}`,
        };
      }
      return {
        title: `${String(p.number)}: verifica ${expired ? 'scaduta' : 'in scadenza'} — ${String(p.checkIt)}`,
        body: `${String(p.operator)}: ${expired ? 'era valida fino al' : 'valida fino al'} ${itDay(date)}. ${String(p.title)}`,
      };
    },
  });
  jobs.recurring(EXPIRY_QUEUE, (at) => (romeWallTime(at).hour >= SWEEP_FROM_HOUR ? romeDate(at) : null));
  jobs.handle(EXPIRY_QUEUE, async (job) => {
    const period = typeof job.payload.period === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(job.payload.period) ? job.payload.period : today();
    await service.sweepExpiry(period);
  });

  // ------------------------------------------------------------ use cases

  const service = {
    async catalogue(ctx: RequestContext) {
      if (!ctx.actor) throw unauthenticated();
      return { items: (await repo.catalogue(db)).map(presentCatalogue) };
    },

    async list(ctx: RequestContext, procedureId: string): Promise<RequirementCheckList> {
      if (!ctx.actor) throw unauthenticated();
      await procedures.load(ctx, procedureId, 'read');
      return listOf(db, procedureId);
    },

    /** Builds (or completes) the checklist of an operator from the catalogue: items already there are kept. */
    async build(ctx: RequestContext, procedureId: string, input: { operatorId: string }): Promise<RequirementCheckList> {
      if (!ctx.actor) throw unauthenticated();
      const p = await procedures.load(ctx, procedureId, 'manage');
      return db.transaction(async (tx) => {
        const operator = (await repo.operatorsByIds(tx, [input.operatorId])).get(input.operatorId);
        if (!operator) throw invalid('body.operatorId', 'Operatore economico inesistente');
        if (!(await repo.participantRole(tx, procedureId, input.operatorId))) throw invalid('body.operatorId', 'L’operatore non partecipa alla procedura');
        const applicable = applicableChecks(await repo.catalogue(tx), {
          objectType: p.objectType,
          sia: p.sia,
          estimatedValueCents: toCents(p.estimatedValue),
          aboveEuThreshold: p.aboveEuThreshold,
          employees: operator.employees,
          bidders: await repo.offers(tx, procedureId),
          limits: await limits(tx, today()),
        });
        const added = await repo.insertItems(tx, procedureId, input.operatorId, applicable.map((c) => c.code));
        await audit.record(tx, ctx, {
          action: 'procurement_check.build',
          entityType: PROCEDURE_RECORD,
          entityId: procedureId,
          enteId: p.provinciaId,
          changes: { operatorId: input.operatorId, added },
        });
        return listOf(tx, procedureId);
      });
    },

    async update(ctx: RequestContext, procedureId: string, checkId: string, input: CheckUpdateInput): Promise<RequirementCheck> {
      if (!ctx.actor) throw unauthenticated();
      const p = await procedures.load(ctx, procedureId, 'manage');
      const day = today();
      for (const field of ['requestedAt', 'issuedOn'] as const) {
        const v = input[field];
        if (v && v > day) throw invalid(`body.${field}`, 'La data non può essere futura');
      }
      return db.transaction(async (tx) => {
        const item = await repo.lockItem(tx, procedureId, checkId);
        if (!item) throw notFound('check');
        if (item.version !== input.version) throw conflict();
        const entry = (await repo.catalogue(tx)).find((c) => c.code === item.code)!;
        if (input.evidenceDocumentId) {
          const doc = await documents.findDocument(tx, input.evidenceDocumentId);
          if (!doc || doc.ownerType !== PROCEDURE_RECORD || doc.ownerId !== procedureId) {
            throw invalid('body.evidenceDocumentId', 'Il documento non appartiene alla procedura');
          }
        }
        const fields: CheckFields = {};
        if (input.requestedAt !== undefined) {
          fields.requestedAt = input.requestedAt;
          fields.requestedBy = input.requestedAt ? ctx.actor!.userId : null;
        }
        if (input.outcome !== undefined) fields.outcome = input.outcome;
        if (input.evidenceDocumentId !== undefined) fields.evidenceDocumentId = input.evidenceDocumentId;
        if (input.note !== undefined) fields.note = input.note;
        if (input.issuedOn !== undefined) fields.issuedOn = input.issuedOn;
        if (input.validUntil !== undefined) fields.validUntil = input.validUntil;
        else if (input.issuedOn) fields.validUntil = validUntilOf(input.issuedOn, entry.validityDays);
        const issuedOn = fields.issuedOn !== undefined ? fields.issuedOn : item.issuedOn;
        const validUntil = fields.validUntil !== undefined ? fields.validUntil : item.validUntil;
        if (issuedOn && validUntil && validUntil < issuedOn) throw invalid('body.validUntil', 'La scadenza precede la data di rilascio');
        // a renewed certificate deserves its own warnings
        if (fields.validUntil !== undefined && fields.validUntil !== item.validUntil) fields.alerts = [];
        const updated = await repo.updateItem(tx, checkId, input.version, fields);
        if (!updated) throw conflict();
        const { version: _v, ...changes } = input;
        await audit.record(tx, ctx, {
          action: 'procurement_check.update',
          entityType: CHECK_ENTITY,
          entityId: checkId,
          enteId: p.provinciaId,
          changes: { procedureId, operatorId: item.operatorId, code: item.code, ...changes, ...(fields.validUntil !== undefined ? { validUntil: fields.validUntil } : {}) },
        });
        const operatorName = (await repo.operatorsByIds(tx, [item.operatorId])).get(item.operatorId)?.name ?? '';
        await syncCalendar(tx, p, updated, entry.nameIt, operatorName);
        const [presented] = await present(tx, [updated]);
        return presented!;
      });
    },

    /**
     * For the award guard, in the caller's transaction: the overall result of an operator's checklist today and
     * the codes still pending, irregolare or expired (what keeps it from being regolare).
     */
    async readiness(tx: DbOrTx, procedureId: string, operatorId: string): Promise<{ result: OverallResult; pending: string[]; irregular: string[]; expired: string[] }> {
      const rows = await repo.itemsOf(tx, procedureId, operatorId);
      const day = today();
      const states = rows.map((r) => ({ code: r.code, outcome: r.outcome as CheckOutcome, validUntil: r.validUntil }));
      return {
        result: overallOf(states, day),
        pending: states.filter((s) => s.outcome === 'pending').map((s) => s.code),
        irregular: states.filter((s) => s.outcome === 'irregolare').map((s) => s.code),
        expired: states.filter((s) => isExpired(s, day)).map((s) => s.code),
      };
    },

    /**
     * Warns the procedure's audience once per item: 30 days before a positive certificate's last valid day
     * ('expiring') and when it has passed ('expired'). Answers how many warnings went out.
     */
    async sweepExpiry(day: string = today()): Promise<number> {
      let sent = 0;
      for (const c of await repo.expiryCandidates(db, CLOSED_STATES)) {
        const due = alertsDue({ outcome: c.outcome as CheckOutcome, validUntil: c.validUntil, alerts: c.alerts }, day);
        if (due.length === 0) continue;
        await db.transaction(async (tx) => {
          const item = await repo.lockItem(tx, c.procedureId, c.id);
          if (!item) return;
          const fresh = alertsDue({ outcome: item.outcome as CheckOutcome, validUntil: item.validUntil, alerts: item.alerts }, day);
          if (fresh.length === 0) return;
          const audienceTokens = (await records.audience(tx, PROCEDURE_RECORD, item.procedureId)) ?? [];
          const recipients = await repo.usersOfAudience(tx, audienceTokens);
          const entry = (await repo.catalogue(tx)).find((e) => e.code === item.code)!;
          const operatorName = (await repo.operatorsByIds(tx, [item.operatorId])).get(item.operatorId)?.name ?? '';
          for (const level of fresh) {
            const event: NotificationEvent = {
              type: EXPIRY_EVENT,
              recipients,
              actorId: null,
              record: { type: PROCEDURE_RECORD, id: item.procedureId },
              url: url(item.procedureId),
              params: { level, number: c.number, title: c.title, operator: operatorName, checkIt: entry.nameIt, checkEn: entry.nameEn, validUntil: item.validUntil },
            };
            await notifications.publish(tx, event);
            sent++;
          }
          // an item found already expired never needs the earlier warning
          const alerts = [...new Set([...item.alerts, ...fresh, ...(fresh.includes('expired') ? ['expiring'] : [])])];
          await repo.setAlerts(tx, item.id, alerts);
          await audit.record(tx, SYSTEM, {
            action: 'procurement_check.expiry_warning',
            entityType: CHECK_ENTITY,
            entityId: item.id,
            changes: { procedureId: item.procedureId, levels: fresh, validUntil: item.validUntil },
          });
        });
      }
      return sent;
    },
  };
  return service;
}
export type ChecksService = ReturnType<typeof createChecksService>;

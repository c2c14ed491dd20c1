import type { Db, DbOrTx } from '@app/db';
import type {
  Advice,
  AdviceInput,
  Checklist,
  DocType,
  ObjectType,
  ProcedureCode,
  ProcedureCreate,
  ProcedureDetail,
  ProcedureDocument,
  ProcedureDocState,
  ProcedureQuery,
  ProcedureState,
  ProcedureSummary,
  ProcedureTransition,
  ProcedureUpdate,
  ProcurementDashboard,
  TeamRole,
} from '@app/contracts';
import { ProcedureStates } from '@app/contracts';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { RequestContext } from '../../lib/actor.js';
import type { Office } from '../../lib/office.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import { audience, type RecordRegistry } from '../../lib/records.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { DocumentsService, FascicoliService, TemplatesService } from '../documents/index.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { SearchService } from '../search/search.service.js';
import { buildReleasePackage, type OcdsProcedureInput } from './ocds.js';
import { can, isSuaOf, speaksForComune, type ProcedureFacts } from './procurement.policy.js';
import type { DocRow, EnteRow, ProcedureRow, ProcedureScope, ProcurementRepository, RuleRow } from './procurement.repository.js';
import { referenceTemplate, templatePurpose } from './procurement.templates.js';
import { TERMINAL_STATES, addDays, afterAward, allowedTransitions, canTransition, guard, romeDate, type GuardFacts } from './procurement.workflow.js';
import { advise, directAwardBand, minimumDays, AdviceInputError } from './rules/advice.js';
import { DocTypes, docTypeLabels, requiredDocuments } from './rules/documents-matrix.js';
import { RuleBookError, rulesAt, type RuleBook } from './rules/rules.js';
import { checkCpv, checkCup } from './rules/validators.js';
import { draw, outgoingContractor } from './rotation.js';

export interface ProcurementDeps {
  db: Db;
  repo: ProcurementRepository;
  audit: AuditService;
  records: RecordRegistry;
  notifications: NotificationsService;
  search: SearchService;
  calendar: CalendarService;
  documents: DocumentsService;
  templates: TemplatesService;
  fascicoli: FascicoliService;
  /** LibreOffice: an approved DOCX becomes PDF/A-2b (when installed). */
  office: Office;
  baseUrl: string;
  /** OCDS publisher prefix of this installation (ocid = prefix + procedure id). */
  ocidPrefix: string;
  now?: () => Date;
}

export const RECORD_TYPE = 'procurement_procedure';
const SUA_ROLES = ['sua_operator', 'ente_admin'];
const PROVINCE_TYPES = new Set(['provincia', 'citta_metropolitana']);
/** Folders whose documents make the tender file handed to the platform (sua.md §2.3). */
const PUBLICATION_FOLDERS = ['01_Programmazione_e_progetto', '02_Atti_di_avvio', '03_Documentazione_di_gara'];
const DONE_DOC_STATES = new Set<ProcedureDocState>(['approvato', 'firmato']);
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const STATE_LABELS: Record<ProcedureState, { it: string; en: string }> = {
  bozza: { it: 'bozza', en: 'draft' },
  istruttoria: { it: 'in istruttoria', en: 'under review' },
  documenti: { it: 'in preparazione dei documenti', en: 'preparing documents' },
  pronta: { it: 'pronta per la pubblicazione', en: 'ready for publication' },
  pubblicata: { it: 'pubblicata', en: 'published' },
  valutazione: { it: 'in valutazione', en: 'under evaluation' },
  proposta: { it: 'con proposta di aggiudicazione', en: 'award proposed' },
  verifica: { it: 'in verifica dei requisiti', en: 'checking requirements' },
  aggiudicata: { it: 'aggiudicata', en: 'awarded' },
  stipula: { it: 'stipulata', en: 'contract signed' },
  esecuzione: { it: 'in esecuzione', en: 'in execution' },
  chiusa: { it: 'chiusa', en: 'closed' },
  deserta: { it: 'deserta', en: 'no valid tenders' },
  annullata: { it: 'annullata', en: 'cancelled' },
};
const PROCEDURE_LABELS: Record<ProcedureCode, string> = {
  AFFIDAMENTO_DIRETTO: 'affidamento diretto',
  AFFIDAMENTO_DIRETTO_ADESIONE_AQ: 'affidamento diretto in adesione ad accordo quadro o convenzione',
  NEGOZIATA_SENZA_BANDO: 'procedura negoziata senza bando',
  APERTA: 'procedura aperta',
  RISTRETTA: 'procedura ristretta',
  COMPETITIVA_CON_NEGOZIAZIONE: 'procedura competitiva con negoziazione',
  DIALOGO_COMPETITIVO: 'dialogo competitivo',
  PARTENARIATO_INNOVAZIONE: 'partenariato per l’innovazione',
};
const CRITERION_LABELS = {
  OEPV_QUALITA_PREZZO: 'offerta economicamente più vantaggiosa (miglior rapporto qualità/prezzo)',
  OEPV_COSTO: 'offerta economicamente più vantaggiosa (costo del ciclo di vita)',
  PREZZO: 'minor prezzo',
} as const;

const euroNumber = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const euroText = (v: string | number | null | undefined) =>
  v === null || v === undefined ? '' : new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(Number(v));
const itDate = (d: string | null | undefined) => (d ? d.split('-').reverse().join('/') : '');
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const issue = (path: string, message: string) => ({ path, message });
const invalid = (issues: { path: string; message: string }[]) => badRequest('validation_failed', 'Invalid input', { issues });
/** Money as the exact decimal the database stores. */
const money = (n: number) => n.toFixed(2);

export function createProcurementService(d: ProcurementDeps) {
  const { db, repo, audit, records, notifications, search, calendar, documents, templates, fascicoli } = d;
  const now = d.now ?? (() => new Date());
  const today = () => romeDate(now());
  const url = (id: string) => `/appalti/${id}`;
  const rulesCache = new TtlCache<RuleRow[]>(60_000, 1);

  // ------------------------------------------------------------ rules and advice

  async function book(date: string): Promise<RuleBook> {
    let rows = rulesCache.get('all');
    if (!rows) {
      rows = await repo.rules(db);
      rulesCache.set('all', rows);
    }
    try {
      return rulesAt(
        rows.map((r) => ({ ...r, unit: r.unit as 'EUR' })),
        date,
      );
    } catch (err) {
      if (err instanceof RuleBookError) {
        throw new AppError(422, 'rules_unavailable', `No procurement rules are in force on ${date}`, { date, keys: err.keys });
      }
      throw err;
    }
  }

  async function adviceOf(input: AdviceInput): Promise<Advice> {
    const date = input.date ?? today();
    try {
      return advise({ ...input, date, buyer: input.buyer ?? 'sub_central' }, await book(date));
    } catch (err) {
      if (err instanceof AdviceInputError) throw invalid([issue(`body.${err.field}`, err.message)]);
      throw err;
    }
  }

  /** The rules a procedure answers to: those in force when it was published, or today until then. */
  const referenceDate = (p: ProcedureRow) => p.publishedOn ?? today();
  const lotValues = (lots: { value: string }[]) => lots.map((l) => ({ value: Number(l.value) }));

  async function adviceFor(p: ProcedureRow, lots: { value: string }[]): Promise<Advice> {
    // the SUA's qualification, as its convention declares it: the advice says whether it covers the procedure
    const t = p.conventionId ? await repo.terms(db, p.conventionId) : null;
    const suaLevel = t && (t.suaLevelSf || t.suaLevelWorks) ? { sf: (t.suaLevelSf ?? undefined) as 'SF1' | undefined, works: (t.suaLevelWorks ?? undefined) as 'L1' | undefined } : undefined;
    return adviceOf({
      suaLevel,
      object: p.objectType as ObjectType,
      sia: p.sia,
      estimatedValue: Number(p.estimatedValue),
      buyer: 'sub_central',
      date: referenceDate(p),
      socialServices: p.socialServices,
      labourIntensive: p.labourIntensive,
      innovative: p.innovative,
      lots: lots.length ? lotValues(lots) : undefined,
    });
  }

  // ------------------------------------------------------------ access

  const facts = (p: ProcedureRow): ProcedureFacts => ({ comuneId: p.comuneId, provinciaId: p.provinciaId, state: p.state as ProcedureState });
  const audienceOf = (p: Pick<ProcedureRow, 'comuneId' | 'provinciaId'>) => [
    audience.ente(p.comuneId),
    ...SUA_ROLES.map((r) => audience.enteRole(p.provinciaId, r as 'sua_operator')),
  ];

  /** The procedure, if the actor may read it (else 404: its existence is not revealed). */
  async function readable(ctx: RequestContext, id: string, q: DbOrTx = db): Promise<ProcedureRow> {
    if (!ctx.actor) throw unauthenticated();
    const p = await repo.find(q, id);
    if (!p || !can(ctx.actor, { type: 'procedure.read', ...facts(p) })) throw notFound('procedure');
    return p;
  }
  async function manageable(ctx: RequestContext, id: string, q: DbOrTx = db): Promise<ProcedureRow> {
    const p = await readable(ctx, id, q);
    if (!can(ctx.actor, { type: 'procedure.manage', ...facts(p) })) throw forbidden();
    return p;
  }

  /** What an actor may see: the Comuni they belong to, the Provinces whose SUA they are. */
  function scopeOf(ctx: RequestContext): ProcedureScope {
    const comuneIds = new Set<string>();
    const provinciaIds = new Set<string>();
    for (const m of ctx.actor?.memberships ?? []) {
      if (m.enteType === 'comune') comuneIds.add(m.enteId);
      if (PROVINCE_TYPES.has(m.enteType) && SUA_ROLES.includes(m.role)) provinciaIds.add(m.enteId);
    }
    return { comuneIds: [...comuneIds], provinciaIds: [...provinciaIds] };
  }

  // ------------------------------------------------------------ validation

  function validateCodes(input: { cpvMain?: string; cpvSecondary?: string[]; cup?: string | null; lots?: { cpv?: string }[]; estimatedValue?: number; optionsValue?: number }, current?: ProcedureRow) {
    const issues: { path: string; message: string }[] = [];
    const cpv = (path: string, v: string | undefined) => {
      const bad = v ? checkCpv(v) : null;
      if (bad) issues.push(issue(path, bad.message));
    };
    cpv('body.cpvMain', input.cpvMain);
    input.cpvSecondary?.forEach((c, i) => cpv(`body.cpvSecondary.${i}`, c));
    input.lots?.forEach((l, i) => cpv(`body.lots.${i}.cpv`, l.cpv));
    if (input.cup) {
      const bad = checkCup(input.cup);
      if (bad) issues.push(issue('body.cup', bad.message));
    }
    const value = input.estimatedValue ?? (current ? Number(current.estimatedValue) : undefined);
    const options = input.optionsValue ?? (current ? Number(current.optionsValue) : 0);
    if (value !== undefined && options > value) issues.push(issue('body.optionsValue', 'Le opzioni sono comprese nel valore stimato: non possono superarlo'));
    if (input.lots?.length && value !== undefined) {
      const sum = input.lots.reduce((s, l) => s + Math.round((l as { value: number }).value * 100), 0);
      if (sum !== Math.round(value * 100)) {
        issues.push(issue('body.lots', `La somma dei lotti (${euroText(sum / 100)}) deve essere pari al valore stimato (${euroText(value)}), art. 14 c.9`));
      }
    }
    if (issues.length) throw invalid(issues);
  }

  // ------------------------------------------------------------ presenters

  const enteRef = (e: EnteRow) => ({ id: e.id, istatCode: e.istatCode, name: e.name });

  async function summaryOf(q: DbOrTx, p: ProcedureRow): Promise<ProcedureSummary> {
    const entiMap = await repo.entiByIds(q, [p.comuneId, p.provinciaId]);
    return {
      id: p.id,
      number: p.number,
      title: p.title,
      state: p.state as ProcedureState,
      procedureCode: p.procedureCode as ProcedureCode | null,
      objectType: p.objectType as ObjectType,
      estimatedValue: Number(p.estimatedValue),
      comune: enteRef(entiMap.get(p.comuneId)!),
      provincia: enteRef(entiMap.get(p.provinciaId)!),
      offerDeadline: iso(p.offerDeadline),
      updatedAt: p.updatedAt.toISOString(),
      isDemo: p.isDemo,
    };
  }

  function sidesOf(ctx: RequestContext, p: ProcedureRow) {
    return { comune: speaksForComune(ctx.actor, p.comuneId), sua: isSuaOf(ctx.actor, p.provinciaId) };
  }

  async function detail(ctx: RequestContext, q: DbOrTx, p: ProcedureRow): Promise<ProcedureDetail> {
    const [summary, lots, teamRows, events] = await Promise.all([summaryOf(q, p), repo.lotsOf(q, p.id), repo.teamOf(q, p.id), repo.eventsOf(q, p.id)]);
    const [people, teamEnti, awardee] = await Promise.all([
      repo.usersByIds(q, events.flatMap((e) => (e.actorId ? [e.actorId] : []))),
      repo.membershipsIn(q, teamRows.map((t) => t.userId), [p.comuneId, p.provinciaId]),
      p.awardeeId ? repo.operatorExists(q, p.awardeeId) : Promise.resolve(null),
    ]);
    const enteOf = new Map(teamEnti.map((m) => [m.userId, m.enteName]));
    const sides = sidesOf(ctx, p);
    const state = p.state as ProcedureState;
    return {
      ...summary,
      description: p.description,
      sia: p.sia,
      cpvMain: p.cpvMain,
      cpvSecondary: p.cpvSecondary,
      optionsValue: Number(p.optionsValue),
      cup: p.cup,
      pnrr: p.pnrr,
      fundingNote: p.fundingNote,
      rupName: p.rupName,
      rupEmail: p.rupEmail,
      desiredStart: p.desiredStart,
      desiredAward: p.desiredAward,
      socialServices: p.socialServices,
      labourIntensive: p.labourIntensive,
      innovative: p.innovative,
      awardCriterion: p.awardCriterion as ProcedureDetail['awardCriterion'],
      priceCapPercent: euroNumber(p.priceCapPercent),
      justification: p.justification,
      publishedOn: p.publishedOn,
      platform: p.platform,
      standstillEnd: p.standstillEnd,
      stipulaDeadline: p.stipulaDeadline,
      proposalOn: p.proposalOn,
      awardedOn: p.awardedOn,
      signedOn: p.signedOn,
      awardAmount: euroNumber(p.awardAmount),
      awardee,
      fvoeFallbackNote: p.fvoeFallbackNote,
      returnNote: p.returnNote,
      fascicoloId: p.fascicoloId,
      terms: await termsOf(q, p),
      lots: lots.map((l) => ({ id: l.id, number: l.number, title: l.title, value: Number(l.value), cpv: l.cpv, cig: l.cig })),
      team: teamRows.map((t) => ({ id: t.id, user: { id: t.userId, displayName: t.displayName }, role: t.role as TeamRole, enteName: enteOf.get(t.userId) ?? '' })),
      events: events.map((e) => ({
        id: e.id,
        fromState: e.fromState as ProcedureState | null,
        toState: e.toState as ProcedureState,
        note: e.note,
        actor: e.actorId ? (people.get(e.actorId) ?? null) : null,
        at: e.at.toISOString(),
      })),
      advice: await adviceFor(p, lots),
      allowed: allowedTransitions(state, sides),
      can: {
        edit: can(ctx.actor, { type: 'procedure.edit_request', ...facts(p) }),
        manage: can(ctx.actor, { type: 'procedure.manage', ...facts(p) }),
        comment: !TERMINAL_STATES.has(state) || sides.sua,
      },
      version: p.version,
    };
  }

  /** The convention's cap and the SUA's fee on this procedure's value (floor and ceiling applied). */
  async function termsOf(q: DbOrTx, p: ProcedureRow) {
    const t = p.conventionId ? await repo.terms(q, p.conventionId) : null;
    if (!t) return null;
    const pct = t.feePercent === null ? null : Number(t.feePercent);
    let fee = pct === null ? null : Math.round(Number(p.estimatedValue) * pct) / 100;
    if (fee !== null && t.feeMin !== null) fee = Math.max(fee, Number(t.feeMin));
    if (fee !== null && t.feeMax !== null) fee = Math.min(fee, Number(t.feeMax));
    return { maxValue: t.maxValue === null ? null : Number(t.maxValue), feePercent: pct, feeAmount: fee };
  }

  // ------------------------------------------------------------ side effects shared by the use cases

  async function index(tx: DbOrTx, p: ProcedureRow) {
    await search.upsert(tx, await searchEntryOf(tx, p));
  }
  async function searchEntryOf(tx: DbOrTx, p: ProcedureRow) {
    const entiMap = await repo.entiByIds(tx, [p.comuneId]);
    return {
      kind: 'procurement_procedure',
      refId: p.id,
      ownerType: RECORD_TYPE,
      ownerId: p.id,
      title: `${p.number} — ${p.title}`,
      body: [entiMap.get(p.comuneId)?.name, p.description, p.cpvMain, p.cup, p.procedureCode ? PROCEDURE_LABELS[p.procedureCode as ProcedureCode] : null]
        .filter(Boolean)
        .join('\n'),
      url: url(p.id),
      enteId: p.comuneId,
      audience: audienceOf(p),
    };
  }

  /** Who hears of a procedure's progress: its team, who asked for it, and (for the SUA's moves) the SUA. */
  async function stakeholders(tx: DbOrTx, p: ProcedureRow, withSua: boolean): Promise<string[]> {
    const team = await repo.teamOf(tx, p.id);
    const ids = new Set(team.map((t) => t.userId));
    if (p.requestedBy) ids.add(p.requestedBy);
    if (withSua) (await repo.membersWithRoles(tx, p.provinciaId, SUA_ROLES)).forEach((u) => ids.add(u.id));
    return [...ids];
  }

  const startOfRomeDay = (date: string) => new Date(`${date}T00:00:00+01:00`);

  /** The procedure's deadlines in the calendar: offers, standstill, contract. */
  async function publishDeadlines(tx: DbOrTx, p: ProcedureRow) {
    const common = { module: 'procurement', sourceType: RECORD_TYPE, sourceId: p.id, url: url(p.id), enteId: p.comuneId, audience: audienceOf(p), isDemo: p.isDemo };
    const open = !TERMINAL_STATES.has(p.state as ProcedureState);
    if (p.offerDeadline && open && ['pubblicata'].includes(p.state)) {
      await calendar.publish(tx, {
        ...common,
        kind: 'offer_deadline',
        title: `Termine offerte: ${p.number}`,
        description: `Scade il termine di presentazione delle offerte della procedura ${p.number} — ${p.title}.`,
        startsAt: p.offerDeadline,
        remindDays: [7, 1],
      });
    } else {
      await calendar.remove(tx, RECORD_TYPE, p.id, 'offer_deadline');
    }
    if (p.standstillEnd && open && p.state === 'aggiudicata') {
      await calendar.publish(tx, {
        ...common,
        kind: 'standstill_end',
        title: `Fine del termine dilatorio: ${p.number}`,
        description: `Dal ${itDate(p.standstillEnd)} il contratto della procedura ${p.number} può essere stipulato (art. 18 c.3).`,
        startsAt: startOfRomeDay(p.standstillEnd),
        allDay: true,
        remindDays: [3, 1],
      });
    } else {
      await calendar.remove(tx, RECORD_TYPE, p.id, 'standstill_end');
    }
    if (p.stipulaDeadline && open && p.state === 'aggiudicata') {
      await calendar.publish(tx, {
        ...common,
        kind: 'stipula_deadline',
        title: `Termine per la stipula: ${p.number}`,
        description: `Il contratto della procedura ${p.number} va stipulato entro il ${itDate(p.stipulaDeadline)} (art. 18 c.2, art. 55 c.1).`,
        startsAt: startOfRomeDay(p.stipulaDeadline),
        allDay: true,
        remindDays: [14, 7, 1],
      });
    } else {
      await calendar.remove(tx, RECORD_TYPE, p.id, 'stipula_deadline');
    }
  }

  // ------------------------------------------------------------ document workspace

  function docAllowed(ctx: RequestContext, p: ProcedureRow, r: DocRow): { canEdit: boolean; allowed: ProcedureDocState[] } {
    const producer = r.producer as 'comune' | 'sua';
    const edit = can(ctx.actor, { type: 'document.edit', producer, ...facts(p) });
    const approve = can(ctx.actor, { type: 'document.approve', producer, ...facts(p) });
    const state = r.state as ProcedureDocState;
    const allowed: ProcedureDocState[] = [];
    if (state === 'in_bozza' && edit) allowed.push('in_revisione');
    if (state === 'in_revisione' && edit) allowed.push('in_bozza');
    if (state === 'in_revisione' && approve) allowed.push('approvato');
    if (state === 'approvato' && approve) allowed.push('firmato', 'in_bozza');
    return { canEdit: edit, allowed };
  }

  async function presentDocs(ctx: RequestContext, p: ProcedureRow, rows: DocRow[]): Promise<ProcedureDocument[]> {
    const people = await repo.usersByIds(db, rows.flatMap((r) => (r.approvedBy ? [r.approvedBy] : [])));
    return Promise.all(
      rows.map(async (r) => {
        let document: ProcedureDocument['document'] = null;
        if (r.documentId) {
          const doc = await documents.get(ctx, r.documentId).catch(() => null);
          if (doc) document = { id: doc.id, title: doc.title, currentVersion: doc.currentVersion, mediaType: doc.mediaType };
        }
        const label = docTypeLabels[r.docType as DocType];
        return {
          id: r.id,
          docType: r.docType as DocType,
          labelIt: label?.it ?? r.docType,
          labelEn: label?.en ?? r.docType,
          required: r.required,
          producer: r.producer as 'comune' | 'sua',
          folder: r.folder,
          position: r.position,
          state: r.state as ProcedureDocState,
          document,
          approvedBy: r.approvedBy ? (people.get(r.approvedBy) ?? null) : null,
          approvedAt: iso(r.approvedAt),
          ...docAllowed(ctx, p, r),
          version: r.version,
        };
      }),
    );
  }

  /** The documents the chosen procedure needs, per the matrix of sua.md §2.2. */
  async function planDocuments(tx: DbOrTx, p: ProcedureRow, advice: Advice) {
    const code = p.procedureCode as ProcedureCode;
    const b = await book(referenceDate(p));
    const items = requiredDocuments({
      procedureCode: code,
      object: p.objectType as ObjectType,
      estimatedValue: Number(p.estimatedValue),
      aboveEuThreshold: advice.aboveEuThreshold,
      awardCriterion: (p.awardCriterion ?? 'PREZZO') as 'PREZZO',
      band: code.startsWith('AFFIDAMENTO_DIRETTO') ? directAwardBand(Number(p.estimatedValue), b) : undefined,
    });
    await repo.upsertDocs(tx, p.id, items);
  }

  async function docFor(ctx: RequestContext, id: string, docType: DocType, action: 'edit' | 'approve') {
    const p = await readable(ctx, id);
    const row = await repo.findDoc(db, id, docType);
    if (!row) throw notFound('document of the procedure');
    const producer = row.producer as 'comune' | 'sua';
    if (!can(ctx.actor, { type: action === 'edit' ? 'document.edit' : 'document.approve', producer, ...facts(p) })) throw forbidden();
    return { p, row };
  }

  async function attach(ctx: RequestContext, p: ProcedureRow, row: DocRow, documentId: string, how: 'draft' | 'link') {
    const updated = await db.transaction(async (tx) => {
      const r = await repo.updateDoc(tx, row.id, row.version, { documentId, state: 'in_bozza', approvedBy: null, approvedAt: null });
      if (!r) throw conflict();
      await audit.record(tx, ctx, {
        action: `procurement.document_${how}`,
        entityType: RECORD_TYPE,
        entityId: p.id,
        enteId: p.provinciaId,
        changes: { docType: row.docType, documentId, from: row.state, to: 'in_bozza' },
      });
      return r;
    });
    return (await presentDocs(ctx, p, [updated]))[0]!;
  }

  /** The checklist of the tender file: required documents of the publication folders approved or signed. */
  async function checklistOf(p: ProcedureRow): Promise<Checklist> {
    const rows = await repo.docsOf(db, p.id);
    const items = rows
      .filter((r) => PUBLICATION_FOLDERS.includes(r.folder))
      .map((r) => {
        const ok = !r.required || DONE_DOC_STATES.has(r.state as ProcedureDocState);
        const label = docTypeLabels[r.docType as DocType];
        return {
          docType: r.docType as DocType,
          labelIt: label?.it ?? r.docType,
          labelEn: label?.en ?? r.docType,
          required: r.required,
          state: r.state as ProcedureDocState,
          ok,
          problemIt: ok ? null : r.state === 'da_redigere' ? 'Da redigere' : 'Non ancora approvato',
          problemEn: ok ? null : r.state === 'da_redigere' ? 'To be drafted' : 'Not approved yet',
        };
      });
    const missing: Checklist['missing'] = [];
    if (!p.procedureCode) missing.push({ code: 'procedure_not_chosen', it: 'La procedura di scelta del contraente non è stata ancora scelta', en: 'The award procedure has not been chosen yet' });
    for (const i of items.filter((x) => !x.ok)) missing.push({ code: `document:${i.docType}`, it: `${i.labelIt}: ${i.problemIt!.toLowerCase()}`, en: `${i.labelEn}: ${i.problemEn!.toLowerCase()}` });
    if (p.pnrr && !p.cup) missing.push({ code: 'cup_missing', it: 'Intervento PNRR senza CUP', en: 'PNRR-funded without a CUP' });
    return { ready: missing.length === 0, items, missing };
  }

  // ------------------------------------------------------------ OCDS

  async function ocdsInput(ctx: RequestContext, p: ProcedureRow): Promise<OcdsProcedureInput> {
    const [entiMap, lots, participants, docs] = await Promise.all([
      repo.entiByIds(db, [p.comuneId, p.provinciaId]),
      repo.lotsOf(db, p.id),
      repo.participantsOf(db, p.id),
      repo.docsOf(db, p.id),
    ]);
    const entity = (e: EnteRow) => ({ id: e.id, name: e.name, istatCode: e.istatCode ?? '' });
    const published: OcdsProcedureInput['documents'] = [];
    // only approved or signed documents leave the platform
    for (const r of docs.filter((x) => x.documentId && DONE_DOC_STATES.has(x.state as ProcedureDocState))) {
      const doc = await documents.get(ctx, r.documentId!).catch(() => null);
      const v = doc?.versions.find((x) => x.version === doc.currentVersion);
      if (!doc || !v) continue;
      published.push({
        id: doc.id,
        docType: r.docType,
        title: doc.title,
        url: `${d.baseUrl}/api/v1/documents/${doc.id}/content`,
        format: v.mediaType,
        sha256: v.sha256,
        dateModified: v.createdAt,
        language: 'it',
      });
    }
    const award = p.awardeeId && ['aggiudicata', 'stipula', 'esecuzione', 'chiusa', 'proposta', 'verifica'].includes(p.state)
      ? { operatorId: p.awardeeId, amount: Number(p.awardAmount ?? 0), date: p.awardedOn ?? p.proposalOn ?? today() }
      : undefined;
    return {
      procedure: {
        id: p.id,
        number: p.number,
        title: p.title,
        description: p.description ?? undefined,
        objectType: p.objectType as ObjectType,
        procedureCode: (p.procedureCode as ProcedureCode | null) ?? null,
        awardCriterion: (p.awardCriterion as OcdsProcedureInput['procedure']['awardCriterion']) ?? null,
        state: p.state as ProcedureState,
        estimatedValue: Number(p.estimatedValue),
        cpvMain: p.cpvMain,
        cpvSecondary: p.cpvSecondary,
        cup: p.cup ?? undefined,
        pnrr: p.pnrr,
        offerDeadline: iso(p.offerDeadline) ?? undefined,
        createdAt: p.createdAt.toISOString(),
        updatedAt: p.updatedAt.toISOString(),
      },
      buyer: entity(entiMap.get(p.comuneId)!),
      procuringEntity: entity(entiMap.get(p.provinciaId)!),
      lots: lots.map((l) => ({ id: l.id, number: l.number, title: l.title, value: Number(l.value), cpv: l.cpv ?? undefined, cig: l.cig ?? undefined })),
      tenderers: participants.map((x) => ({
        operatorId: x.operator.id,
        name: x.operator.name,
        taxCode: x.operator.taxCode,
        vatNumber: x.operator.vatNumber ?? undefined,
        role: x.role as OcdsProcedureInput['tenderers'][number]['role'],
      })),
      award,
      contract: p.signedOn ? { signedDate: p.signedOn, amount: Number(p.awardAmount ?? 0) } : undefined,
      documents: published,
    } as OcdsProcedureInput;
  }

  // ------------------------------------------------------------ records, templates, search

  records.register(RECORD_TYPE, {
    access: async (ctx, id) => {
      const p = await repo.find(db, id);
      if (!p) return null;
      const manage = can(ctx.actor, { type: 'procedure.manage', ...facts(p) });
      const member = speaksForComune(ctx.actor, p.comuneId);
      return {
        enteId: p.comuneId,
        read: can(ctx.actor, { type: 'procedure.read', ...facts(p) }),
        // the team of both enti writes in the thread and attaches the files of the workspace
        write: manage || (member && !TERMINAL_STATES.has(p.state as ProcedureState)),
        moderate: manage,
      };
    },
    audience: async (tx, id) => {
      const p = await repo.find(tx, id);
      return p ? audienceOf(p) : null;
    },
    describe: async (tx, id) => {
      const p = await repo.find(tx, id);
      return p ? { title: `${p.number} — ${p.title}`, url: url(id), module: 'procurement' } : null;
    },
    commentable: true,
    stakeholders: async (tx, id) => {
      const p = await repo.find(tx, id);
      return p ? stakeholders(tx, p, false) : [];
    },
  });

  documents.registerTemplateData(RECORD_TYPE, async (id) => {
    const p = await repo.find(db, id);
    if (!p) return null;
    const [entiMap, lots, participants] = await Promise.all([repo.entiByIds(db, [p.comuneId, p.provinciaId]), repo.lotsOf(db, id), repo.participantsOf(db, id)]);
    const advice = await adviceFor(p, lots);
    const chosen = advice.allowedProcedures.find((a) => a.code === p.procedureCode);
    const awardee = participants.find((x) => x.operator.id === p.awardeeId);
    return {
      numero: p.number,
      oggetto: p.title,
      descrizione: p.description ?? '',
      comune: `Comune di ${entiMap.get(p.comuneId)?.name ?? ''}`,
      ente_sua: entiMap.get(p.provinciaId)?.name ?? '',
      tipo: p.objectType,
      sia: p.sia,
      cpv: p.cpvMain,
      valore: euroText(p.estimatedValue),
      opzioni: euroText(p.optionsValue),
      cup: p.cup ?? '',
      pnrr: p.pnrr,
      rup: p.rupName,
      procedura: p.procedureCode ? PROCEDURE_LABELS[p.procedureCode as ProcedureCode] : '',
      base_giuridica: chosen?.legalBasis ?? '',
      operatori_minimi: chosen?.minOperators ?? '',
      criterio: p.awardCriterion ? CRITERION_LABELS[p.awardCriterion as keyof typeof CRITERION_LABELS] : '',
      soglia_ue: euroText(advice.euThreshold),
      termine_offerte: p.offerDeadline
        ? new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'long', timeStyle: 'short' }).format(p.offerDeadline)
        : '',
      aggiudicatario: awardee?.operator.name ?? '',
      importo_aggiudicazione: euroText(p.awardAmount),
      offerenti: participants.filter((x) => x.role !== 'invited').map((x) => x.operator.name).join(', '),
      lotti: lots.map((l) => ({ numero: l.number, titolo: l.title, valore: euroText(l.value), cig: l.cig ?? '' })),
      verifiche: [],
      luogo_data: `${entiMap.get(p.provinciaId)?.name ?? ''}, ${itDate(today())}`,
    };
  });

  search.registerSource('procurement_procedure', async (source, emit) => {
    for (const p of await repo.all(source)) await emit(source, await searchEntryOf(source, p));
  });

  notifications.defineEvent('procurement.submitted', {
    module: 'procurement',
    label: { it: 'Nuove richieste di procedura alla SUA', en: 'New procurement requests to the SUA' },
    defaults: { inApp: true, email: 'immediate' },
    render: (p, l) => ({
      title: l === 'it' ? `Nuova richiesta alla SUA: ${String(p.number)}` : `New procurement request: ${String(p.number)}`,
      body: `${String(p.comune)}: ${String(p.title)}`,
    }),
  });
  notifications.defineEvent('procurement.state_changed', {
    module: 'procurement',
    label: { it: 'Avanzamento delle procedure di gara', en: 'Progress of procurement procedures' },
    defaults: { inApp: true, email: 'immediate' },
    render: (p, l) => {
      const to = STATE_LABELS[p.to as ProcedureState]?.[l] ?? String(p.to);
      return {
        title: l === 'it' ? `La procedura ${String(p.number)} è ${to}` : `Procedure ${String(p.number)} is ${to}`,
        body: [String(p.title), String(p.note ?? '')].filter(Boolean).join('\n'),
      };
    },
  });

  // ------------------------------------------------------------ the service

  const service = {
    advice: (ctx: RequestContext, input: AdviceInput) => {
      if (!ctx.actor) throw unauthenticated();
      return adviceOf(input);
    },

    async rules(ctx: RequestContext, date?: string) {
      if (!ctx.actor) throw unauthenticated();
      const rows = await repo.rules(db);
      const at = date ?? today();
      return {
        items: rows
          .filter((r) => r.validFrom <= at && (!r.validTo || at <= r.validTo))
          .map((r) => ({ ...r, unit: r.unit as 'EUR', value: r.value })),
      };
    },

    /** Reference templates of the SUA, one per document type (stored once). */
    async ensureTemplates(): Promise<number> {
      let n = 0;
      for (const docType of DocTypes) {
        const label = docTypeLabels[docType].it;
        await templates.ensureReference({
          purpose: templatePurpose(docType),
          name: `SUA — ${label}`,
          description: `Modello della Stazione Unica Appaltante: ${label}`,
          ownerType: RECORD_TYPE,
          bytes: referenceTemplate(docType, label),
        });
        n++;
      }
      return n;
    },

    async list(ctx: RequestContext, q: ProcedureQuery) {
      if (!ctx.actor) throw unauthenticated();
      const scope = scopeOf(ctx);
      if (!scope.comuneIds.length && !scope.provinciaIds.length) return { items: [], total: 0 };
      const [comune, provincia] = await Promise.all([q.comune ? repo.enteByKey(db, q.comune) : null, q.provincia ? repo.enteByKey(db, q.provincia) : null]);
      if ((q.comune && !comune) || (q.provincia && !provincia)) return { items: [], total: 0 };
      const { items, total } = await repo.list(db, {
        scope,
        state: q.state,
        comuneId: comune?.id,
        provinciaId: provincia?.id,
        objectType: q.objectType,
        procedureCode: q.procedureCode,
        q: q.q,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return {
        items: items.map((r) => ({
          ...r,
          state: r.state as ProcedureState,
          procedureCode: r.procedureCode as ProcedureCode | null,
          objectType: r.objectType as ObjectType,
          estimatedValue: Number(r.estimatedValue),
          offerDeadline: iso(r.offerDeadline),
          updatedAt: r.updatedAt.toISOString(),
        })),
        total,
      };
    },

    async get(ctx: RequestContext, id: string) {
      const p = await readable(ctx, id);
      return detail(ctx, db, p);
    },

    /** A Comune asks its Province's SUA to run a procurement: allowed only under an active SUA convention. */
    async create(ctx: RequestContext, input: ProcedureCreate) {
      if (!ctx.actor) throw unauthenticated();
      const actor = ctx.actor;
      const comune = await repo.ente(db, input.comuneId);
      if (!comune || !can(actor, { type: 'procedure.create', comuneId: comune.id, enteType: comune.type })) {
        throw invalid([issue('body.comuneId', 'Non puoi chiedere procedure per questo ente')]);
      }
      validateCodes(input);
      const provincia = comune.parentId ? await repo.ente(db, comune.parentId) : null;
      if (!provincia) throw new AppError(409, 'no_province', 'The Comune has no Province on record');
      const conventionId = await repo.suaConvention(db, comune.id, provincia.id);
      if (!conventionId) {
        throw new AppError(
          409,
          'no_convention',
          `Il Comune di ${comune.name} non ha una convenzione attiva con la Stazione Unica Appaltante della ${provincia.name}: per aderire, la Giunta approva lo schema di convenzione proposto dalla Provincia e lo sottoscrive; la Provincia la registra nella sezione Convenzioni della rete.`,
          { provincia: { id: provincia.id, name: provincia.name } },
        );
      }
      const t = await repo.terms(db, conventionId);
      if (t?.maxValue && input.estimatedValue > Number(t.maxValue)) {
        throw new AppError(
          409,
          'over_convention_cap',
          `La convenzione affida alla SUA procedure fino a ${euroText(t.maxValue)}: questa vale ${euroText(input.estimatedValue)}`,
          { maxValue: Number(t.maxValue) },
        );
      }
      const p = await db.transaction(async (tx) => {
        const year = Number(today().slice(0, 4));
        const n = await repo.nextNumber(tx, provincia.id, year);
        const row = await repo.insert(tx, {
          number: `SUA-${provincia.carPlate ?? provincia.istatCode ?? 'XX'}-${year}-${String(n).padStart(4, '0')}`,
          comuneId: comune.id,
          provinciaId: provincia.id,
          conventionId,
          requestedBy: actor.userId,
          title: input.title,
          description: input.description ?? null,
          objectType: input.objectType,
          sia: input.sia,
          cpvMain: input.cpvMain,
          cpvSecondary: input.cpvSecondary,
          estimatedValue: money(input.estimatedValue),
          optionsValue: money(input.optionsValue),
          cup: input.cup ?? null,
          pnrr: input.pnrr,
          fundingNote: input.fundingNote ?? null,
          rupName: input.rupName,
          rupEmail: input.rupEmail ?? null,
          desiredStart: input.desiredStart ?? null,
          desiredAward: input.desiredAward ?? null,
          socialServices: input.socialServices,
          labourIntensive: input.labourIntensive,
          innovative: input.innovative,
        });
        await repo.replaceLots(tx, row.id, input.lots.map((l) => ({ title: l.title, value: money(l.value), cpv: l.cpv ?? null })));
        await repo.addTeamMember(tx, row.id, actor.userId, 'rup');
        await repo.addEvent(tx, { procedureId: row.id, fromState: null, toState: 'bozza', note: null, actorId: actor.userId });
        await audit.record(tx, ctx, {
          action: 'procurement.create',
          entityType: RECORD_TYPE,
          entityId: row.id,
          enteId: comune.id,
          changes: { number: row.number, title: row.title, estimatedValue: row.estimatedValue, objectType: row.objectType },
        });
        await index(tx, row);
        return row;
      });
      return detail(ctx, db, p);
    },

    async update(ctx: RequestContext, id: string, input: ProcedureUpdate) {
      const current = await readable(ctx, id);
      if (!can(ctx.actor, { type: 'procedure.edit_request', ...facts(current) })) {
        throw new AppError(409, 'not_editable', 'The request can be changed only by the Comune while it is a draft');
      }
      validateCodes(input, current);
      const { version, lots, ...fields } = input;
      const values: Record<string, unknown> = { ...fields };
      if (fields.estimatedValue !== undefined) values.estimatedValue = money(fields.estimatedValue);
      if (fields.optionsValue !== undefined) values.optionsValue = money(fields.optionsValue);
      const p = await db.transaction(async (tx) => {
        const row = await repo.update(tx, id, version, values);
        if (!row) throw conflict();
        if (lots) await repo.replaceLots(tx, id, lots.map((l) => ({ title: l.title, value: money(l.value), cpv: l.cpv ?? null })));
        await audit.record(tx, ctx, { action: 'procurement.update', entityType: RECORD_TYPE, entityId: id, enteId: row.comuneId, changes: { ...fields, lots: lots?.length } });
        await index(tx, row);
        return row;
      });
      return detail(ctx, db, p);
    },

    async transition(ctx: RequestContext, id: string, t: ProcedureTransition) {
      const p = await readable(ctx, id);
      const from = p.state as ProcedureState;
      const sides = sidesOf(ctx, p);
      const side = sides.sua && canTransition(from, t.to, 'sua') ? 'sua' : sides.comune && canTransition(from, t.to, 'comune') ? 'comune' : null;
      if (!side) {
        throw new AppError(409, 'invalid_transition', `A procedure ${from} cannot become ${t.to}`, { from, to: t.to, allowed: allowedTransitions(from, sides) });
      }
      const at = now();
      const lots = await repo.lotsOf(db, id);
      const advice = await adviceFor(p, lots);
      const b = await book(referenceDate(p));
      const f: GuardFacts = { now: at, today: romeDate(at), missingDocuments: [], fvoeFallbackDays: b.int('FVOE_FALLBACK_DAYS') };
      const values: Partial<ProcedureRow> = { state: t.to, stateChangedAt: at };
      let participantRole: { operatorId: string; role: string; offerAmount?: string } | null = null;

      switch (t.to) {
        case 'bozza':
          values.returnNote = t.note;
          break;
        case 'istruttoria':
          values.returnNote = null;
          break;
        case 'documenti': {
          f.allowedProcedures = advice.allowedProcedures.map((a) => a.code);
          f.procedureAllowed = f.allowedProcedures.includes(t.procedureCode);
          if (advice.awardCriterion.oepvMandatory && t.awardCriterion === 'PREZZO') {
            throw new AppError(409, 'criterion_not_allowed', `The lowest price criterion is not allowed here (${advice.awardCriterion.legalBasis})`, {
              legalBasis: advice.awardCriterion.legalBasis,
            });
          }
          const cap = advice.awardCriterion.priceCapPercent;
          if (cap !== undefined && t.priceCapPercent !== undefined && t.priceCapPercent !== null && t.priceCapPercent > cap) {
            throw invalid([issue('body.priceCapPercent', `Il peso del prezzo non può superare il ${cap}% (art. 108 c.4)`)]);
          }
          values.procedureCode = t.procedureCode;
          values.awardCriterion = t.awardCriterion;
          values.priceCapPercent = t.priceCapPercent === undefined || t.priceCapPercent === null ? (cap !== undefined ? String(cap) : null) : String(t.priceCapPercent);
          values.justification = t.justification ?? null;
          break;
        }
        case 'pronta': {
          const docs = await repo.docsOf(db, id);
          f.missingDocuments = docs.filter((x) => x.required && PUBLICATION_FOLDERS.includes(x.folder) && !DONE_DOC_STATES.has(x.state as ProcedureDocState)).map((x) => x.docType);
          break;
        }
        case 'pubblicata': {
          f.publishedOn = t.publishedOn;
          f.offerDeadline = new Date(t.offerDeadline);
          f.minimumOfferDays = minimumDays(p.procedureCode as ProcedureCode, b);
          values.publishedOn = t.publishedOn;
          values.platform = t.platform;
          values.offerDeadline = f.offerDeadline;
          break;
        }
        case 'valutazione':
          f.offerDeadline = p.offerDeadline;
          if (from === 'proposta' || from === 'verifica') {
            // the proposal falls: the operator goes back among the bidders
            values.awardeeId = null;
            values.awardAmount = null;
            values.proposalOn = null;
            if (p.awardeeId) participantRole = { operatorId: p.awardeeId, role: 'bidder' };
          }
          break;
        case 'proposta': {
          const participants = await repo.participantsOf(db, id);
          f.operatorIsParticipant = participants.some((x) => x.operator.id === t.operatorId && x.role !== 'excluded' && x.role !== 'invited');
          values.awardeeId = t.operatorId;
          values.awardAmount = money(t.amount);
          values.proposalOn = t.proposalOn ?? f.today;
          participantRole = { operatorId: t.operatorId, role: 'proposed_awardee', offerAmount: money(t.amount) };
          break;
        }
        case 'verifica':
          f.hasProposedAwardee = !!p.awardeeId;
          break;
        case 'aggiudicata': {
          f.hasProposedAwardee = !!p.awardeeId;
          if (p.awardeeId) {
            const result = await checksResultOf(p.id, p.awardeeId, f.today);
            f.checksResult = result.result;
            f.pendingChecks = result.pending;
          }
          f.proposalOn = p.proposalOn;
          f.fvoeFallback = !!t.fvoeFallback;
          const awardedOn = t.awardedOn ?? f.today;
          Object.assign(values, { awardedOn, fvoeFallbackNote: t.fvoeFallback?.note ?? null }, afterAward(awardedOn, advice.standstillDays, advice.stipulaDays));
          if (p.awardeeId) participantRole = { operatorId: p.awardeeId, role: 'awardee' };
          break;
        }
        case 'stipula':
          f.standstillEnd = p.standstillEnd;
          values.signedOn = t.signedOn ?? f.today;
          break;
        case 'esecuzione':
        case 'chiusa':
        case 'deserta':
        case 'annullata':
          break;
      }
      const failure = guard(t.to, f);
      if (failure) throw new AppError(409, failure.code, failure.message, failure.details);

      const updated = await db.transaction(async (tx) => {
        const row = await repo.update(tx, id, t.version, values);
        if (!row) throw conflict();
        await repo.addEvent(tx, { procedureId: id, fromState: from, toState: t.to, note: t.note ?? null, actorId: ctx.actor!.userId, at });
        if (participantRole) await repo.setParticipantRole(tx, id, participantRole.operatorId, participantRole.role, participantRole.offerAmount);
        if (t.to === 'documenti') {
          await planDocuments(tx, row, advice);
          await repo.addTeamMember(tx, id, ctx.actor!.userId, 'sua_officer');
        }
        await publishDeadlines(tx, row);
        await audit.record(tx, ctx, {
          action: 'procurement.transition',
          entityType: RECORD_TYPE,
          entityId: id,
          enteId: side === 'sua' ? row.provinciaId : row.comuneId,
          changes: { from, to: t.to, ...(t.note ? { note: t.note } : {}), ...values, stateChangedAt: undefined, offerDeadline: iso(row.offerDeadline) },
        });
        const entiMap = await repo.entiByIds(tx, [row.comuneId]);
        if (t.to === 'istruttoria') {
          await notifications.publish(tx, {
            type: 'procurement.submitted',
            recipients: (await repo.membersWithRoles(tx, row.provinciaId, SUA_ROLES)).map((u) => u.id),
            actorId: ctx.actor!.userId,
            record: { type: RECORD_TYPE, id },
            url: url(id),
            params: { number: row.number, title: row.title, comune: entiMap.get(row.comuneId)?.name ?? '' },
          });
        } else {
          await notifications.publish(tx, {
            type: 'procurement.state_changed',
            recipients: await stakeholders(tx, row, false),
            actorId: ctx.actor!.userId,
            record: { type: RECORD_TYPE, id },
            url: url(id),
            params: { number: row.number, title: row.title, from, to: t.to, note: t.note ?? '' },
          });
        }
        await index(tx, row);
        return row;
      });
      if (t.to === 'verifica' && updated.awardeeId && hooks.onVerification) await hooks.onVerification(ctx, updated.id, updated.awardeeId);
      return detail(ctx, db, updated);
    },

    async setCig(ctx: RequestContext, id: string, lotId: string, cig: string | null) {
      const p = await manageable(ctx, id);
      return db.transaction(async (tx) => {
        const lot = await repo.setCig(tx, id, lotId, cig);
        if (!lot) throw notFound('lot');
        await audit.record(tx, ctx, { action: 'procurement.lot_cig', entityType: RECORD_TYPE, entityId: id, enteId: p.provinciaId, changes: { lotId, cig } });
        return { id: lot.id, number: lot.number, title: lot.title, value: Number(lot.value), cpv: lot.cpv, cig: lot.cig };
      });
    },

    // ---------------------------------------------------------- team
    async teamCandidates(ctx: RequestContext, id: string) {
      const p = await manageable(ctx, id);
      const [comune, sua] = await Promise.all([
        repo.membersWithRoles(db, p.comuneId, ['comune_user', 'ente_admin', 'referent']),
        repo.membersWithRoles(db, p.provinciaId, SUA_ROLES),
      ]);
      return { items: [...comune, ...sua].map((u) => ({ id: u.id, displayName: u.displayName, enteName: u.enteName })) };
    },
    async addTeamMember(ctx: RequestContext, id: string, input: { userId: string; role: TeamRole }) {
      const p = await manageable(ctx, id);
      const candidates = (await service.teamCandidates(ctx, id)).items;
      const who = candidates.find((c) => c.id === input.userId);
      if (!who) throw invalid([issue('body.userId', 'La persona non appartiene al Comune né alla SUA della procedura')]);
      const row = await db.transaction(async (tx) => {
        const r = await repo.addTeamMember(tx, id, input.userId, input.role);
        if (!r) throw conflict('already_member', 'The person already has this role in the team');
        await audit.record(tx, ctx, { action: 'procurement.team_add', entityType: RECORD_TYPE, entityId: id, enteId: p.provinciaId, changes: input });
        return r;
      });
      return { id: row.id, user: { id: who.id, displayName: who.displayName }, role: input.role, enteName: who.enteName };
    },
    async removeTeamMember(ctx: RequestContext, id: string, memberId: string) {
      const p = await manageable(ctx, id);
      await db.transaction(async (tx) => {
        const r = await repo.removeTeamMember(tx, id, memberId);
        if (!r) throw notFound('team member');
        await audit.record(tx, ctx, { action: 'procurement.team_remove', entityType: RECORD_TYPE, entityId: id, enteId: p.provinciaId, changes: { memberId, userId: r.userId, role: r.role } });
      });
    },

    // ---------------------------------------------------------- participants
    async participants(ctx: RequestContext, id: string) {
      const p = await readable(ctx, id);
      // the Comune sees who takes part only once the offers are open (art. 35 c.2: secrecy of the invited)
      const sua = isSuaOf(ctx.actor, p.provinciaId);
      const rows = await repo.participantsOf(db, id);
      const visible = sua || !['documenti', 'pronta', 'pubblicata'].includes(p.state) ? rows : [];
      return {
        items: visible.map((r) => ({
          id: r.id,
          operator: { id: r.operator.id, name: r.operator.name, taxCode: r.operator.taxCode },
          role: r.role as 'invited',
          offerAmount: euroNumber(r.offerAmount),
          rank: r.rank,
        })),
      };
    },
    async addParticipant(ctx: RequestContext, id: string, input: { operatorId: string; role: string; offerAmount?: number | null; rank?: number | null }) {
      const p = await manageable(ctx, id);
      const op = await repo.operatorExists(db, input.operatorId);
      if (!op) throw invalid([issue('body.operatorId', 'Operatore economico sconosciuto')]);
      if (input.role === 'proposed_awardee' || input.role === 'awardee') {
        throw invalid([issue('body.role', 'La proposta e l’aggiudicazione si registrano con il cambio di stato della procedura')]);
      }
      const row = await db.transaction(async (tx) => {
        const r = await repo.addParticipant(tx, {
          procedureId: id,
          operatorId: op.id,
          role: input.role,
          offerAmount: input.offerAmount === undefined || input.offerAmount === null ? null : money(input.offerAmount),
          rank: input.rank ?? null,
        });
        if (!r) throw conflict('already_participant', 'The operator already takes part in the procedure');
        await audit.record(tx, ctx, { action: 'procurement.participant_add', entityType: RECORD_TYPE, entityId: id, enteId: p.provinciaId, changes: input });
        return r;
      });
      return (await service.participants(ctx, id)).items.find((x) => x.id === row.id)!;
    },
    async updateParticipant(ctx: RequestContext, id: string, participantId: string, input: { role?: string; offerAmount?: number | null; rank?: number | null }) {
      const p = await manageable(ctx, id);
      if (input.role === 'proposed_awardee' || input.role === 'awardee') {
        throw invalid([issue('body.role', 'La proposta e l’aggiudicazione si registrano con il cambio di stato della procedura')]);
      }
      await db.transaction(async (tx) => {
        const values: Record<string, unknown> = {};
        if (input.role !== undefined) values.role = input.role;
        if (input.offerAmount !== undefined) values.offerAmount = input.offerAmount === null ? null : money(input.offerAmount);
        if (input.rank !== undefined) values.rank = input.rank;
        const r = await repo.updateParticipant(tx, id, participantId, values);
        if (!r) throw notFound('participant');
        await audit.record(tx, ctx, { action: 'procurement.participant_update', entityType: RECORD_TYPE, entityId: id, enteId: p.provinciaId, changes: { participantId, ...input } });
      });
      const item = (await service.participants(ctx, id)).items.find((x) => x.id === participantId);
      if (!item) throw notFound('participant');
      return item;
    },
    async removeParticipant(ctx: RequestContext, id: string, participantId: string) {
      const p = await manageable(ctx, id);
      await db.transaction(async (tx) => {
        const r = await repo.removeParticipant(tx, id, participantId);
        if (!r) throw notFound('participant');
        if (r.operatorId === p.awardeeId) throw new AppError(409, 'participant_is_awardee', 'The proposed awardee cannot be removed');
        await audit.record(tx, ctx, { action: 'procurement.participant_remove', entityType: RECORD_TYPE, entityId: id, enteId: p.provinciaId, changes: { participantId } });
      });
    },

    // ---------------------------------------------------------- convention terms and transparency
    /** The terms of a SUA convention: read by its Province's SUA and by the Comuni party to it. */
    async getTerms(ctx: RequestContext, conventionId: string) {
      if (!ctx.actor) throw unauthenticated();
      const c = await repo.convention(db, conventionId);
      if (!c || !c.services.includes('sua')) throw notFound('SUA convention');
      const party = (await Promise.all((ctx.actor.memberships ?? []).map((m) => repo.conventionParty(db, conventionId, m.enteId)))).some(Boolean);
      if (!isSuaOf(ctx.actor, c.ownerEnteId) && !party) throw notFound('SUA convention');
      const t = await repo.terms(db, conventionId);
      const n = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
      return {
        conventionId,
        conventionTitle: c.title,
        maxValue: n(t?.maxValue),
        feePercent: n(t?.feePercent),
        feeMin: n(t?.feeMin),
        feeMax: n(t?.feeMax),
        suaLevelSf: (t?.suaLevelSf ?? null) as 'SF1' | null,
        suaLevelWorks: (t?.suaLevelWorks ?? null) as 'L1' | null,
        note: t?.note ?? null,
        version: t?.version ?? 0,
      };
    },
    /** The Province's SUA sets the cap and the fee of its convention. */
    async putTerms(
      ctx: RequestContext,
      conventionId: string,
      input: { maxValue: number | null; feePercent: number | null; feeMin: number | null; feeMax: number | null; suaLevelSf: string | null; suaLevelWorks: string | null; note?: string | null; version: number },
    ) {
      if (!ctx.actor) throw unauthenticated();
      const c = await repo.convention(db, conventionId);
      if (!c || !c.services.includes('sua')) throw notFound('SUA convention');
      if (!isSuaOf(ctx.actor, c.ownerEnteId)) throw forbidden();
      const m = (v: number | null) => (v === null ? null : money(v));
      await db.transaction(async (tx) => {
        const row = await repo.saveTerms(tx, conventionId, input.version, {
          maxValue: m(input.maxValue),
          feePercent: input.feePercent === null ? null : input.feePercent.toFixed(2),
          feeMin: m(input.feeMin),
          feeMax: m(input.feeMax),
          suaLevelSf: input.suaLevelSf,
          suaLevelWorks: input.suaLevelWorks,
          note: input.note ?? null,
        });
        if (!row) throw conflict();
        await audit.record(tx, ctx, { action: 'procurement.terms', entityType: 'convention', entityId: conventionId, enteId: c.ownerEnteId, changes: { ...input } });
      });
      return service.getTerms(ctx, conventionId);
    },
    /** Public: the procedures a Comune entrusted to the SUA, once published (art. 28 D.Lgs. 36/2023). */
    async transparency(q: { comune: string; page: number; pageSize: number }) {
      const comune = await repo.enteByKey(db, q.comune);
      if (!comune || comune.type !== 'comune') throw notFound('comune');
      const { items, total } = await repo.published(db, comune.id, q.pageSize, (q.page - 1) * q.pageSize);
      const awarded = new Set(['aggiudicata', 'stipula', 'esecuzione', 'chiusa']);
      return {
        comune: enteRef(comune),
        total,
        items: items.map(({ p, sua, awardee, cig }) => ({
          id: p.id,
          number: p.number,
          title: p.title,
          state: p.state as ProcedureState,
          objectType: p.objectType as ObjectType,
          procedureCode: p.procedureCode as ProcedureCode | null,
          awardCriterion: p.awardCriterion as ProcedureDetail['awardCriterion'],
          estimatedValue: Number(p.estimatedValue),
          cig: cig ?? [],
          cup: p.cup,
          publishedOn: p.publishedOn,
          platform: p.platform,
          offerDeadline: iso(p.offerDeadline),
          awardee: awarded.has(p.state) ? awardee : null,
          awardAmount: awarded.has(p.state) ? euroNumber(p.awardAmount) : null,
          awardedOn: awarded.has(p.state) ? p.awardedOn : null,
          sua,
        })),
      };
    },

    // ---------------------------------------------------------- rotation and verifiable draw
    async draws(ctx: RequestContext, id: string) {
      const p = await readable(ctx, id);
      const rows = await repo.drawsOf(db, id);
      // the Comune sees who was drawn only once the offers are open (secrecy of the invited, art. 35 c.2)
      if (!isSuaOf(ctx.actor, p.provinciaId) && ['documenti', 'pronta', 'pubblicata'].includes(p.state)) return { items: [] };
      const ops = await repo.operatorsByIds(db, rows.flatMap((r) => [...r.candidates, ...(r.excluded as { operatorId: string }[]).map((e) => e.operatorId)]));
      const people = await repo.usersByIds(db, rows.flatMap((r) => (r.drawnBy ? [r.drawnBy] : [])));
      const ref = (opId: string) => ops.get(opId) ?? { id: opId, name: '', taxCode: '' };
      return {
        items: rows.map((r) => {
          const again = draw(r.candidates, r.publicSeed, r.requested);
          return {
            id: r.id,
            requested: r.requested,
            publicSeed: r.publicSeed,
            candidatesSha256: r.candidatesSha256,
            candidates: r.candidates.map(ref),
            excluded: (r.excluded as { operatorId: string; reason: string }[]).map((e) => ({ operator: ref(e.operatorId), reason: e.reason })),
            drawn: r.drawn.map(ref),
            drawnBy: r.drawnBy ? (people.get(r.drawnBy) ?? null) : null,
            drawnAt: r.drawnAt.toISOString(),
            verified: again.candidatesSha256 === r.candidatesSha256 && again.drawn.join() === r.drawn.join(),
          };
        }),
      };
    },

    /**
     * Draws the operators to invite among those of the registry not yet in the procedure, leaving out the outgoing
     * contractor (art. 49) unless a reason is given; the drawn operators are added as invited.
     */
    async draw(ctx: RequestContext, id: string, input: { count: number; publicSeed: string; includeOutgoing?: { reason: string } }) {
      const p = await manageable(ctx, id);
      if (!['documenti', 'pronta'].includes(p.state)) {
        throw new AppError(409, 'draw_not_allowed', 'Operators are drawn while the tender file is prepared, before publication');
      }
      const [all, current, previous] = await Promise.all([repo.operatorIds(db), repo.participantsOf(db, id), repo.previousAwards(db, p.comuneId, id)]);
      const taken = new Set(current.map((x) => x.operator.id));
      const outgoing = outgoingContractor(p.cpvMain, previous);
      const excluded =
        outgoing && !input.includeOutgoing && !taken.has(outgoing.operatorId)
          ? [{ operatorId: outgoing.operatorId, reason: `Contraente uscente della procedura ${outgoing.procedureNumber} (${outgoing.awardedOn}), stesso settore CPV: rotazione, art. 49 c.2` }]
          : [];
      const candidates = all.filter((o) => !taken.has(o) && !excluded.some((e) => e.operatorId === o));
      if (candidates.length < input.count) {
        throw new AppError(409, 'not_enough_operators', `Only ${candidates.length} operators can be drawn`, { available: candidates.length });
      }
      const result = draw(candidates, input.publicSeed, input.count);
      const row = await db.transaction(async (tx) => {
        const r = await repo.insertDraw(tx, {
          procedureId: id,
          requested: input.count,
          candidates: [...candidates].sort(),
          excluded,
          publicSeed: input.publicSeed,
          candidatesSha256: result.candidatesSha256,
          drawn: result.drawn,
          drawnBy: ctx.actor!.userId,
        });
        for (const operatorId of result.drawn) await repo.addParticipant(tx, { procedureId: id, operatorId, role: 'invited' });
        await audit.record(tx, ctx, {
          action: 'procurement.draw',
          entityType: RECORD_TYPE,
          entityId: id,
          enteId: p.provinciaId,
          changes: { drawId: r.id, count: input.count, publicSeed: input.publicSeed, candidatesSha256: result.candidatesSha256, drawn: result.drawn, excluded, includeOutgoing: input.includeOutgoing?.reason ?? null },
        });
        return r;
      });
      return (await service.draws(ctx, id)).items.find((x) => x.id === row.id)!;
    },

    // ---------------------------------------------------------- documents
    async documents(ctx: RequestContext, id: string) {
      const p = await readable(ctx, id);
      return { items: await presentDocs(ctx, p, await repo.docsOf(db, id)) };
    },

    /** Drafts the document from the SUA's template (or the one chosen), filled with the procedure's data. */
    async draft(ctx: RequestContext, id: string, docType: DocType, input: { templateId?: string; pdfa: boolean }) {
      const { p, row } = await docFor(ctx, id, docType, 'edit');
      if (row.state === 'approvato' || row.state === 'firmato') throw new AppError(409, 'document_approved', 'An approved document is reopened before it is drafted again');
      const templateId = input.templateId ?? (await templates.byPurpose(templatePurpose(docType)));
      if (!templateId) throw new AppError(409, 'no_template', 'There is no template for this document: upload the file instead');
      const label = docTypeLabels[docType];
      const created = await templates.createDocument(ctx, {
        templateId,
        ownerType: RECORD_TYPE,
        ownerId: id,
        title: `${label.it} — ${p.number}`,
        data: {},
        pdfa: input.pdfa,
      });
      return attach(ctx, p, row, created.id, 'draft');
    },

    /** Links a file uploaded to the procedure (documents service) as the document of a type. */
    async link(ctx: RequestContext, id: string, docType: DocType, documentId: string) {
      const { p, row } = await docFor(ctx, id, docType, 'edit');
      if (row.state === 'approvato' || row.state === 'firmato') throw new AppError(409, 'document_approved', 'An approved document is reopened before another file is linked');
      const doc = await documents.findDocument(db, documentId);
      if (!doc || doc.ownerType !== RECORD_TYPE || doc.ownerId !== id) throw invalid([issue('body.documentId', 'Il documento deve essere caricato nella procedura')]);
      return attach(ctx, p, row, documentId, 'link');
    },

    async docTransition(ctx: RequestContext, id: string, docType: DocType, input: { to: ProcedureDocState; version: number; note?: string | null }) {
      const p = await readable(ctx, id);
      const row = await repo.findDoc(db, id, docType);
      if (!row) throw notFound('document of the procedure');
      const { allowed } = docAllowed(ctx, p, row);
      if (!allowed.includes(input.to)) {
        const { canEdit } = docAllowed(ctx, p, row);
        if (!canEdit && !can(ctx.actor, { type: 'document.approve', producer: row.producer as 'sua', ...facts(p) })) throw forbidden();
        throw new AppError(409, 'invalid_transition', `A document ${row.state} cannot become ${input.to}`, { from: row.state, to: input.to, allowed });
      }
      if (input.to === 'firmato') {
        const sig = row.documentId ? await documents.signatures(ctx, row.documentId) : null;
        const s = sig?.signatures;
        if (!s || 'error' in s || s.signers.length === 0) {
          throw new AppError(409, 'not_signed', 'Upload the digitally signed file (PAdES or CAdES) as the current version first');
        }
      }
      const approving = input.to === 'approvato';
      // the approved text is kept as PDF/A-2b, the format of the tender file (AgID Allegato 2)
      if (approving && row.documentId) await toPdfA(ctx, row.documentId);
      const updated = await db.transaction(async (tx) => {
        const r = await repo.updateDoc(tx, row.id, input.version, {
          state: input.to,
          ...(approving ? { approvedBy: ctx.actor!.userId, approvedAt: now() } : {}),
          ...(input.to === 'in_bozza' ? { approvedBy: null, approvedAt: null } : {}),
        });
        if (!r) throw conflict();
        await audit.record(tx, ctx, {
          action: 'procurement.document_transition',
          entityType: RECORD_TYPE,
          entityId: id,
          enteId: row.producer === 'sua' ? p.provinciaId : p.comuneId,
          changes: { docType, from: row.state, to: input.to, documentId: row.documentId, ...(input.note ? { note: input.note } : {}) },
        });
        return r;
      });
      return (await presentDocs(ctx, p, [updated]))[0]!;
    },

    async checklist(ctx: RequestContext, id: string) {
      return checklistOf(await readable(ctx, id));
    },

    /**
     * The tender file as a ZIP for the e-procurement platform: the procedure's fascicolo (documents approved or
     * signed, with their AgID metadata and the SInCRO index) plus `procedura/ocds.json` and `procedura/checklist.json`.
     */
    async export(ctx: RequestContext, id: string, force = false) {
      const p = await manageable(ctx, id);
      const check = await checklistOf(p);
      if (!check.ready && !force) throw new AppError(409, 'documents_incomplete', 'The tender file is not complete', { missing: check.missing });
      const fascicoloId = await ensureFascicolo(ctx, p);
      const ocds = buildReleasePackage(await ocdsInput(ctx, p), ocdsOptions(p));
      return fascicoli.export(ctx, fascicoloId, [
        { path: 'procedura/ocds.json', data: Buffer.from(JSON.stringify(ocds, null, 2), 'utf8'), format: 'application/json' },
        { path: 'procedura/checklist.json', data: Buffer.from(JSON.stringify(check, null, 2), 'utf8'), format: 'application/json' },
      ]);
    },

    async ocds(ctx: RequestContext, id: string) {
      const p = await readable(ctx, id);
      return buildReleasePackage(await ocdsInput(ctx, p), ocdsOptions(p));
    },

    // ---------------------------------------------------------- tasks and dashboard
    async tasks(ctx: RequestContext) {
      if (!ctx.actor) throw unauthenticated();
      const scope = scopeOf(ctx);
      if (!scope.comuneIds.length && !scope.provinciaIds.length) return { items: [] };
      const suaScope: ProcedureScope = { comuneIds: [], provinciaIds: scope.provinciaIds };
      const comuneScope: ProcedureScope = { comuneIds: scope.comuneIds, provinciaIds: [] };
      const t = today();
      const items: { procedure: { id: string; number: string; title: string; state: ProcedureState }; kind: string; labelIt: string; labelEn: string; due: string | null }[] = [];
      const ref = (p: ProcedureRow) => ({ id: p.id, number: p.number, title: p.title, state: p.state as ProcedureState });
      const push = (p: ProcedureRow, kind: string, labelIt: string, labelEn: string, due: string | null = null) => items.push({ procedure: ref(p), kind, labelIt, labelEn, due });
      const LIMIT = 50;
      if (scope.comuneIds.length) {
        for (const p of await repo.inStates(db, comuneScope, ['bozza'], LIMIT)) {
          if (speaksForComune(ctx.actor, p.comuneId)) push(p, 'submit', p.returnNote ? 'Correggere la richiesta e rinviarla alla SUA' : 'Completare la richiesta e inviarla alla SUA', p.returnNote ? 'Fix the request and send it back' : 'Complete the request and send it to the SUA');
        }
        for (const x of await repo.docsWaiting(db, comuneScope, LIMIT)) {
          if (x.producer === 'comune') push(x.procedure, x.state === 'da_redigere' ? 'draft' : 'approve', `${docTypeLabels[x.docType as DocType].it}: ${x.state === 'da_redigere' ? 'da redigere' : 'da approvare'}`, `${docTypeLabels[x.docType as DocType].en}: ${x.state === 'da_redigere' ? 'to draft' : 'to approve'}`);
        }
      }
      if (scope.provinciaIds.length) {
        const sua = await repo.inStates(db, suaScope, ['istruttoria', 'documenti', 'pronta', 'pubblicata', 'proposta', 'verifica', 'aggiudicata'], LIMIT * 4);
        for (const p of sua) {
          switch (p.state) {
            case 'istruttoria':
              push(p, 'review', 'Esaminare la richiesta del Comune e scegliere la procedura', 'Review the Comune’s request and choose the procedure');
              break;
            case 'pronta':
              push(p, 'publish', 'Pubblicare sulla piattaforma di approvvigionamento', 'Publish on the e-procurement platform');
              break;
            case 'pubblicata':
              if (p.offerDeadline && p.offerDeadline.getTime() <= now().getTime()) push(p, 'evaluate', 'Offerte scadute: avviare la valutazione', 'Offers closed: start the evaluation', iso(p.offerDeadline));
              break;
            case 'proposta':
              push(p, 'verify', 'Avviare le verifiche dei requisiti sull’aggiudicatario proposto', 'Start the requirement checks on the proposed awardee');
              break;
            case 'verifica':
              push(p, 'award', 'Completare le verifiche e aggiudicare', 'Complete the checks and award');
              break;
            case 'aggiudicata':
              if (!p.standstillEnd || p.standstillEnd <= t) push(p, 'sign', 'Stipulare il contratto', 'Sign the contract', p.stipulaDeadline);
              break;
            default:
              break;
          }
        }
        for (const x of await repo.docsWaiting(db, suaScope, LIMIT)) {
          push(x.procedure, x.state === 'da_redigere' ? 'draft' : 'approve', `${docTypeLabels[x.docType as DocType].it}: ${x.state === 'da_redigere' ? 'da redigere' : 'da approvare'}`, `${docTypeLabels[x.docType as DocType].en}: ${x.state === 'da_redigere' ? 'to draft' : 'to approve'}`);
        }
        const warn = (await book(t)).int('CHECK_EXPIRY_WARNING_DAYS');
        for (const x of await repo.checksExpiring(db, suaScope, addDays(t, warn), LIMIT)) {
          push(x.procedure, 'check_expiring', `Verifica ${x.code}: certificato in scadenza`, `Check ${x.code}: evidence expiring`, x.validUntil);
        }
      }
      items.sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
      return { items: items.slice(0, 200) };
    },

    async dashboard(ctx: RequestContext, q: { provincia?: string }): Promise<ProcurementDashboard> {
      if (!ctx.actor) throw unauthenticated();
      const provincia = q.provincia ? await repo.enteByKey(db, q.provincia) : null;
      if (q.provincia && !provincia) throw notFound('provincia');
      let provinciaId = provincia?.id ?? null;
      if (!provinciaId && !can(ctx.actor, { type: 'dashboard.read', provinciaId: null })) {
        // a SUA sees its own Province by default
        provinciaId = scopeOf(ctx).provinciaIds[0] ?? null;
      }
      if (!can(ctx.actor, { type: 'dashboard.read', provinciaId })) throw forbidden();
      const b = await book(today());
      const edges = [b.cents('AD_MICRO_MAX') / 100, b.cents('AD_SELF_DECLARATION_MAX') / 100, b.cents('AD_SF_MAX') / 100, b.cents('AD_WORKS_MAX') / 100, b.cents('EU_SF_SUBCENTRAL') / 100, b.cents('NEG5_WORKS_MAX') / 100, b.cents('EU_WORKS') / 100]
        .filter((v, i, a) => a.indexOf(v) === i)
        .sort((x, y) => x - y);
      const r = await repo.dashboard(db, provinciaId, today(), edges);
      const count = (rows: { key: string | null; n: number; v: string | null; label?: string }[], label: (k: string) => string) =>
        rows.map((x) => ({ key: x.key ?? '', label: x.label ?? label(x.key ?? ''), count: x.n, value: Number(x.v ?? 0) }));
      const bandLabel = (k: string) => {
        const i = Number(k);
        const lo = i === 0 ? 0 : edges[i - 1]!;
        const hi = edges[i];
        return hi === undefined ? `≥ ${euroText(lo)}` : `${euroText(lo)} – ${euroText(hi - 0.01)}`;
      };
      const provinciaRef = provinciaId ? await repo.ente(db, provinciaId) : null;
      return {
        scope: { provincia: provinciaRef ? enteRef(provinciaRef) : null, provinces: r.totals.provinces },
        total: r.totals.n,
        valueHandled: Number(r.totals.handled),
        byState: count(r.byState, (k) => STATE_LABELS[k as ProcedureState]?.it ?? k).sort((a, b) => ProcedureStates.indexOf(a.key as ProcedureState) - ProcedureStates.indexOf(b.key as ProcedureState)),
        byComune: count(r.byComune, (k) => k),
        byObjectType: count(r.byObjectType, (k) => k),
        byProcedure: count(r.byProcedure, (k) => (k ? PROCEDURE_LABELS[k as ProcedureCode] ?? k : 'da scegliere')),
        byBand: count(r.byBand, bandLabel).sort((a, b) => Number(a.key) - Number(b.key)),
        byProvincia: count(r.byProvincia, (k) => k),
        medianDaysPerPhase: ProcedureStates.filter((s) => !TERMINAL_STATES.has(s)).map((s) => {
          const row = r.phases.find((x) => x.state === s);
          return { state: s, medianDays: row?.median ? Math.round(Number(row.median) * 10) / 10 : null, samples: row?.n ?? 0 };
        }),
        checksPending: r.checks.pending,
        checksExpiring: r.checks.expiring,
      };
    },

    async dashboardCsv(ctx: RequestContext, q: { provincia?: string }): Promise<string> {
      const x = await service.dashboard(ctx, q);
      const rows: (string | number)[][] = [['dimensione', 'chiave', 'etichetta', 'procedure', 'valore_euro']];
      const dims: [string, ProcurementDashboard['byState']][] = [
        ['stato', x.byState],
        ['comune', x.byComune],
        ['tipo', x.byObjectType],
        ['procedura', x.byProcedure],
        ['fascia', x.byBand],
        ['provincia', x.byProvincia],
      ];
      for (const [dim, list] of dims) for (const c of list) rows.push([dim, c.key, c.label, c.count, c.value.toFixed(2)]);
      for (const m of x.medianDaysPerPhase) rows.push(['giorni_mediani_fase', m.state, STATE_LABELS[m.state].it, m.samples, m.medianDays === null ? '' : m.medianDays.toFixed(1)]);
      return stringify(rows);
    },

    /** Puts the deadlines of every open procedure in the calendar (after a bulk load, e.g. the demo). */
    async syncDeadlines(): Promise<number> {
      const all = await repo.all(db);
      await db.transaction(async (tx) => {
        for (const p of all) await publishDeadlines(tx, p);
      });
      return all.length;
    },

    /** For the checks: the procedure, if the actor may read (or manage) it. */
    async access(ctx: RequestContext, id: string, action: 'read' | 'manage') {
      const p = action === 'manage' ? await manageable(ctx, id) : await readable(ctx, id);
      const lots = await repo.lotsOf(db, id);
      const advice = await adviceFor(p, lots);
      return {
        id: p.id,
        number: p.number,
        title: p.title,
        comuneId: p.comuneId,
        provinciaId: p.provinciaId,
        state: p.state as ProcedureState,
        objectType: p.objectType as ObjectType,
        estimatedValue: Number(p.estimatedValue),
        aboveEuThreshold: advice.aboveEuThreshold,
        sia: p.sia,
        audience: audienceOf(p),
        isDemo: p.isDemo,
      };
    },
  };

  /** Set by the module once the requirement checks exist: the checklist on the proposed awardee. */
  const hooks: {
    onVerification?: (ctx: RequestContext, procedureId: string, operatorId: string) => Promise<unknown>;
    checksResult?: (procedureId: string, operatorId: string, today: string) => Promise<{ result: 'none' | 'incomplete' | 'regolare' | 'irregolare' | 'scaduto'; pending: string[] }>;
  } = {};
  async function checksResultOf(procedureId: string, operatorId: string, t: string) {
    return hooks.checksResult ? hooks.checksResult(procedureId, operatorId, t) : { result: 'none' as const, pending: [] };
  }
  /** Adds the PDF/A-2b conversion of a DOCX current version as the document's next version. */
  async function toPdfA(ctx: RequestContext, documentId: string) {
    if (!d.office.sofficePath) return;
    const content = await documents.content(ctx, documentId);
    if (content.mediaType !== DOCX) return;
    const chunks: Buffer[] = [];
    for await (const c of content.open()) chunks.push(c as Buffer);
    let pdf: Buffer;
    try {
      pdf = await d.office.toPdfA(Buffer.concat(chunks), content.fileName);
    } catch (err) {
      throw new AppError(503, 'pdf_unavailable', `The document could not be converted to PDF/A: ${(err as Error).message}`);
    }
    const fileName = content.fileName.replace(/\.docx$/i, '') + '.pdf';
    async function* parts() {
      yield { type: 'file' as const, fieldname: 'file', filename: fileName, file: Readable.from([pdf]) };
    }
    await documents.addVersion(ctx, documentId, parts());
  }

  async function ensureFascicolo(ctx: RequestContext, p: ProcedureRow): Promise<string> {
    const fascicoloId = p.fascicoloId ?? (await openFascicolo(ctx, p));
    // every approved or signed document of the workspace is in the fascicolo
    const docs = await repo.docsOf(db, p.id);
    for (const r of docs.filter((x) => x.documentId && DONE_DOC_STATES.has(x.state as ProcedureDocState))) {
      await fascicoli.addDocument(ctx, fascicoloId, r.documentId!).catch((err: unknown) => {
        if (!(err instanceof AppError && err.code === 'already_added')) throw err;
      });
    }
    return fascicoloId;
  }

  async function openFascicolo(ctx: RequestContext, p: ProcedureRow): Promise<string> {
    const created = await fascicoli.create(ctx, {
      title: `${p.number} — ${p.title}`,
      aggregationType: 'Fascicolo',
      fascicoloType: 'procedimento amministrativo',
      enteId: p.provinciaId,
      responsible: p.rupName,
      note: `Fascicolo di gara della procedura ${p.number}`,
    });
    await repo.setFascicolo(db, p.id, created.id);
    return created.id;
  }

  const ocdsOptions = (p: ProcedureRow) => ({
    ocidPrefix: d.ocidPrefix,
    publisherName: 'Province & Comuni — UPI',
    baseUrl: d.baseUrl,
    publishedDate: p.updatedAt.toISOString(),
  });

  return Object.assign(service, { hooks, audienceOf });
}
export type ProcurementService = ReturnType<typeof createProcurementService>;

import type { Db, DbOrTx } from '@app/db';
import type {
  ConventionCreate,
  ConventionTransition,
  ConventionUpdate,
  EnteRef,
  EnteType,
  ProtocolTransition,
  ReferentInput,
  Service,
} from '@app/contracts';
import { Services } from '@app/contracts';
import { stringify } from 'csv-stringify/sync';
import type { FastifyBaseLogger } from 'fastify';
import type { RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import type { Mailer } from '../../lib/mailer.js';
import { audience, type RecordRegistry } from '../../lib/records.js';
import type { AuditService } from '../audit/audit.service.js';
import { startOfRomeDay, type CalendarItemInput } from '../calendar/calendar.service.js';
import { romeWallTime } from '../calendar/calendar.dates.js';
import type { SearchEntry, SearchSource } from '../search/search.service.js';
import { can, isUpi, memberEntes, type NetworkAction } from './network.policy.js';
import type { EnteRefRow, NetworkRepository, ProtocolRow, ConventionRow, MeetingRow, CandidatureRow, ReferentRow, LocalTableRow } from './network.repository.js';
import {
  CANDIDATURE_FLOW,
  CONVENTION_FLOW,
  EXPIRY_NOTICE_DAYS,
  PROTOCOL_FLOW,
  TABLE_FLOW,
  addDays,
  assertNotFuture,
  assertTransition,
  isExpiring,
  todayInRome,
  type CandidatureState,
  type TableState,
} from './network.workflow.js';

/** What the network needs of the document service: owner permissions, reference checks and locking. */
export interface DocumentsPort {
  findDocument(db: DbOrTx, id: string): Promise<{ id: string; ownerType: string; ownerId: string; locked: boolean } | null>;
  lock(tx: DbOrTx, id: string): Promise<void>;
  registerTemplateData(ownerType: string, provider: (ownerId: string) => Promise<Record<string, unknown> | null>): void;
  listForOwner(
    ctx: RequestContext,
    ownerType: string,
    ownerId: string,
  ): Promise<{ items: { id: string; title: string; mediaType: string; size: number }[] }>;
}

/** What the network needs of the calendar: its dated items (convention expiries, application deadlines, meetings). */
export interface CalendarPort {
  publish(tx: DbOrTx, item: CalendarItemInput): Promise<void>;
  remove(tx: DbOrTx, sourceType: string, sourceId: string, kind?: string): Promise<void>;
}

/** What the network needs of the global search: entries of protocols and conventions. */
export interface SearchPort {
  upsert(tx: DbOrTx, entry: SearchEntry): Promise<void>;
  remove(tx: DbOrTx, kind: string, refId: string): Promise<void>;
  setAudience(tx: DbOrTx, ownerType: string, ownerId: string, audience: string[]): Promise<void>;
  registerSource(kind: string, source: SearchSource): void;
}

export interface NetworkDeps {
  db: Db;
  repo: NetworkRepository;
  audit: AuditService;
  documents: DocumentsPort;
  records: RecordRegistry;
  calendar: CalendarPort;
  search: SearchPort;
  mailer: Mailer;
  log: FastifyBaseLogger;
  baseUrl: string;
}

type ConventionQuery = { provincia?: string; ente?: string; service?: string; state?: string; kind?: string; expiringWithinDays?: number; page: number; pageSize: number };

const SYSTEM: RequestContext = { actor: null, requestId: 'system' };
const PROVINCE_TYPES = new Set(['provincia', 'citta_metropolitana']);
const page = (q: { page: number; pageSize: number }) => ({ limit: q.pageSize, offset: (q.page - 1) * q.pageSize });

const enteRef = (e: EnteRefRow): EnteRef => ({ id: e.id, istatCode: e.istatCode, name: e.name, type: e.type as EnteType });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function createNetworkService(d: NetworkDeps) {
  const { db, repo, audit, documents, records, calendar, search } = d;

  function authorize(ctx: RequestContext, action: NetworkAction) {
    if (!ctx.actor) throw unauthenticated();
    if (!can(ctx.actor, action)) throw forbidden();
  }
  /** Enti whose records the actor may see; null = all (UPI). */
  const visibleEntes = (ctx: RequestContext): string[] | null => (isUpi(ctx.actor) ? null : [...memberEntes(ctx.actor)]);

  // ------------------------------------------------------------ presenters

  const presentReferent = (r: ReferentRow, e: EnteRefRow) => ({
    id: r.id,
    ente: enteRef(e),
    area: r.area as 'general' | Service,
    fullName: r.fullName,
    role: r.role,
    office: r.office,
    email: r.email,
    phone: r.phone,
    isDemo: r.isDemo,
    version: r.version,
  });

  const protocolSummary = (p: ProtocolRow, e: EnteRefRow) => ({
    id: p.id,
    provincia: { id: e.id, istatCode: e.istatCode ?? '', name: e.name, regionIstatCode: e.regionIstatCode ?? '' },
    state: p.state as keyof typeof PROTOCOL_FLOW,
    ...(p.sentOn ? { sentAt: p.sentOn } : {}),
    ...(p.signedOn ? { signedAt: p.signedOn } : {}),
    areas: p.areas as Service[],
    remindersSent: p.remindersSent,
  });
  const presentProtocol = (p: ProtocolRow, e: EnteRefRow) => ({
    ...protocolSummary(p, e),
    staffCount: p.staffCount,
    staffNote: p.staffNote,
    declinedReason: p.declinedReason,
    signedDocumentId: p.signedDocumentId,
    lastReminderAt: iso(p.lastReminderAt),
    isDemo: p.isDemo,
    version: p.version,
    allowed: PROTOCOL_FLOW[p.state as keyof typeof PROTOCOL_FLOW] ?? [],
  });

  async function presentConventions(tx: DbOrTx, rows: ConventionRow[]) {
    const [parties, owners] = await Promise.all([
      repo.partyEntiOf(
        tx,
        rows.map((c) => c.id),
      ),
      repo.entiByIds(
        tx,
        rows.map((c) => c.ownerEnteId),
      ),
    ]);
    const today = todayInRome();
    return rows.map((c) => ({
      summary: {
        id: c.id,
        kind: c.kind as 'upi_provincia' | 'provincia_comune',
        title: c.title,
        owner: enteRef(owners.get(c.ownerEnteId)!),
        parties: (parties.get(c.id) ?? []).map(enteRef),
        services: c.services as Service[],
        state: c.state as keyof typeof CONVENTION_FLOW,
        startsOn: c.startsOn,
        ...(c.endsOn ? { endsOn: c.endsOn } : {}),
        expiring: isExpiring(c.state, c.endsOn, today),
      },
      row: c,
    }));
  }
  const conventionDetail = (x: Awaited<ReturnType<typeof presentConventions>>[number]) => ({
    ...x.summary,
    legalBasis: x.row.legalBasis,
    signedDocumentId: x.row.signedDocumentId,
    withdrawnReason: x.row.withdrawnReason,
    isDemo: x.row.isDemo,
    version: x.row.version,
    allowed: CONVENTION_FLOW[x.row.state as keyof typeof CONVENTION_FLOW] ?? [],
  });

  async function presentMeetings(ctx: RequestContext, rows: MeetingRow[]) {
    const ds = await repo.decisionsOf(
      db,
      rows.map((m) => m.id),
    );
    return Promise.all(
      rows.map(async (m) => ({
        id: m.id,
        title: m.title,
        heldAt: m.heldAt.toISOString(),
        location: m.location,
        agenda: m.agenda,
        minutes: m.minutes,
        decisions: ds.filter((x) => x.meetingId === m.id).map((x) => ({ id: x.id, number: x.number, subject: x.subject, text: x.text })),
        documents: (await documents.listForOwner(ctx, 'meeting', m.id)).items.map((doc) => ({
          id: doc.id,
          title: doc.title,
          mediaType: doc.mediaType,
          size: doc.size,
        })),
      })),
    );
  }

  const presentCandidature = (c: CandidatureRow, e: EnteRefRow) => ({
    id: c.id,
    tableId: c.tableId,
    provincia: enteRef(e),
    motivation: c.motivation,
    state: c.state as CandidatureState,
    decisionNote: c.decisionNote,
    decidedAt: iso(c.decidedAt),
    createdAt: c.createdAt.toISOString(),
    version: c.version,
  });
  const tableFields = (t: LocalTableRow) => ({
    id: t.id,
    title: t.title,
    topic: t.topic,
    area: t.area as 'general' | Service,
    applyBy: t.applyBy,
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    state: t.state as TableState,
    outcomes: t.outcomes,
    version: t.version,
  });

  // ------------------------------------------------------------ helpers

  async function enteOrThrow(tx: DbOrTx, id: string, field?: string): Promise<EnteRefRow> {
    const e = (await repo.entiByIds(tx, [id])).get(id);
    if (e) return e;
    if (field) throw invalid(field, 'Ente inesistente');
    throw notFound('ente');
  }
  const invalid = (path: string, message: string) =>
    badRequest('validation_failed', 'Invalid input', { issues: [{ path: `body.${path}`, message }] });

  /** A document given as the signed copy of a record must have been uploaded to that record. */
  async function signedDocument(tx: DbOrTx, documentId: string, ownerType: string, ownerId: string) {
    const doc = await documents.findDocument(tx, documentId);
    if (!doc || doc.ownerType !== ownerType || doc.ownerId !== ownerId) {
      throw invalid('documentId', 'Il documento deve essere caricato su questo record');
    }
    await documents.lock(tx, documentId);
  }

  const csv = (rows: Record<string, unknown>[], columns: string[]) => stringify(rows, { header: true, columns });

  // ------------------------------------------------------------ document owners

  // protocols, conventions and meetings own documents, take comments and appear in the global search
  records.register('protocol', {
    access: async (ctx, id) => {
      const row = await repo.findProtocol(db, id);
      if (!row) return null;
      return {
        enteId: row.p.provinciaId,
        read: can(ctx.actor, { type: 'protocol.read', provinciaId: row.p.provinciaId }),
        write: can(ctx.actor, { type: 'protocol.transition' }),
      };
    },
    // who `protocol.read` admits: UPI and the members of the Province
    audience: async (tx, id) => {
      const row = await repo.findProtocol(tx, id);
      return row ? [audience.role('upi_admin'), audience.ente(row.p.provinciaId)] : null;
    },
    describe: async (tx, id) => {
      const row = await repo.findProtocol(tx, id);
      return row ? { title: `Protocollo d'intesa — ${row.e.name}`, url: `/rete/protocolli/${id}`, module: 'network' } : null;
    },
    commentable: true,
  });
  records.register('convention', {
    access: async (ctx, id) => {
      const c = await repo.findConvention(db, id);
      if (!c) return null;
      const parties = (await repo.partiesOf(db, [id])).get(id) ?? [];
      return {
        enteId: c.ownerEnteId,
        read: can(ctx.actor, { type: 'convention.read', ownerEnteId: c.ownerEnteId, partyIds: parties }),
        write: can(ctx.actor, { type: 'convention.write', kind: c.kind, ownerEnteId: c.ownerEnteId }),
      };
    },
    // who `convention.read` admits: UPI, the members of the owner and of every party
    audience: async (tx, id) => {
      const c = await repo.findConvention(tx, id);
      if (!c) return null;
      const parties = (await repo.partiesOf(tx, [id])).get(id) ?? [];
      return [audience.role('upi_admin'), audience.ente(c.ownerEnteId), ...parties.map((p) => audience.ente(p))];
    },
    describe: async (tx, id) => {
      const c = await repo.findConvention(tx, id);
      return c ? { title: c.title, url: `/rete/convenzioni/${id}`, module: 'network' } : null;
    },
    commentable: true,
  });
  // the data a protocol or convention gives to document templates (e.g. the protocol's text to sign)
  const itDate = (d: string | null) => (d ? d.split('-').reverse().join('/') : '');
  const serviceNames: Record<string, string> = { sua: 'Stazione Unica Appaltante', sape: 'Servizio Associato Politiche Europee', sit: 'Servizio Innovazione Tecnologica' };
  documents.registerTemplateData('protocol', async (id) => {
    const row = await repo.findProtocol(db, id);
    if (!row) return null;
    return {
      provincia: row.e.name,
      codiceIstat: row.e.istatCode,
      stato: row.p.state,
      dataInvio: itDate(row.p.sentOn),
      dataFirma: itDate(row.p.signedOn),
      aree: row.p.areas.map((a) => ({ codice: a.toUpperCase(), nome: serviceNames[a] ?? a })),
      personale: row.p.staffCount ?? '',
      notePersonale: row.p.staffNote ?? '',
    };
  });
  documents.registerTemplateData('convention', async (id) => {
    const c = await repo.findConvention(db, id);
    if (!c) return null;
    const [x] = await presentConventions(db, [c]);
    return {
      titolo: c.title,
      titolare: x!.summary.owner.name,
      parti: x!.summary.parties.map((p) => ({ nome: p.name, codiceIstat: p.istatCode })),
      servizi: c.services.map((s) => ({ codice: s.toUpperCase(), nome: serviceNames[s] ?? s })),
      dataInizio: itDate(c.startsOn),
      dataFine: itDate(c.endsOn),
      baseGiuridica: c.legalBasis ?? '',
    };
  });
  records.register('meeting', {
    access: async (ctx, id) => {
      const m = await repo.findMeeting(db, id);
      if (!m) return null;
      return { enteId: null, read: can(ctx.actor, { type: 'network.read' }), write: can(ctx.actor, { type: 'network.admin' }) };
    },
    audience: async (tx, id) => ((await repo.findMeeting(tx, id)) ? [audience.member] : null),
  });

  // ------------------------------------------------------------ calendar items and search entries

  const areaNames: Record<string, string> = { sua: 'SUA', sape: 'SAPE', sit: 'SIT' };
  const protocolStates: Record<string, string> = { draft: 'in preparazione', sent: 'inviato', signed: 'firmato', declined: 'rifiutato' };

  async function protocolEntry(tx: DbOrTx, id: string): Promise<SearchEntry | null> {
    const row = await repo.findProtocol(tx, id);
    const aud = await records.audience(tx, 'protocol', id);
    if (!row || !aud) return null;
    const { p, e } = row;
    const body = [
      `Stato: ${protocolStates[p.state] ?? p.state}`,
      p.areas.length ? `Aree: ${p.areas.map((a) => `${areaNames[a] ?? a} (${serviceNames[a] ?? a})`).join(', ')}` : '',
      p.staffNote ?? '',
      p.declinedReason ?? '',
    ].filter(Boolean);
    return { kind: 'protocol', refId: id, ownerType: 'protocol', ownerId: id, title: `Protocollo d'intesa — ${e.name}`, body: body.join('\n'), url: `/rete/protocolli/${id}`, enteId: p.provinciaId, audience: aud };
  }
  async function conventionEntry(tx: DbOrTx, c: ConventionRow, aud: string[]): Promise<SearchEntry> {
    const parties = (await repo.partiesOf(tx, [c.id])).get(c.id) ?? [];
    const names = await repo.entiByIds(tx, [c.ownerEnteId, ...parties]);
    const body = [
      `Titolare: ${names.get(c.ownerEnteId)?.name ?? ''}`,
      `Parti: ${parties.map((x) => names.get(x)?.name ?? '').filter(Boolean).join(', ')}`,
      `Servizi: ${c.services.map((x) => serviceNames[x] ?? x).join(', ')}`,
      c.legalBasis ?? '',
    ].filter(Boolean);
    return { kind: 'convention', refId: c.id, ownerType: 'convention', ownerId: c.id, title: c.title, body: body.join('\n'), url: `/rete/convenzioni/${c.id}`, enteId: c.ownerEnteId, audience: aud };
  }

  async function syncProtocol(tx: DbOrTx, id: string) {
    const entry = await protocolEntry(tx, id);
    if (entry) await search.upsert(tx, entry);
    else await search.remove(tx, 'protocol', id);
  }
  /** The convention's search entry and its expiry date (while draft or active), with its current audience. */
  async function syncConvention(tx: DbOrTx, id: string) {
    const c = await repo.findConvention(tx, id);
    const aud = await records.audience(tx, 'convention', id);
    if (!c || !aud) {
      await search.remove(tx, 'convention', id);
      await calendar.remove(tx, 'convention', id);
      return;
    }
    await search.upsert(tx, await conventionEntry(tx, c, aud));
    await search.setAudience(tx, 'convention', id, aud);
    if (c.endsOn && (c.state === 'draft' || c.state === 'active')) {
      await calendar.publish(tx, {
        module: 'network',
        sourceType: 'convention',
        sourceId: id,
        kind: 'convention_expiry',
        title: `Scadenza della convenzione: ${c.title}`,
        description: `La convenzione «${c.title}» scade il ${itDate(c.endsOn)}.${c.state === 'draft' ? ' (Convenzione in bozza.)' : ''}`,
        startsAt: startOfRomeDay(c.endsOn),
        allDay: true,
        url: `/rete/convenzioni/${id}`,
        enteId: c.ownerEnteId,
        audience: aud,
        remindDays: [60, 30, 7, 1],
        isDemo: c.isDemo,
      });
    } else {
      await calendar.remove(tx, 'convention', id, 'convention_expiry');
    }
  }
  /** A local table's last day to apply, while it is open. */
  async function syncTable(tx: DbOrTx, id: string) {
    const t = await repo.findTable(tx, id);
    if (!t || t.state !== 'open') {
      await calendar.remove(tx, 'local_table', id, 'table_deadline');
      return;
    }
    await calendar.publish(tx, {
      module: 'network',
      sourceType: 'local_table',
      sourceId: id,
      kind: 'table_deadline',
      title: `Candidature al tavolo locale: ${t.title}`,
      description: `Ultimo giorno per candidarsi al tavolo locale di confronto «${t.title}».\n${t.topic}`,
      startsAt: startOfRomeDay(t.applyBy),
      allDay: true,
      url: `/rete/tavoli/${id}`,
      audience: [audience.member],
      isDemo: t.isDemo,
    });
  }
  /** A meeting of a governance body or a working group: at its time, or the whole day when no time is set (midnight). */
  async function syncMeeting(tx: DbOrTx, id: string) {
    const m = await repo.findMeeting(tx, id);
    if (!m) {
      await calendar.remove(tx, 'meeting', id, 'meeting');
      return;
    }
    const wall = romeWallTime(m.heldAt);
    const allDay = wall.hour === 0 && wall.minute === 0 && wall.second === 0;
    await calendar.publish(tx, {
      module: 'network',
      sourceType: 'meeting',
      sourceId: id,
      kind: 'meeting',
      title: m.title,
      description: m.agenda ?? '',
      startsAt: m.heldAt,
      allDay,
      url: m.bodyId ? `/rete/organi/${m.bodyId}` : m.groupId ? `/rete/gruppi/${m.groupId}` : null,
      location: m.location,
      audience: [audience.member],
      remindDays: [7, 1],
      isDemo: m.isDemo,
    });
  }

  search.registerSource('protocol', async (source, emit) => {
    for (const id of (await repo.derivedIds(source)).protocols) {
      const entry = await protocolEntry(source, id);
      if (entry) await emit(source, entry);
    }
  });
  search.registerSource('convention', async (source, emit) => {
    for (const id of (await repo.derivedIds(source)).conventions) {
      const c = await repo.findConvention(source, id);
      const aud = await records.audience(source, 'convention', id);
      if (c && aud) await emit(source, await conventionEntry(source, c, aud));
    }
  });

  return {
    /** (Re)publishes the calendar items and search entries of every network record (idempotent). */
    async syncDerived(): Promise<{ protocols: number; conventions: number; tables: number; meetings: number }> {
      const ids = await repo.derivedIds(db);
      await db.transaction(async (tx) => {
        for (const id of ids.protocols) await syncProtocol(tx, id);
        for (const id of ids.conventions) await syncConvention(tx, id);
        for (const id of ids.tables) await syncTable(tx, id);
        for (const id of ids.meetings) await syncMeeting(tx, id);
      });
      return { protocols: ids.protocols.length, conventions: ids.conventions.length, tables: ids.tables.length, meetings: ids.meetings.length };
    },

    // ------------------------------------------------------------ referents
    async listReferents(ctx: RequestContext, q: { ente?: string; area?: string; region?: string; page: number; pageSize: number }) {
      if (!ctx.actor) throw unauthenticated();
      if (q.ente) authorize(ctx, { type: 'ente.internal.read', enteId: q.ente });
      const scope = visibleEntes(ctx);
      if (scope && scope.length === 0) throw forbidden();
      const { rows, total } = await repo.listReferents(db, {
        enteIds: q.ente ? [q.ente] : scope,
        area: q.area,
        region: q.region,
        ...page(q),
      });
      const entiMap = await repo.entiByIds(
        db,
        rows.map((r) => r.enteId),
      );
      return { items: rows.map((r) => presentReferent(r, entiMap.get(r.enteId)!)), total };
    },
    async referentsCsv(ctx: RequestContext, q: { ente?: string; area?: string; region?: string }) {
      const { items } = await this.listReferents(ctx, { ...q, page: 1, pageSize: 100_000 });
      return csv(
        items.map((r) => ({ provincia: r.ente.name, istat: r.ente.istatCode, area: r.area, nome: r.fullName, ruolo: r.role, ufficio: r.office, email: r.email, telefono: r.phone })),
        ['provincia', 'istat', 'area', 'nome', 'ruolo', 'ufficio', 'email', 'telefono'],
      );
    },
    async provincesWithoutReferent(ctx: RequestContext, area: string) {
      authorize(ctx, { type: 'network.admin' });
      const rows = await repo.provincesWithoutReferent(db, area);
      return { items: rows.map(enteRef), total: rows.length };
    },
    async createReferent(ctx: RequestContext, enteId: string, input: ReferentInput) {
      authorize(ctx, { type: 'referent.write', enteId });
      const ente = await enteOrThrow(db, enteId);
      return db.transaction(async (tx) => {
        const r = await repo.insertReferent(tx, { enteId, ...input, email: input.email.toLowerCase() });
        await audit.record(tx, ctx, { action: 'referent.create', entityType: 'referent', entityId: r.id, enteId, changes: input });
        return presentReferent(r, ente);
      });
    },
    async updateReferent(ctx: RequestContext, id: string, input: ReferentInput & { version: number }) {
      const current = await repo.findReferent(db, id);
      if (!current) throw notFound('referent');
      authorize(ctx, { type: 'referent.write', enteId: current.enteId });
      const { version, ...fields } = input;
      return db.transaction(async (tx) => {
        const r = await repo.updateReferent(tx, id, version, { ...fields, email: fields.email.toLowerCase() });
        if (!r) throw conflict();
        await audit.record(tx, ctx, { action: 'referent.update', entityType: 'referent', entityId: id, enteId: r.enteId, changes: fields });
        return presentReferent(r, await enteOrThrow(tx, r.enteId));
      });
    },
    async deleteReferent(ctx: RequestContext, id: string) {
      const current = await repo.findReferent(db, id);
      if (!current) throw notFound('referent');
      authorize(ctx, { type: 'referent.write', enteId: current.enteId });
      await db.transaction(async (tx) => {
        await repo.deleteReferent(tx, id);
        await audit.record(tx, ctx, { action: 'referent.delete', entityType: 'referent', entityId: id, enteId: current.enteId, changes: { fullName: current.fullName, area: current.area } });
      });
    },

    // ------------------------------------------------------------ protocols
    async listProtocols(ctx: RequestContext, q: { state?: string; region?: string; page: number; pageSize: number }) {
      authorize(ctx, { type: 'network.read' });
      const { rows, total } = await repo.listProtocols(db, { state: q.state, region: q.region, ...page(q) });
      return { items: rows.map((r) => protocolSummary(r.p, r.e)), total };
    },
    async protocolsCsv(ctx: RequestContext, q: { state?: string; region?: string }) {
      const { items } = await this.listProtocols(ctx, { ...q, page: 1, pageSize: 1000 });
      return csv(
        items.map((p) => ({ provincia: p.provincia.name, istat: p.provincia.istatCode, regione: p.provincia.regionIstatCode, stato: p.state, inviato: p.sentAt ?? '', firmato: p.signedAt ?? '', aree: p.areas.join(' '), solleciti: p.remindersSent })),
        ['provincia', 'istat', 'regione', 'stato', 'inviato', 'firmato', 'aree', 'solleciti'],
      );
    },
    async getProtocol(ctx: RequestContext, id: string) {
      const row = await repo.findProtocol(db, id);
      if (!row) throw notFound('protocol');
      authorize(ctx, { type: 'protocol.read', provinciaId: row.p.provinciaId });
      return presentProtocol(row.p, row.e);
    },
    /** UPI issues the protocol to every programme Province that has none yet (as drafts). */
    async issueProtocols(ctx: RequestContext) {
      authorize(ctx, { type: 'network.admin' });
      return db.transaction(async (tx) => {
        const created = await repo.insertMissingProtocols(tx);
        if (created > 0) for (const pid of (await repo.derivedIds(tx)).protocols) await syncProtocol(tx, pid);
        await audit.record(tx, ctx, { action: 'protocol.issue', entityType: 'protocol', changes: { created } });
        return { created };
      });
    },
    async setCommitments(ctx: RequestContext, id: string, input: { areas: Service[]; staffCount?: number | null; staffNote?: string | null; version: number }) {
      const row = await repo.findProtocol(db, id);
      if (!row) throw notFound('protocol');
      authorize(ctx, { type: 'protocol.commitments', provinciaId: row.p.provinciaId });
      if (row.p.state === 'signed' || row.p.state === 'declined') {
        throw new AppError(409, 'protocol_closed', 'The commitments of a signed or declined protocol cannot change');
      }
      const { version, ...fields } = input;
      const areas = Services.filter((s) => fields.areas.includes(s));
      return db.transaction(async (tx) => {
        const p = await repo.updateProtocol(tx, id, version, { areas, staffCount: fields.staffCount ?? null, staffNote: fields.staffNote ?? null });
        if (!p) throw conflict();
        await audit.record(tx, ctx, { action: 'protocol.commitments', entityType: 'protocol', entityId: id, enteId: p.provinciaId, changes: { ...fields, areas } });
        await syncProtocol(tx, id);
        return presentProtocol(p, row.e);
      });
    },
    async transitionProtocol(ctx: RequestContext, id: string, t: ProtocolTransition) {
      const row = await repo.findProtocol(db, id);
      if (!row) throw notFound('protocol');
      authorize(ctx, { type: 'protocol.transition' });
      const from = row.p.state as keyof typeof PROTOCOL_FLOW;
      assertTransition(PROTOCOL_FLOW, from, t.to);
      return db.transaction(async (tx) => {
        let fields: Partial<ProtocolRow> = { state: t.to };
        if (t.to === 'sent') {
          assertNotFuture('date', t.date);
          fields = { ...fields, sentOn: t.date, declinedReason: null };
        } else if (t.to === 'signed') {
          assertNotFuture('date', t.date);
          if (row.p.sentOn && t.date < row.p.sentOn) throw invalid('date', "La data di firma non può precedere quella d'invio");
          await signedDocument(tx, t.documentId, 'protocol', id);
          fields = { ...fields, signedOn: t.date, signedDocumentId: t.documentId };
        } else if (t.to === 'declined') {
          fields = { ...fields, declinedReason: t.reason };
        } else {
          fields = { ...fields, sentOn: null };
        }
        const p = await repo.updateProtocol(tx, id, t.version, fields);
        if (!p) throw conflict();
        const { version: _v, ...changes } = t;
        await audit.record(tx, ctx, { action: `protocol.${t.to}`, entityType: 'protocol', entityId: id, enteId: p.provinciaId, changes: { from, ...changes } });
        await syncProtocol(tx, id);
        return presentProtocol(p, row.e);
      });
    },
    /** E-mails the referents of every Province whose protocol was sent and is not yet signed. */
    async sendReminders(ctx: RequestContext) {
      authorize(ctx, { type: 'network.admin' });
      const { rows } = await repo.listProtocols(db, { state: 'sent', limit: 1000, offset: 0 });
      let recipients = 0;
      const reminded: string[] = [];
      for (const { p, e } of rows) {
        const emails = [...new Set((await repo.referentsOf(db, e.id)).map((r) => r.email))];
        if (emails.length === 0) continue;
        for (const to of emails) {
          try {
            await d.mailer.send({
              to,
              subject: `Promemoria: Protocollo d'intesa UPI – ${e.name}`,
              text: [
                'Gentile referente,',
                '',
                `il Protocollo d'intesa tra l'Unione delle Province d'Italia e la ${e.name} è stato inviato il ${p.sentOn ?? ''} e risulta ancora da firmare.`,
                'Vi chiediamo di restituirlo firmato digitalmente oppure di comunicarci eventuali osservazioni.',
                '',
                `Scheda del protocollo: ${d.baseUrl}/rete/protocolli/${p.id}`,
                '',
                "Unione delle Province d'Italia – Province & Comuni",
              ].join('\n'),
            });
            recipients++;
          } catch (err) {
            d.log.warn({ err, to }, 'protocol reminder not delivered');
          }
        }
        reminded.push(p.id);
      }
      await db.transaction(async (tx) => {
        await repo.markReminded(tx, reminded);
        await audit.record(tx, ctx, { action: 'protocol.remind', entityType: 'protocol', changes: { protocols: reminded.length, recipients } });
      });
      return { protocols: reminded.length, recipients };
    },

    // ------------------------------------------------------------ conventions
    async listConventions(ctx: RequestContext, q: ConventionQuery) {
      if (!ctx.actor) throw unauthenticated();
      const scope = visibleEntes(ctx);
      let provinciaId: string | undefined;
      if (q.provincia) {
        const [p] = (await repo.programmeProvinces(db)).filter((x) => x.istatCode === q.provincia);
        if (!p) return { items: [], total: 0 };
        provinciaId = p.id;
      }
      const today = todayInRome();
      const { rows, total } = await repo.listConventions(db, {
        visibleTo: scope,
        provinciaId,
        enteId: q.ente,
        service: q.service,
        state: q.state,
        kind: q.kind,
        endsBy: q.expiringWithinDays ? addDays(today, q.expiringWithinDays) : undefined,
        today,
        ...page(q),
      });
      return { items: (await presentConventions(db, rows)).map((x) => x.summary), total };
    },
    async conventionsCsv(ctx: RequestContext, q: Omit<ConventionQuery, 'page' | 'pageSize'>) {
      const { items } = await this.listConventions(ctx, { ...q, page: 1, pageSize: 100_000 });
      return csv(
        items.map((c) => ({ titolo: c.title, tipo: c.kind, titolare: c.owner.name, parti: c.parties.map((p) => p.name).join('; '), servizi: c.services.join(' '), stato: c.state, inizio: c.startsOn, fine: c.endsOn ?? '' })),
        ['titolo', 'tipo', 'titolare', 'parti', 'servizi', 'stato', 'inizio', 'fine'],
      );
    },
    async getConvention(ctx: RequestContext, id: string) {
      const c = await repo.findConvention(db, id);
      if (!c) throw notFound('convention');
      const [x] = await presentConventions(db, [c]);
      authorize(ctx, { type: 'convention.read', ownerEnteId: c.ownerEnteId, partyIds: x!.summary.parties.map((p) => p.id) });
      return conventionDetail(x!);
    },
    async createConvention(ctx: RequestContext, input: ConventionCreate) {
      authorize(ctx, { type: 'convention.write', kind: input.kind, ownerEnteId: input.ownerEnteId });
      const owner = await enteOrThrow(db, input.ownerEnteId, 'ownerEnteId');
      const partyIds = [...new Set(input.partyIds)];
      await checkParties(input.kind, owner, partyIds);
      return db.transaction(async (tx) => {
        const c = await repo.insertConvention(
          tx,
          { kind: input.kind, title: input.title, ownerEnteId: owner.id, services: Services.filter((s) => input.services.includes(s)), startsOn: input.startsOn, endsOn: input.endsOn ?? null, legalBasis: input.legalBasis ?? null },
          partyIds,
        );
        await audit.record(tx, ctx, { action: 'convention.create', entityType: 'convention', entityId: c.id, enteId: owner.id, changes: { ...input, partyIds } });
        await syncConvention(tx, c.id);
        const [x] = await presentConventions(tx, [c]);
        return conventionDetail(x!);
      });
    },
    async updateConvention(ctx: RequestContext, id: string, input: ConventionUpdate) {
      const c = await repo.findConvention(db, id);
      if (!c) throw notFound('convention');
      authorize(ctx, { type: 'convention.write', kind: c.kind, ownerEnteId: c.ownerEnteId });
      if (c.state !== 'draft') throw new AppError(409, 'convention_not_draft', 'Only a draft convention can be edited', { state: c.state });
      const owner = await enteOrThrow(db, c.ownerEnteId);
      const partyIds = [...new Set(input.partyIds)];
      await checkParties(c.kind, owner, partyIds);
      const { version, ...fields } = input;
      return db.transaction(async (tx) => {
        const u = await repo.updateConvention(
          tx,
          id,
          version,
          { title: fields.title, services: Services.filter((s) => fields.services.includes(s)), startsOn: fields.startsOn, endsOn: fields.endsOn ?? null, legalBasis: fields.legalBasis ?? null },
          partyIds,
        );
        if (!u) throw conflict();
        await audit.record(tx, ctx, { action: 'convention.update', entityType: 'convention', entityId: id, enteId: c.ownerEnteId, changes: { ...fields, partyIds } });
        await syncConvention(tx, id);
        const [x] = await presentConventions(tx, [u]);
        return conventionDetail(x!);
      });
    },
    async transitionConvention(ctx: RequestContext, id: string, t: ConventionTransition) {
      const c = await repo.findConvention(db, id);
      if (!c) throw notFound('convention');
      authorize(ctx, { type: 'convention.write', kind: c.kind, ownerEnteId: c.ownerEnteId });
      const from = c.state as keyof typeof CONVENTION_FLOW;
      assertTransition(CONVENTION_FLOW, from, t.to);
      const today = todayInRome();
      return db.transaction(async (tx) => {
        let fields: Partial<ConventionRow> = { state: t.to };
        if (t.to === 'active') {
          if (c.endsOn && c.endsOn < today) throw invalid('to', 'La convenzione è già scaduta: correggere la data di fine');
          if (t.documentId) {
            await signedDocument(tx, t.documentId, 'convention', id);
            fields = { ...fields, signedDocumentId: t.documentId };
          }
        } else if (t.to === 'expired') {
          if (!c.endsOn || c.endsOn >= today) throw invalid('to', 'Una convenzione scade solo dopo la data di fine');
        } else {
          fields = { ...fields, withdrawnReason: t.reason };
        }
        const u = await repo.updateConvention(tx, id, t.version, fields);
        if (!u) throw conflict();
        const { version: _v, ...changes } = t;
        await audit.record(tx, ctx, { action: `convention.${t.to}`, entityType: 'convention', entityId: id, enteId: c.ownerEnteId, changes: { from, ...changes } });
        await syncConvention(tx, id);
        const [x] = await presentConventions(tx, [u]);
        return conventionDetail(x!);
      });
    },
    /** Moves active conventions past their end date to `expired` (run at start-up and daily). */
    async expireDue(today = todayInRome()): Promise<number> {
      const due = await repo.dueToExpire(db, today);
      for (const c of due) {
        await db.transaction(async (tx) => {
          const u = await repo.updateConvention(tx, c.id, c.version, { state: 'expired' });
          if (!u) return;
          await audit.record(tx, SYSTEM, { action: 'convention.expired', entityType: 'convention', entityId: c.id, enteId: c.ownerEnteId, changes: { from: 'active', endsOn: c.endsOn } });
          await syncConvention(tx, c.id);
        });
      }
      return due.length;
    },
    async adhesion(ctx: RequestContext, provinciaId: string) {
      const p = await enteOrThrow(db, provinciaId);
      if (!PROVINCE_TYPES.has(p.type)) throw badRequest('not_a_province', 'The ente is not a Province');
      authorize(ctx, { type: 'ente.internal.read', enteId: p.id });
      const rows = await repo.adhesion(db, p.istatCode!);
      const items = rows.map((r) => ({
        id: r.id,
        istatCode: r.istatCode ?? '',
        name: r.name,
        population: r.population,
        services: { sua: r.services.includes('sua'), sape: r.services.includes('sape'), sit: r.services.includes('sit') },
      }));
      return {
        provincia: enteRef(p),
        items,
        totals: {
          comuni: items.length,
          population: items.reduce((s, i) => s + (i.population ?? 0), 0),
          sua: items.filter((i) => i.services.sua).length,
          sape: items.filter((i) => i.services.sape).length,
          sit: items.filter((i) => i.services.sit).length,
        },
      };
    },

    // ------------------------------------------------------------ governance bodies
    async listBodies(ctx: RequestContext) {
      authorize(ctx, { type: 'network.read' });
      const rows = await repo.listBodies(db);
      return { items: rows.map((r) => ({ id: r.b.id, code: r.b.code, name: r.b.name, description: r.b.description, members: r.members, meetings: r.meetings })), total: rows.length };
    },
    async getBody(ctx: RequestContext, id: string) {
      authorize(ctx, { type: 'network.read' });
      const b = await repo.findBody(db, id);
      if (!b) throw notFound('body');
      const members = await repo.bodyMembersOf(db, id);
      return {
        id: b.id,
        code: b.code,
        name: b.name,
        description: b.description,
        members: members.map((m) => ({ id: m.id, fullName: m.fullName, organisation: m.organisation, role: m.role, fromOn: m.fromOn, toOn: m.toOn })),
        meetings: await presentMeetings(ctx, await repo.meetingsOf(db, { bodyId: id })),
      };
    },
    async addBodyMember(ctx: RequestContext, bodyId: string, input: { fullName: string; organisation: string; role: string; fromOn?: string | null; toOn?: string | null }) {
      authorize(ctx, { type: 'network.admin' });
      if (!(await repo.findBody(db, bodyId))) throw notFound('body');
      return db.transaction(async (tx) => {
        const m = await repo.insertBodyMember(tx, { bodyId, ...input, fromOn: input.fromOn ?? null, toOn: input.toOn ?? null });
        await audit.record(tx, ctx, { action: 'body.member.add', entityType: 'governance_body', entityId: bodyId, changes: input });
        return { id: m.id, fullName: m.fullName, organisation: m.organisation, role: m.role, fromOn: m.fromOn, toOn: m.toOn };
      });
    },
    async removeBodyMember(ctx: RequestContext, memberId: string) {
      authorize(ctx, { type: 'network.admin' });
      await db.transaction(async (tx) => {
        const m = await repo.deleteBodyMember(tx, memberId);
        if (!m) throw notFound('member');
        await audit.record(tx, ctx, { action: 'body.member.remove', entityType: 'governance_body', entityId: m.bodyId, changes: { fullName: m.fullName } });
      });
    },
    async createMeeting(ctx: RequestContext, owner: { bodyId?: string; groupId?: string }, input: { title: string; heldAt: string; location?: string | null; agenda?: string | null; minutes?: string | null }) {
      authorize(ctx, { type: 'network.admin' });
      if (owner.bodyId && !(await repo.findBody(db, owner.bodyId))) throw notFound('body');
      if (owner.groupId && !(await repo.findGroup(db, owner.groupId))) throw notFound('group');
      const m = await db.transaction(async (tx) => {
        const row = await repo.insertMeeting(tx, { ...owner, title: input.title, heldAt: new Date(input.heldAt), location: input.location ?? null, agenda: input.agenda ?? null, minutes: input.minutes ?? null });
        await audit.record(tx, ctx, { action: 'meeting.create', entityType: 'meeting', entityId: row.id, changes: { ...owner, ...input } });
        await syncMeeting(tx, row.id);
        return row;
      });
      // presented after the commit: the document service reads outside this transaction
      return (await presentMeetings(ctx, [m]))[0]!;
    },
    async updateMeeting(ctx: RequestContext, id: string, input: { title: string; heldAt: string; location?: string | null; agenda?: string | null; minutes?: string | null }) {
      authorize(ctx, { type: 'network.admin' });
      const m = await db.transaction(async (tx) => {
        const row = await repo.updateMeeting(tx, id, { title: input.title, heldAt: new Date(input.heldAt), location: input.location ?? null, agenda: input.agenda ?? null, minutes: input.minutes ?? null });
        if (!row) throw notFound('meeting');
        await audit.record(tx, ctx, { action: 'meeting.update', entityType: 'meeting', entityId: id, changes: input });
        await syncMeeting(tx, id);
        return row;
      });
      return (await presentMeetings(ctx, [m]))[0]!;
    },
    async addDecision(ctx: RequestContext, meetingId: string, input: { number: string; subject: string; text: string }) {
      authorize(ctx, { type: 'network.admin' });
      if (!(await repo.findMeeting(db, meetingId))) throw notFound('meeting');
      return db.transaction(async (tx) => {
        const x = await repo.insertDecision(tx, { meetingId, ...input });
        await audit.record(tx, ctx, { action: 'decision.create', entityType: 'meeting', entityId: meetingId, changes: input });
        return { id: x.id, number: x.number, subject: x.subject, text: x.text };
      });
    },
    async searchDecisions(ctx: RequestContext, q: { q?: string; body?: string; page: number; pageSize: number }) {
      authorize(ctx, { type: 'network.read' });
      const { rows, total } = await repo.searchDecisions(db, { q: q.q, bodyId: q.body, ...page(q) });
      return {
        items: rows.map((r) => ({
          id: r.d.id,
          number: r.d.number,
          subject: r.d.subject,
          text: r.d.text,
          meeting: { id: r.meeting.id, title: r.meeting.title, heldAt: r.meeting.heldAt.toISOString() },
          body: r.body,
        })),
        total,
      };
    },

    // ------------------------------------------------------------ working groups
    async listGroups(ctx: RequestContext) {
      authorize(ctx, { type: 'network.read' });
      const rows = await repo.listGroups(db);
      const leads = await repo.entiByIds(db, rows.map((r) => r.leadId).filter((x): x is string => !!x));
      return {
        items: rows.map((r) => ({
          id: r.g.id,
          area: r.g.area as Service,
          name: r.g.name,
          description: r.g.description,
          lead: r.leadId && leads.get(r.leadId) ? enteRef(leads.get(r.leadId)!) : null,
          members: r.members,
        })),
        total: rows.length,
      };
    },
    async getGroup(ctx: RequestContext, id: string) {
      authorize(ctx, { type: 'network.read' });
      const g = await repo.findGroup(db, id);
      if (!g) throw notFound('group');
      const members = await repo.groupMembersOf(db, id);
      const lead = members.find((m) => m.m.isLead && !m.m.leftOn);
      return {
        id: g.id,
        area: g.area as Service,
        name: g.name,
        description: g.description,
        lead: lead ? enteRef(lead.e) : null,
        members: members.map((m) => ({ id: m.m.id, ente: enteRef(m.e), isLead: m.m.isLead, joinedOn: m.m.joinedOn, leftOn: m.m.leftOn })),
        meetings: await presentMeetings(ctx, await repo.meetingsOf(db, { groupId: id })),
      };
    },
    async addGroupMember(ctx: RequestContext, groupId: string, input: { enteId: string; isLead: boolean; joinedOn: string }) {
      authorize(ctx, { type: 'network.admin' });
      if (!(await repo.findGroup(db, groupId))) throw notFound('group');
      const e = await enteOrThrow(db, input.enteId, 'enteId');
      if (!PROVINCE_TYPES.has(e.type)) throw invalid('enteId', 'Un gruppo di lavoro è composto da Province');
      if (await repo.currentMembership(db, groupId, e.id)) throw new AppError(409, 'already_member', 'The Province is already a member of the group');
      return db.transaction(async (tx) => {
        const m = await repo.insertGroupMember(tx, { groupId, ...input });
        await audit.record(tx, ctx, { action: 'group.member.add', entityType: 'working_group', entityId: groupId, enteId: e.id, changes: input });
        return { id: m.id, ente: enteRef(e), isLead: m.isLead, joinedOn: m.joinedOn, leftOn: m.leftOn };
      });
    },
    async leaveGroup(ctx: RequestContext, memberId: string, leftOn: string) {
      authorize(ctx, { type: 'network.admin' });
      const m = await repo.findGroupMember(db, memberId);
      if (!m) throw notFound('member');
      if (m.leftOn) throw new AppError(409, 'already_left', 'The Province has already left the group');
      if (leftOn < m.joinedOn) throw invalid('leftOn', "La data di uscita non può precedere quella d'ingresso");
      const e = await enteOrThrow(db, m.enteId);
      return db.transaction(async (tx) => {
        const u = await repo.leaveGroup(tx, memberId, leftOn);
        await audit.record(tx, ctx, { action: 'group.member.leave', entityType: 'working_group', entityId: m.groupId, enteId: m.enteId, changes: { leftOn } });
        return { id: u!.id, ente: enteRef(e), isLead: u!.isLead, joinedOn: u!.joinedOn, leftOn: u!.leftOn };
      });
    },

    // ------------------------------------------------------------ local tables
    async listTables(ctx: RequestContext) {
      authorize(ctx, { type: 'network.read' });
      const rows = await repo.listTables(db);
      return { items: rows.map((r) => ({ ...tableFields(r.t), participants: r.participants, candidatures: r.candidatures })), total: rows.length };
    },
    async getTable(ctx: RequestContext, id: string) {
      authorize(ctx, { type: 'network.read' });
      const t = await repo.findTable(db, id);
      if (!t) throw notFound('table');
      const scope = isUpi(ctx.actor) ? null : [...memberEntes(ctx.actor)];
      const cs = await repo.candidaturesOf(db, id, scope);
      const entiMap = await repo.entiByIds(db, cs.map((c) => c.provinciaId));
      return {
        ...tableFields(t),
        candidatures: cs.map((c) => presentCandidature(c, entiMap.get(c.provinciaId)!)),
        participants: (await repo.participantsOf(db, id)).map(enteRef),
      };
    },
    async createTable(ctx: RequestContext, input: { title: string; topic: string; area: string; applyBy: string; startsOn: string; endsOn?: string | null }) {
      authorize(ctx, { type: 'network.admin' });
      return db.transaction(async (tx) => {
        const t = await repo.insertTable(tx, { ...input, endsOn: input.endsOn ?? null });
        await audit.record(tx, ctx, { action: 'table.create', entityType: 'local_table', entityId: t.id, changes: input });
        await syncTable(tx, t.id);
        return { ...tableFields(t), candidatures: [], participants: [] };
      });
    },
    async updateTable(ctx: RequestContext, id: string, input: { state: TableState; outcomes?: string | null; version: number }) {
      authorize(ctx, { type: 'network.admin' });
      const t = await repo.findTable(db, id);
      if (!t) throw notFound('table');
      if (input.state !== t.state) assertTransition(TABLE_FLOW, t.state as TableState, input.state);
      await db.transaction(async (tx) => {
        const u = await repo.updateTable(tx, id, input.version, { state: input.state, outcomes: input.outcomes ?? null });
        if (!u) throw conflict();
        await audit.record(tx, ctx, { action: 'table.update', entityType: 'local_table', entityId: id, changes: { from: t.state, state: input.state, outcomes: input.outcomes } });
        await syncTable(tx, id);
      });
      return this.getTable(ctx, id);
    },
    async apply(ctx: RequestContext, tableId: string, input: { provinciaId: string; motivation: string }) {
      authorize(ctx, { type: 'candidature.create', provinciaId: input.provinciaId });
      const t = await repo.findTable(db, tableId);
      if (!t) throw notFound('table');
      const p = await enteOrThrow(db, input.provinciaId, 'provinciaId');
      if (!PROVINCE_TYPES.has(p.type)) throw invalid('provinciaId', 'Solo una Provincia può candidarsi');
      if (t.state !== 'open' || todayInRome() > t.applyBy) throw new AppError(409, 'table_closed', 'Applications to this table are closed', { applyBy: t.applyBy });
      if (await repo.findCandidatureOf(db, tableId, p.id)) throw new AppError(409, 'already_applied', 'The Province has already applied to this table');
      return db.transaction(async (tx) => {
        const c = await repo.insertCandidature(tx, { tableId, provinciaId: p.id, motivation: input.motivation });
        await audit.record(tx, ctx, { action: 'candidature.create', entityType: 'candidature', entityId: c.id, enteId: p.id, changes: input });
        return presentCandidature(c, p);
      });
    },
    async decideCandidature(ctx: RequestContext, id: string, input: { to: 'accepted' | 'rejected' | 'withdrawn'; note?: string | null; version: number }) {
      const c = await repo.findCandidature(db, id);
      if (!c) throw notFound('candidature');
      authorize(ctx, input.to === 'withdrawn' ? { type: 'candidature.withdraw', provinciaId: c.provinciaId } : { type: 'candidature.decide' });
      assertTransition(CANDIDATURE_FLOW, c.state as CandidatureState, input.to);
      const p = await enteOrThrow(db, c.provinciaId);
      return db.transaction(async (tx) => {
        const u = await repo.updateCandidature(tx, id, input.version, { state: input.to, decisionNote: input.note ?? null, decidedAt: new Date() });
        if (!u) throw conflict();
        await audit.record(tx, ctx, { action: `candidature.${input.to}`, entityType: 'candidature', entityId: id, enteId: c.provinciaId, changes: { from: c.state, note: input.note } });
        return presentCandidature(u, p);
      });
    },

    // ------------------------------------------------------------ dashboard and ente page
    async dashboard(ctx: RequestContext) {
      authorize(ctx, { type: 'network.read' });
      const today = todayInRome();
      const [regions, pCounts, notSigned, cCounts, active, reach, programmePopulation, groups, tablesCount] = await Promise.all([
        repo.regionNames(db),
        repo.protocolCounts(db),
        repo.provincesNotSigned(db),
        repo.conventionCounts(db),
        repo.conventionsActive(db, today, addDays(today, EXPIRY_NOTICE_DAYS)),
        repo.reach(db),
        repo.programmeComuniPopulation(db),
        repo.groupCount(db),
        repo.tableCounts(db),
      ]);
      const byState = { draft: 0, sent: 0, signed: 0, declined: 0 };
      const byRegion = new Map<string, { total: number; signed: number }>();
      for (const r of pCounts) {
        byState[r.state as keyof typeof byState] += r.n;
        const x = byRegion.get(r.region ?? '') ?? { total: 0, signed: 0 };
        x.total += r.n;
        if (r.state === 'signed') x.signed += r.n;
        byRegion.set(r.region ?? '', x);
      }
      const convByRegion = new Map<string, Record<Service, number>>();
      const byService = { sua: 0, sape: 0, sit: 0 };
      for (const r of cCounts) {
        const x = convByRegion.get(r.region ?? '') ?? { sua: 0, sape: 0, sit: 0 };
        x[r.service as Service] += r.n;
        byService[r.service as Service] += r.n;
        convByRegion.set(r.region ?? '', x);
      }
      const regionName = (code: string) => regions.get(code) ?? code;
      return {
        protocols: {
          total: Object.values(byState).reduce((a, b) => a + b, 0),
          byState,
          byRegion: [...byRegion].map(([code, x]) => ({ regionIstatCode: code, name: regionName(code), ...x })).sort((a, b) => a.regionIstatCode.localeCompare(b.regionIstatCode)),
          missing: notSigned.map(enteRef),
        },
        conventions: {
          active: active.active,
          expiring: active.expiring,
          byService,
          byRegion: [...convByRegion].map(([code, x]) => ({ regionIstatCode: code, name: regionName(code), ...x })).sort((a, b) => a.regionIstatCode.localeCompare(b.regionIstatCode)),
        },
        reach: Services.map((service) => {
          const r = reach.find((x) => x.service === service);
          const population = Number(r?.population ?? 0);
          return {
            service,
            comuni: r?.comuni ?? 0,
            population,
            populationShare: programmePopulation ? Math.round((population / programmePopulation) * 10_000) / 10_000 : 0,
          };
        }),
        programmePopulation,
        workingGroups: groups,
        localTables: tablesCount,
      };
    },
    async enteNetwork(ctx: RequestContext, enteId: string) {
      authorize(ctx, { type: 'network.read' });
      const e = await enteOrThrow(db, enteId);
      const internal = can(ctx.actor, { type: 'ente.internal.read', enteId });
      const [refs, protocol, conv, groups] = await Promise.all([
        internal ? repo.referentsOf(db, enteId) : Promise.resolve(null),
        repo.protocolOf(db, enteId),
        repo.listConventions(db, { visibleTo: visibleEntes(ctx), enteId, today: todayInRome(), limit: 200, offset: 0 }),
        repo.groupsOfEnte(db, enteId),
      ]);
      const conventions = (await presentConventions(db, conv.rows)).map((x) => x.summary);
      const activeServices = (pred: (c: (typeof conventions)[number]) => boolean) =>
        Services.filter((s) => conventions.some((c) => c.state === 'active' && c.services.includes(s) && pred(c)));
      return {
        referents: refs ? refs.map((r) => presentReferent(r, e)) : null,
        protocol: protocol ? protocolSummary(protocol.p, protocol.e) : null,
        conventions,
        services: {
          gives: activeServices((c) => c.kind === 'provincia_comune' && c.owner.id === enteId),
          receives: activeServices((c) => c.parties.some((p) => p.id === enteId)),
        },
        workingGroups: groups.map((g) => ({ ...g, area: g.area as Service })),
      };
    },
  };

  /** Parties must fit the kind: a Province's own Comuni, or one Province for a UPI convention. */
  async function checkParties(kind: string, owner: EnteRefRow, partyIds: string[]) {
    const parties = await repo.entiByIds(db, partyIds);
    const missing = partyIds.filter((id) => !parties.has(id));
    if (missing.length) throw invalid('partyIds', `Enti inesistenti: ${missing.join(', ')}`);
    if (kind === 'provincia_comune') {
      if (!PROVINCE_TYPES.has(owner.type)) throw invalid('ownerEnteId', 'Il titolare deve essere una Provincia');
      const foreign = [...parties.values()].filter((p) => p.type !== 'comune' || p.provinceIstatCode !== owner.istatCode);
      if (foreign.length) throw invalid('partyIds', `Non sono Comuni della Provincia: ${foreign.map((p) => p.name).join(', ')}`);
    } else {
      if (owner.type !== 'upi') throw invalid('ownerEnteId', "Il titolare deve essere l'UPI");
      const ps = [...parties.values()];
      if (ps.length !== 1 || !PROVINCE_TYPES.has(ps[0]!.type)) throw invalid('partyIds', 'Indicare una sola Provincia');
    }
  }
}
export type NetworkService = ReturnType<typeof createNetworkService>;

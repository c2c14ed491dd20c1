import type { Readable } from 'node:stream';
import type { FascicoloCreate, FascicoloUpdate } from '@app/contracts';
import { hasRole, type Actor, type RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import { docIdentifier, toAgidXml } from './documents.metadata.js';
import type { DocumentsService } from './documents.service.js';
import { zipStream, type ZipEntry } from './fascicoli.zip.js';
import { fascicoloXml, pindexXml, sha256Hex, zipSafeName, type PackageFile } from './fascicoli.export.js';
import type { FascicoliRepository, FascicoloRow } from './fascicoli.repository.js';

export type FascicoloAction = 'read' | 'write';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Deny by default: UPI administrators may do everything; members of the fascicolo's ente read it; its
 * members other than viewers (ente administrators, operators, …) also write it. Nobody else.
 */
export function canFascicolo(actor: Actor | null, enteId: string | null, action: FascicoloAction): boolean {
  if (!actor) return false;
  if (hasRole(actor, 'upi_admin')) return true;
  if (!enteId) return false;
  const roles = actor.memberships.filter((m) => m.enteId === enteId).map((m) => m.role);
  switch (action) {
    case 'read':
      return roles.length > 0;
    case 'write':
      return roles.some((r) => r !== 'viewer');
    default:
      return false;
  }
}

interface Extra {
  note?: string;
  paroleChiave?: string[];
}
const extraOf = (f: FascicoloRow) => (f.metadata ?? {}) as Extra;

const present = (f: FascicoloRow) => ({
  id: f.id,
  identifier: f.identifier,
  aggregationType: f.aggregationType,
  fascicoloType: f.fascicoloType,
  title: f.title,
  enteId: f.enteId,
  classification: f.classification as { indice: string; descrizione?: string; piano?: string } | null,
  responsible: f.responsible,
  openedOn: f.openedOn,
  closedOn: f.closedOn,
  retentionYears: f.retentionYears,
  note: extraOf(f).note ?? null,
  paroleChiave: extraOf(f).paroleChiave ?? [],
  version: f.version,
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
});
export type Fascicolo = ReturnType<typeof present>;

/** Chunk size of the files read for an export: few, large reads. */
const READ_CHUNK = 1 << 20;
const today = () => new Date().toISOString().slice(0, 10);

/** Fascicoli (aggregazioni documentali informatiche) of the documents of any module, and their export. */
export function createFascicoliService(d: { repo: FascicoliRepository; documents: DocumentsService }) {
  const { repo, documents } = d;
  const { db, storage, audit } = documents.internals;

  async function load(ctx: RequestContext, id: string, action: FascicoloAction) {
    if (!ctx.actor) throw unauthenticated();
    const f = UUID.test(id) ? await repo.find(db, id) : null;
    if (!f) throw notFound('fascicolo');
    if (!canFascicolo(ctx.actor, f.enteId, action)) throw forbidden();
    return f;
  }

  async function detail(f: FascicoloRow) {
    const docs = await repo.documentsOf(db, f.id);
    return {
      ...present(f),
      documents: docs.map((x) => ({
        id: x.id,
        title: x.title,
        position: x.position,
        version: x.version,
        sha256: x.sha256,
        fileName: x.fileName,
        mediaType: x.mediaType,
        size: x.size,
        addedAt: x.addedAt.toISOString(),
      })),
    };
  }

  return {
    async create(ctx: RequestContext, input: FascicoloCreate) {
      if (!ctx.actor) throw unauthenticated();
      const ente = await repo.ente(db, input.enteId);
      if (!ente) throw badRequest('validation_failed', 'Invalid input', { issues: [{ path: 'enteId', message: 'No such ente' }] });
      if (!canFascicolo(ctx.actor, ente.id, 'write')) throw forbidden();
      const actor = ctx.actor;
      const openedOn = input.openedOn ?? today();
      const f = await db.transaction(async (tx) => {
        let identifier = input.identifier;
        let row: FascicoloRow | null = null;
        const values = {
          aggregationType: input.aggregationType,
          fascicoloType: input.fascicoloType ?? null,
          title: input.title,
          enteId: ente.id,
          classification: input.classification ?? null,
          responsible: input.responsible ?? null,
          openedOn,
          retentionYears: input.retentionYears ?? null,
          metadata: { note: input.note, paroleChiave: input.paroleChiave },
          createdBy: actor.userId,
        };
        if (identifier) {
          row = await repo.insert(tx, { ...values, identifier });
          if (!row) throw conflict('identifier_taken', `A fascicolo with identifier ${identifier} already exists`);
        } else {
          const prefix = `${ente.istatCode ?? 'UPI'}-${openedOn.slice(0, 4)}-`;
          let n = (await repo.countWithPrefix(tx, prefix)) + 1;
          for (let attempt = 0; !row && attempt < 20; attempt++, n++) {
            identifier = `${prefix}${String(n).padStart(4, '0')}`;
            row = await repo.insert(tx, { ...values, identifier });
          }
          if (!row) throw conflict('identifier_taken', 'Could not assign an identifier: retry');
        }
        await audit.record(tx, ctx, {
          action: 'fascicolo.create',
          entityType: 'fascicolo',
          entityId: row.id,
          enteId: ente.id,
          changes: { identifier: row.identifier, title: row.title, openedOn },
        });
        return row;
      });
      return { ...present(f), documents: [] };
    },

    async list(ctx: RequestContext, ente?: string) {
      if (!ctx.actor) throw unauthenticated();
      const all = hasRole(ctx.actor, 'upi_admin');
      const entes = all ? undefined : [...new Set(ctx.actor.memberships.map((m) => m.enteId))];
      const rows = await repo.list(db, { ente, entes });
      return { items: rows.map(present), total: rows.length };
    },

    async get(ctx: RequestContext, id: string) {
      return detail(await load(ctx, id, 'read'));
    },

    async update(ctx: RequestContext, id: string, input: FascicoloUpdate) {
      const f = await load(ctx, id, 'write');
      if (input.closedOn && input.closedOn < f.openedOn) {
        throw badRequest('validation_failed', 'Invalid input', {
          issues: [{ path: 'closedOn', message: 'The closing date cannot precede the opening date' }],
        });
      }
      const extra = extraOf(f);
      const row = await db.transaction(async (tx) => {
        const updated = await repo.update(tx, f.id, {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.fascicoloType !== undefined ? { fascicoloType: input.fascicoloType } : {}),
          ...(input.classification !== undefined ? { classification: input.classification } : {}),
          ...(input.responsible !== undefined ? { responsible: input.responsible } : {}),
          ...(input.closedOn !== undefined ? { closedOn: input.closedOn } : {}),
          ...(input.retentionYears !== undefined ? { retentionYears: input.retentionYears } : {}),
          ...(input.note !== undefined ? { metadata: { ...extra, note: input.note } } : {}),
          version: f.version + 1,
        });
        if (!updated) throw notFound('fascicolo');
        await audit.record(tx, ctx, {
          action: input.closedOn && !f.closedOn ? 'fascicolo.close' : 'fascicolo.update',
          entityType: 'fascicolo',
          entityId: f.id,
          enteId: f.enteId,
          changes: input,
        });
        return updated;
      });
      return detail(row);
    },

    async addDocument(ctx: RequestContext, id: string, documentId: string) {
      const f = await load(ctx, id, 'write');
      if (f.closedOn) throw new AppError(409, 'fascicolo_closed', 'The fascicolo is closed');
      // the caller must be able to read the document through its owner's permission
      const doc = await documents.authorized(ctx, documentId, 'read');
      await db.transaction(async (tx) => {
        const position = await repo.addDocument(tx, f.id, doc.id);
        if (position === null) throw conflict('already_added', 'The document is already in the fascicolo');
        await audit.record(tx, ctx, {
          action: 'fascicolo.add_document',
          entityType: 'fascicolo',
          entityId: f.id,
          enteId: f.enteId,
          changes: { documentId: doc.id, position },
        });
      });
      return detail(f);
    },

    async removeDocument(ctx: RequestContext, id: string, documentId: string) {
      const f = await load(ctx, id, 'write');
      if (f.closedOn) throw new AppError(409, 'fascicolo_closed', 'The fascicolo is closed');
      await db.transaction(async (tx) => {
        if (!(await repo.removeDocument(tx, f.id, documentId))) throw notFound('document in the fascicolo');
        await audit.record(tx, ctx, {
          action: 'fascicolo.remove_document',
          entityType: 'fascicolo',
          entityId: f.id,
          enteId: f.enteId,
          changes: { documentId },
        });
      });
      return detail(f);
    },

    /**
     * The fascicolo as a ZIP, streamed: `documenti/` (current file of each document, stored as it is),
     * `metadati/` (Allegato 5 XML of each), `fascicolo.xml` (aggregation metadata) and `PIndex.xml`
     * (UNI SInCRO v2). Files are read from storage one at a time while the archive is sent; their
     * hashes come from the stored SHA-256, never from re-reading them.
     */
    async export(
      ctx: RequestContext,
      id: string,
      /** Files the owning module adds beside the documents (e.g. structured data for an e-procurement platform), listed in the PIndex. */
      attachments: { path: string; data: Buffer; format: string }[] = [],
    ): Promise<{ fileName: string; stream: Readable }> {
      const f = await load(ctx, id, 'read');
      const docs = await repo.documentsOf(db, f.id);
      for (const x of docs) {
        if (!(await storage.has(x.sha256))) throw new Error(`Stored file ${x.sha256} of document ${x.id} is missing`);
      }
      const metadata = await documents.completeMetadataMany(
        db,
        docs.map((x) => ({ documentId: x.id, version: x.version })),
      );
      const ente = f.enteId ? await repo.ente(db, f.enteId) : null;
      const entries: ZipEntry[] = [];
      const files: PackageFile[] = [];
      const mtime = new Date();
      const width = Math.max(3, String(docs.length).length);
      for (const [i, x] of docs.entries()) {
        const n = String(i + 1).padStart(width, '0');
        const name = zipSafeName(x.fileName);
        const docPath = `documenti/${n}-${name}`;
        entries.push({ name: docPath, size: x.size, open: () => storage.get(x.sha256, { highWaterMark: READ_CHUNK }) });
        const ext = /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase();
        files.push({ id: docIdentifier(x.id, x.version), path: docPath, sha256: x.sha256, format: x.mediaType, extension: ext });
        const xml = Buffer.from(toAgidXml(metadata.get(x.id)!), 'utf8');
        const metaPath = `metadati/${n}-${name}.xml`;
        entries.push({ name: metaPath, data: xml, compress: true });
        files.push({ id: `${docIdentifier(x.id, x.version)}-metadati`, path: metaPath, sha256: sha256Hex(xml), format: 'application/xml', extension: 'xml' });
      }
      const extra = extraOf(f);
      const aggXml = Buffer.from(
        fascicoloXml({
          identifier: f.identifier,
          aggregationType: f.aggregationType,
          fascicoloType: f.fascicoloType,
          title: f.title,
          enteName: ente?.name ?? null,
          enteIpa: null,
          classification: f.classification as { indice: string; descrizione?: string; piano?: string } | null,
          responsible: f.responsible,
          openedOn: f.openedOn,
          closedOn: f.closedOn,
          progressive: f.identifier.split('-').pop() ?? f.identifier,
          retentionYears: f.retentionYears,
          note: extra.note,
          paroleChiave: extra.paroleChiave,
          documents: docs.map((x) => ({ identificativo: docIdentifier(x.id, x.version), nome: x.fileName })),
        }),
        'utf8',
      );
      entries.push({ name: 'fascicolo.xml', data: aggXml, compress: true });
      for (const a of attachments) {
        const path = a.path.split('/').map(zipSafeName).join('/');
        entries.push({ name: path, data: a.data, compress: true });
        files.push({ id: `${f.identifier}-${path}`, path, sha256: sha256Hex(a.data), format: a.format, extension: /\.([A-Za-z0-9]{1,10})$/.exec(path)?.[1]?.toLowerCase() });
      }
      files.push({ id: `${f.identifier}-fascicolo`, path: 'fascicolo.xml', sha256: sha256Hex(aggXml), format: 'application/xml', extension: 'xml' });
      const pindex = pindexXml({ id: f.identifier, label: f.title, holder: ente?.name ?? 'Province & Comuni', files, createdAt: mtime });
      entries.push({ name: 'PIndex.xml', data: Buffer.from(pindex, 'utf8'), compress: true });
      await audit.record(db, ctx, {
        action: 'fascicolo.export',
        entityType: 'fascicolo',
        entityId: f.id,
        enteId: f.enteId,
        changes: { documents: docs.length },
      });
      return { fileName: `${zipSafeName(f.identifier)}.zip`, stream: zipStream(entries, { mtime }) };
    },
  };
}
export type FascicoliService = ReturnType<typeof createFascicoliService>;

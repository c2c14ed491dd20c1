import { sql } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Db, DbOrTx } from '@app/db';
import {
  AgidMetadataInputSchema,
  DocumentMetadataSchema,
  type DocumentDetail,
  type DocumentList,
  type DocumentMetadata,
  type DocumentSignatures,
  type DocumentUploadResult,
  type SignatureSummary,
} from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';
import type { RecordRegistry } from '../../lib/records.js';
import type { SearchEntry, SearchService } from '../search/search.service.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import { FileTooLargeError, type StagedBlob, type Storage } from '../../lib/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import { acceptedLabels, isAcceptedFormat, safeFileName, sniffMediaType } from './documents.formats.js';
import { can, type DocumentAction, type OwnerAccess } from './documents.policy.js';
import type { DocumentsRepository, VersionRow } from './documents.repository.js';
import { extractFileText, extractsInBackground, extractText } from './documents.text.js';
import type { JobQueue } from '../../lib/jobs.js';
import { searchDocuments, type SearchPage } from './documents.search.js';
import {
  extractSignedContent,
  inspectSignaturesSafely,
  sniffBuffer,
  type SignatureInspection,
  type SignatureInspectionError,
} from './documents.signatures.js';
import { completeMetadata, diffMetadata, parseAgidInput, type AgidMetadata } from './documents.metadata.js';

export type { OwnerAccess } from './documents.policy.js';

/**
 * Answers what the actor may do with the documents of one record of the registering module, or null
 * when the record does not exist. `enteId` must be an existing ente (or null).
 */

/** A document as other modules see it when they validate a reference to it. */
export interface DocumentRef {
  id: string;
  ownerType: string;
  ownerId: string;
  title: string;
  mediaType: string;
  currentVersion: number;
  locked: boolean;
}

/** One part of a multipart upload, as @fastify/multipart yields them. */
export type UploadPart =
  | { type: 'field'; fieldname: string; value: unknown }
  | { type: 'file'; fieldname: string; filename: string; file: Readable };

/** A version's file, ready to be streamed. */
export interface DocumentContent {
  version: number;
  sha256: string;
  mediaType: string;
  size: number;
  fileName: string;
  /** Opens the stored bytes (only when they are going to be sent). */
  open(): Readable;
}

export interface DocumentsDeps {
  db: Db;
  repo: DocumentsRepository;
  audit: AuditService;
  storage: Storage;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** The record types of the modules: a document has the permissions of its owner record. */
  records: RecordRegistry;
  /** The global search: each document is an entry with the audience of its owner record. */
  search: SearchService;
  /**
   * The job queue: the text of uploaded PDF and DOCX files is read by a job after the upload answers (and the
   * search entry then updated). Without one it is read during the upload.
   */
  jobs?: JobQueue;
}

/** The queue of the jobs that read the text of an uploaded version. */
export const TEXT_QUEUE = 'documents.text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PAGE = { page: 1, pageSize: 100 };

interface Issue {
  path: string;
  message: string;
}
const invalid = (issues: Issue[]) => badRequest('validation_failed', 'Invalid input', { issues });

/** A received file: stored in a temporary place, checked, with the name it will be known by. */
interface Received {
  staged: StagedBlob;
  mediaType: string;
  fileName: string;
  /** What its signatures carry (PDF and PKCS#7 only); null when it carries none. */
  signatures: StoredSignatures;
}

type StoredSignatures = SignatureInspection | SignatureInspectionError | null;
/** Media types whose signatures are inspected at upload. */
const SIGNABLE = new Set(['application/pdf', 'application/pkcs7-mime']);

/** Signed or not, and whether every signature verifies. */
export function signatureSummary(s: unknown): SignatureSummary {
  const stored = s as StoredSignatures;
  if (!stored) return { signed: false, verified: null };
  if ('error' in stored) return { signed: true, verified: false };
  return { signed: true, verified: stored.signers.length > 0 && stored.signers.every((x) => x.verified) };
}

const person = (r: { createdById: string | null; createdByName: string | null }) =>
  r.createdById ? { id: r.createdById, displayName: r.createdByName ?? '' } : null;

const presentVersion = (v: VersionRow) => ({
  version: v.version,
  sha256: v.sha256,
  mediaType: v.mediaType,
  size: v.size,
  fileName: v.fileName,
  createdAt: v.createdAt.toISOString(),
  createdBy: person(v),
});

/**
 * Documents of any module. A document belongs to one record (its owner), named by an owner type that the
 * owning module registers with a resolver; the document has exactly the permissions the resolver grants
 * on that record. Files are stored once per content (SHA-256); a document is never overwritten, only
 * given a new version, also after it is locked (approved or signed).
 */
export function createDocumentsService(d: DocumentsDeps) {
  const { db, repo, audit, storage } = d;
  const owners = d.records;
  /** Per owner type: the values of a record that fill a template's placeholders. */
  const templateData = new Map<string, (ownerId: string) => Promise<Record<string, unknown> | null>>();

  async function ownerAccess(ctx: RequestContext, ownerType: string, ownerId: string) {
    return owners.access(ctx, ownerType, ownerId);
  }

  /**
   * The search entry of a document: its title and the text of its current version, seen by whoever may see
   * its owner record. Null when the owner type states no audience (the document is then not searchable).
   */
  async function searchEntryOf(q: DbOrTx, documentId: string): Promise<SearchEntry | null> {
    const res = await q.execute(sql`
      select d.id, d.owner_type, d.owner_id, d.ente_id, d.title, coalesce(v.text_content, '') as text
      from documents d left join document_versions v on v.document_id = d.id and v.version = d.current_version
      where d.id = ${documentId}`);
    const row = ((res as { rows?: unknown[] }).rows ?? (res as unknown[]))[0] as
      | { id: string; owner_type: string; owner_id: string; ente_id: string | null; title: string; text: string }
      | undefined;
    if (!row) return null;
    const aud = await owners.audience(q, row.owner_type, row.owner_id);
    if (!aud || aud.length === 0) return null;
    return {
      kind: 'document',
      refId: row.id,
      ownerType: row.owner_type,
      ownerId: row.owner_id,
      title: row.title,
      body: row.text.slice(0, 200_000),
      url: `/documenti/${row.id}`,
      enteId: row.ente_id,
      audience: aud,
    };
  }

  /** Keeps the search entry of a document in step, in the transaction of the change. */
  async function reindex(tx: DbOrTx, documentId: string): Promise<void> {
    const entry = await searchEntryOf(tx, documentId);
    if (entry) await d.search.upsert(tx, entry);
    else await d.search.remove(tx, 'document', documentId);
  }

  /** The text of a version now (plain text, or no job queue) or later (a job, enqueued in `tx`). */
  async function textNowOrLater(
    path: string,
    mediaType: string,
    size: number,
  ): Promise<{ text: string | null; later: boolean }> {
    if (d.jobs && extractsInBackground(mediaType, size)) return { text: null, later: true };
    return { text: await extractFileText(path, mediaType, size), later: false };
  }
  const readTextLater = (tx: DbOrTx, documentId: string, version: number) =>
    d.jobs!.enqueue(tx, TEXT_QUEUE, { documentId, version });

  // reads the text of a version's file, stores it and updates the search entry; a version whose text is
  // already stored is left alone (the job may run twice)
  d.jobs?.handle(TEXT_QUEUE, async (job) => {
    const { documentId, version } = job.payload as { documentId: string; version: number };
    const source = await repo.versionSource(db, documentId, version);
    if (!source || source.textContent !== null) return;
    const text = await extractText(await buffer(storage.get(source.sha256)), source.mediaType);
    if (text === null) return;
    await db.transaction(async (tx) => {
      if (await repo.setVersionText(tx, documentId, version, text)) await reindex(tx, documentId);
    });
  });

  d.search.registerSource('document', async (sdb, emit) => {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const res = await sdb.execute(sql`select id from documents where id > ${after}::uuid order by id limit 500`);
      const ids = ((res as { rows?: { id: string }[] }).rows ?? (res as unknown as { id: string }[])).map((r) => r.id);
      if (ids.length === 0) break;
      for (const id of ids) {
        const entry = await searchEntryOf(sdb, id);
        if (entry) await emit(sdb, entry);
      }
      after = ids[ids.length - 1]!;
    }
  });

  /** Loads a document the actor may act on: 401, 404, or 403 otherwise. */
  async function authorized(ctx: RequestContext, id: string, action: DocumentAction) {
    if (!ctx.actor) throw unauthenticated();
    const doc = UUID.test(id) ? await repo.findDocument(db, id) : null;
    if (!doc) throw notFound('document');
    if (!can(ctx.actor, await ownerAccess(ctx, doc.ownerType, doc.ownerId), action)) throw forbidden();
    return doc;
  }

  function parseMetadata(value: unknown): DocumentMetadata {
    let raw = value ?? {};
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch {
        throw invalid([{ path: 'metadata', message: 'Not valid JSON' }]);
      }
    }
    const parsed = DocumentMetadataSchema.safeParse(raw);
    if (!parsed.success) {
      throw invalid(
        parsed.error.issues.map((i) => ({ path: ['metadata', ...i.path.map(String)].join('.'), message: i.message })),
      );
    }
    return parsed.data;
  }

  function uploadError(err: unknown): unknown {
    const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
    if (err instanceof FileTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') {
      const mb = Math.round((d.maxBytes / 1024 / 1024) * 10) / 10;
      return new AppError(413, 'file_too_large', `The file is larger than ${mb} MB`, { maxBytes: d.maxBytes });
    }
    if (code === 'FST_INVALID_JSON_FIELD_ERROR') return invalid([{ path: 'metadata', message: 'Not valid JSON' }]);
    return err;
  }

  /**
   * Reads a multipart upload: one file in the field `file`, streamed into a temporary file (hashed and
   * size-limited on the way), and, when `onMetadata` is given, the `metadata` field — checked as soon as
   * it arrives, so that a form sending it first is refused before its file is read. The content decides
   * the media type; a format outside the accepted list is refused. Nothing is kept on failure.
   */
  async function receive(
    parts: AsyncIterable<UploadPart>,
    onMetadata?: (value: unknown) => Promise<void>,
  ): Promise<Received> {
    let staged: StagedBlob | undefined;
    let clientName = '';
    let metadataSeen = false;
    try {
      for await (const part of parts) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || staged) {
            throw invalid([{ path: part.fieldname, message: 'Send one file, in the field "file"' }]);
          }
          clientName = part.filename;
          staged = await storage.stage(part.file, { maxBytes: d.maxBytes });
        } else if (part.fieldname === 'metadata' && onMetadata) {
          if (metadataSeen) throw invalid([{ path: 'metadata', message: 'Send the metadata once' }]);
          metadataSeen = true;
          await onMetadata(part.value);
        }
      }
      // absent metadata are reported field by field, like empty ones
      if (onMetadata && !metadataSeen) await onMetadata(undefined);
      if (!staged) throw invalid([{ path: 'file', message: 'A file is required' }]);
      if (staged.size === 0) throw badRequest('empty_file', 'The file is empty');
      const mediaType = await sniffMediaType(staged.path, clientName);
      if (!isAcceptedFormat(mediaType)) {
        throw new AppError(
          415,
          'unsupported_format',
          `The content of the file (${mediaType}) is not an accepted format. Accepted formats (AgID, Allegato 2): ${acceptedLabels()}`,
          { mediaType },
        );
      }
      // best effort: a malformed signature is recorded as such, never refused
      const signatures = SIGNABLE.has(mediaType)
        ? await inspectSignaturesSafely(await readFile(staged.path), mediaType)
        : null;
      return { staged, mediaType, fileName: safeFileName(clientName, mediaType), signatures };
    } catch (err) {
      await staged?.discard();
      throw uploadError(err);
    }
  }

  /** The complete AgID metadata of one version (null when there is no such version). */
  async function completeFor(q: DbOrTx, documentId: string, version: number): Promise<AgidMetadata | null> {
    const v = await repo.findVersionWithMetadata(q, documentId, version);
    if (!v) return null;
    const prev = version > 1 ? await repo.findVersion(q, documentId, version - 1) : null;
    const aggregations = await repo.aggregationsOf(q, documentId);
    const user = AgidMetadataInputSchema.safeParse(v.metadata ?? {});
    return completeMetadata(user.success ? user.data : {}, {
      documentId,
      version: v.version,
      sha256: v.sha256,
      mediaType: v.mediaType,
      fileName: v.fileName,
      createdAt: v.createdAt,
      createdById: v.createdById,
      createdByName: v.createdByName,
      previousSha256: prev?.sha256 ?? null,
      aggregations,
    });
  }

  /** The complete AgID metadata of given versions of several documents, with a few queries whatever their number. */
  async function completeMany(q: DbOrTx, wanted: { documentId: string; version: number }[]) {
    const ids = [...new Set(wanted.map((w) => w.documentId))];
    const versions = new Map<string, Awaited<ReturnType<DocumentsRepository['versionsWithMetadataOf']>>[number]>();
    for (const v of await repo.versionsWithMetadataOf(q, ids)) versions.set(`${v.documentId}/${v.version}`, v);
    const aggs = new Map<string, { aggregationType: string; identifier: string }[]>();
    for (const a of await repo.aggregationsOfMany(q, ids)) {
      const list = aggs.get(a.documentId) ?? [];
      list.push({ aggregationType: a.aggregationType, identifier: a.identifier });
      aggs.set(a.documentId, list);
    }
    const out = new Map<string, AgidMetadata>();
    for (const w of wanted) {
      const v = versions.get(`${w.documentId}/${w.version}`);
      if (!v) continue;
      const user = AgidMetadataInputSchema.safeParse(v.metadata ?? {});
      out.set(
        w.documentId,
        completeMetadata(user.success ? user.data : {}, {
          documentId: w.documentId,
          version: v.version,
          sha256: v.sha256,
          mediaType: v.mediaType,
          fileName: v.fileName,
          createdAt: v.createdAt,
          createdById: v.createdById,
          createdByName: v.createdByName,
          previousSha256: versions.get(`${w.documentId}/${w.version - 1}`)?.sha256 ?? null,
          aggregations: aggs.get(w.documentId) ?? [],
        }),
      );
    }
    return out;
  }

  return {
    /** Largest file accepted, in bytes. */
    maxBytes: d.maxBytes,

    /** For the fascicoli of this module: the same database, storage and audit log. */
    internals: { db, storage, audit, repo },

    /** Loads a document the actor may act on through its owner's permission: 401, 404 or 403 otherwise. */
    authorized,

    completeMetadata: completeFor,
    completeMetadataMany: completeMany,

    /** The complete AgID metadata of a version (the current one by default). */
    async metadata(ctx: RequestContext, id: string, version?: number): Promise<AgidMetadata> {
      const doc = await authorized(ctx, id, 'read');
      const m = await completeFor(db, doc.id, version ?? doc.currentVersion);
      if (!m) throw notFound('version');
      return m;
    },

    /**
     * Stores the AgID metadata the user fills on the current version; on a locked document the version
     * never changes: a new version with the same file carries the new metadata.
     */
    async putMetadata(ctx: RequestContext, id: string, body: unknown): Promise<{ id: string; version: number; newVersion: boolean }> {
      const doc = await authorized(ctx, id, 'write');
      const input = parseAgidInput(body, 'body');
      const actor = ctx.actor!;
      return db.transaction(async (tx) => {
        if (!doc.locked) {
          await repo.setVersionMetadata(tx, doc.id, doc.currentVersion, input);
          await audit.record(tx, ctx, {
            action: 'document.metadata',
            entityType: 'document',
            entityId: doc.id,
            enteId: doc.enteId,
            changes: { version: doc.currentVersion, metadata: input },
          });
          await reindex(tx, doc.id);
          return { id: doc.id, version: doc.currentVersion, newVersion: false };
        }
        const cur = await repo.findVersion(tx, doc.id, doc.currentVersion);
        if (!cur) throw notFound('version');
        const next = await repo.nextVersion(tx, doc.id);
        if (next === null) throw notFound('document');
        await repo.insertVersion(tx, {
          documentId: doc.id,
          version: next,
          sha256: cur.sha256,
          fileName: cur.fileName,
          mediaType: cur.mediaType,
          size: cur.size,
          createdBy: actor.userId,
          metadata: input,
        });
        await audit.record(tx, ctx, {
          action: 'document.version',
          entityType: 'document',
          entityId: doc.id,
          enteId: doc.enteId,
          changes: { version: next, sha256: cur.sha256, metadataOnly: true, metadata: input },
        });
        await reindex(tx, doc.id);
        return { id: doc.id, version: next, newVersion: true };
      });
    },

    /** The metadata fields that differ between two versions. */
    async compareMetadata(ctx: RequestContext, id: string, from: number, to: number) {
      const doc = await authorized(ctx, id, 'read');
      const [a, b] = await Promise.all([completeFor(db, doc.id, from), completeFor(db, doc.id, to)]);
      if (!a || !b) throw notFound('version');
      const changed = diffMetadata(a, b);
      return { from, to, changed };
    },

    /** A document by id, without permission checks: for modules validating a reference. */
    async findDocument(db: DbOrTx, id: string): Promise<DocumentRef | null> {
      const doc = UUID.test(id) ? await repo.findDocument(db, id) : null;
      if (!doc) return null;
      const { ownerType, ownerId, title, mediaType, currentVersion, locked } = doc;
      return { id: doc.id, ownerType, ownerId, title, mediaType, currentVersion, locked };
    },

    /**
     * Marks a document approved or signed, inside the caller's transaction (the caller audits its own
     * action). A locked document keeps taking new versions; none of its versions ever changes.
     */
    async lock(tx: DbOrTx, id: string): Promise<void> {
      if (!UUID.test(id) || !(await repo.lock(tx, id))) throw notFound('document');
    },

    /** The documents of one owner record, each with its current version. */
    async listForOwner(
      ctx: RequestContext,
      ownerType: string,
      ownerId: string,
      page: { page: number; pageSize: number } = DEFAULT_PAGE,
    ): Promise<DocumentList> {
      if (!ctx.actor) throw unauthenticated();
      if (!owners.has(ownerType)) throw invalid([{ path: 'ownerType', message: `Unknown owner type "${ownerType}"` }]);
      if (!UUID.test(ownerId)) throw invalid([{ path: 'ownerId', message: 'Invalid UUID' }]);
      const owner = await ownerAccess(ctx, ownerType, ownerId);
      if (!owner) throw notFound('owner record');
      if (!can(ctx.actor, owner, 'read')) throw forbidden();
      const { items, total } = await repo.listForOwner(db, ownerType, ownerId, page);
      return {
        items: items.map((i) => ({ id: i.id, title: i.title, locked: i.locked, ...presentVersion(i) })),
        total,
      };
    },

    /** Uploads a new document (version 1) on the record named by the `metadata` field. */
    async create(ctx: RequestContext, parts: AsyncIterable<UploadPart>): Promise<DocumentUploadResult> {
      if (!ctx.actor) throw unauthenticated();
      const actor = ctx.actor;
      let target: { meta: DocumentMetadata; owner: OwnerAccess } | undefined;
      const file = await receive(parts, async (value) => {
        const meta = parseMetadata(value);
        if (!owners.has(meta.ownerType)) {
          throw invalid([{ path: 'metadata.ownerType', message: `Unknown owner type "${meta.ownerType}"` }]);
        }
        const owner = await ownerAccess(ctx, meta.ownerType, meta.ownerId);
        if (!owner) throw invalid([{ path: 'metadata.ownerId', message: 'No such record' }]);
        if (!can(actor, owner, 'write')) throw forbidden();
        target = { meta, owner };
      });
      if (!target) throw new Error('metadata not checked');
      const { meta, owner } = target;
      const { staged, mediaType, fileName, signatures } = file;
      const { sha256, size } = staged;
      const { text: textContent, later } = await textNowOrLater(staged.path, mediaType, size);
      // the bytes are stored before any row refers to them; if the transaction fails they stay unreferenced
      await staged.commit();
      const id = await db.transaction(async (tx) => {
        const title = meta.title ?? fileName;
        const documentId = randomUUID();
        // the rows and the search entry are sent one after the other without waiting in between
        await Promise.all([
          repo.insertBlob(tx, { sha256, size, mediaType }),
          repo.insertDocument(tx, {
            id: documentId,
            ownerType: meta.ownerType,
            ownerId: meta.ownerId,
            enteId: owner.enteId,
            title,
            createdBy: actor.userId,
          }),
          repo.insertVersion(tx, {
            documentId,
            version: 1,
            sha256,
            fileName,
            mediaType,
            size,
            textContent,
            signatures,
            createdBy: actor.userId,
            metadata: meta.agid ?? {},
          }),
          later ? readTextLater(tx, documentId, 1) : undefined,
          reindex(tx, documentId),
        ]);
        // last: the audit chain is held from here to the commit
        await audit.record(tx, ctx, {
          action: 'document.create',
          entityType: 'document',
          entityId: documentId,
          enteId: owner.enteId,
          changes: {
            ownerType: meta.ownerType,
            ownerId: meta.ownerId,
            title,
            version: 1,
            sha256,
            size,
            mediaType,
            fileName,
          },
        });
        return documentId;
      });
      return { id, version: 1, sha256, mediaType, size };
    },

    /** Uploads a new version of a document (also of a locked one). */
    async addVersion(ctx: RequestContext, id: string, parts: AsyncIterable<UploadPart>): Promise<DocumentUploadResult> {
      const doc = await authorized(ctx, id, 'write');
      const actor = ctx.actor!;
      const { staged, mediaType, fileName, signatures } = await receive(parts);
      const { sha256, size } = staged;
      const { text: textContent, later } = await textNowOrLater(staged.path, mediaType, size);
      await staged.commit();
      const version = await db.transaction(async (tx) => {
        const next = await repo.nextVersion(tx, doc.id);
        if (next === null) throw notFound('document');
        await repo.insertBlob(tx, { sha256, size, mediaType });
        await repo.insertVersion(tx, {
          documentId: doc.id,
          version: next,
          sha256,
          fileName,
          mediaType,
          size,
          textContent,
          signatures,
          createdBy: actor.userId,
        });
        if (later) await readTextLater(tx, doc.id, next);
        await reindex(tx, doc.id);
        await audit.record(tx, ctx, {
          action: 'document.version',
          entityType: 'document',
          entityId: doc.id,
          enteId: doc.enteId,
          changes: { version: next, sha256, size, mediaType, fileName },
        });
        return next;
      });
      return { id: doc.id, version, sha256, mediaType, size };
    },

    /**
     * Creates a document on an owner record from files the platform produced (e.g. a filled template):
     * the first file is version 1, each further one the next version. Requires write access to the owner.
     */
    async createFromFiles(
      ctx: RequestContext,
      target: { ownerType: string; ownerId: string; title: string },
      files: { bytes: Uint8Array; fileName: string; mediaType: string }[],
      auditChanges: Record<string, unknown> = {},
    ): Promise<DocumentUploadResult> {
      if (!ctx.actor) throw unauthenticated();
      const actor = ctx.actor;
      if (!owners.has(target.ownerType)) {
        throw invalid([{ path: 'ownerType', message: `Unknown owner type "${target.ownerType}"` }]);
      }
      if (!UUID.test(target.ownerId)) throw invalid([{ path: 'ownerId', message: 'Invalid UUID' }]);
      const owner = await ownerAccess(ctx, target.ownerType, target.ownerId);
      if (!owner) throw invalid([{ path: 'ownerId', message: 'No such record' }]);
      if (!can(actor, owner, 'write')) throw forbidden();
      if (files.length === 0) throw new Error('no files');
      const prepared: { bytes: Uint8Array; fileName: string; mediaType: string; sha256: string; size: number; textContent: string | null }[] = [];
      for (const f of files) {
        const sha256 = createHash('sha256').update(f.bytes).digest('hex');
        await storage.put(sha256, Readable.from([Buffer.from(f.bytes)]));
        prepared.push({ ...f, sha256, size: f.bytes.byteLength, textContent: await extractText(f.bytes, f.mediaType) });
      }
      const id = await db.transaction(async (tx) => {
        const doc = await repo.insertDocument(tx, {
          ownerType: target.ownerType,
          ownerId: target.ownerId,
          enteId: owner.enteId,
          title: target.title,
          currentVersion: prepared.length,
          createdBy: actor.userId,
        });
        for (const [i, f] of prepared.entries()) {
          await repo.insertBlob(tx, { sha256: f.sha256, size: f.size, mediaType: f.mediaType });
          await repo.insertVersion(tx, {
            documentId: doc.id,
            version: i + 1,
            sha256: f.sha256,
            fileName: f.fileName,
            mediaType: f.mediaType,
            size: f.size,
            textContent: f.textContent,
            createdBy: actor.userId,
          });
        }
        await audit.record(tx, ctx, {
          action: 'document.create',
          entityType: 'document',
          entityId: doc.id,
          enteId: owner.enteId,
          changes: {
            ownerType: target.ownerType,
            ownerId: target.ownerId,
            title: target.title,
            versions: prepared.map((f, i) => ({ version: i + 1, sha256: f.sha256, size: f.size, mediaType: f.mediaType, fileName: f.fileName })),
            ...auditChanges,
          },
        });
        await reindex(tx, doc.id);
        return doc.id;
      });
      const last = prepared[prepared.length - 1]!;
      return { id, version: prepared.length, sha256: last.sha256, mediaType: last.mediaType, size: last.size };
    },

    /**
     * Full-text search (Italian) over titles and the text of current versions, limited to the documents
     * whose owner record grants the actor `read` (see documents.search.ts for how).
     */
    async search(ctx: RequestContext, q: string, page: { page: number; pageSize: number }): Promise<SearchPage> {
      if (!ctx.actor) throw unauthenticated();
      const actor = ctx.actor;
      return searchDocuments(db, q, page, async (ownerType, ownerId) =>
        can(actor, await ownerAccess(ctx, ownerType, ownerId), 'read'),
      );
    },

    /** Throws 400/403 unless the actor may write the documents of this owner record. */
    async assertCanWrite(ctx: RequestContext, ownerType: string, ownerId: string): Promise<void> {
      if (!ctx.actor) throw unauthenticated();
      if (!UUID.test(ownerId)) throw invalid([{ path: 'ownerId', message: 'Invalid UUID' }]);
      const owner = await ownerAccess(ctx, ownerType, ownerId);
      if (!owner) throw invalid([{ path: 'ownerId', message: 'No such record' }]);
      if (!can(ctx.actor, owner, 'write')) throw forbidden();
    },

    /**
     * Lets a module give the data of one of its records to the templates (placeholder name → value), so that a
     * document generated on the record is filled from it.
     */
    registerTemplateData(ownerType: string, provider: (ownerId: string) => Promise<Record<string, unknown> | null>): void {
      if (!owners.has(ownerType)) throw new Error(`Owner type "${ownerType}" is not registered`);
      templateData.set(ownerType, provider);
    },

    /** The template data of a record; empty when its module gives none. */
    async templateDataOf(ownerType: string, ownerId: string): Promise<Record<string, unknown>> {
      return (await templateData.get(ownerType)?.(ownerId)) ?? {};
    },

    /** True when a module registered this owner type. */
    hasOwnerType(ownerType: string): boolean {
      return owners.has(ownerType);
    },

    /** A document with all its versions. */
    async get(ctx: RequestContext, id: string): Promise<DocumentDetail> {
      const doc = await authorized(ctx, id, 'read');
      const versions = await repo.versionsOf(db, doc.id);
      return {
        id: doc.id,
        ownerType: doc.ownerType,
        ownerId: doc.ownerId,
        title: doc.title,
        mediaType: doc.mediaType,
        currentVersion: doc.currentVersion,
        locked: doc.locked,
        createdAt: doc.createdAt.toISOString(),
        createdBy: person(doc),
        updatedAt: doc.updatedAt.toISOString(),
        versions: versions.map((v) => ({ ...presentVersion(v), signatures: signatureSummary(v.signatures) })),
      };
    },

    /** What the signatures of a version (by default the current one) carry. */
    async signatures(ctx: RequestContext, id: string, version?: number): Promise<DocumentSignatures> {
      const doc = await authorized(ctx, id, 'read');
      const v = await repo.findVersion(db, doc.id, version ?? doc.currentVersion);
      if (!v) throw notFound('version');
      return { version: v.version, mediaType: v.mediaType, signatures: (v.signatures ?? null) as StoredSignatures };
    },

    /** The content signed inside a CAdES (.p7m) version, with its type from its bytes. */
    async signedContent(
      ctx: RequestContext,
      id: string,
      version?: number,
    ): Promise<{ version: number; mediaType: string; fileName: string; bytes: Buffer }> {
      const doc = await authorized(ctx, id, 'read');
      const v = await repo.findVersion(db, doc.id, version ?? doc.currentVersion);
      if (!v) throw notFound('version');
      const notCades = () => conflict('not_cades', 'The file is not a CAdES (.p7m) with attached content');
      if (v.mediaType !== 'application/pkcs7-mime') throw notCades();
      let bytes: Buffer;
      try {
        bytes = extractSignedContent(await buffer(storage.get(v.sha256)));
      } catch {
        throw notCades();
      }
      const mediaType = await sniffBuffer(bytes);
      // "offerta.pdf.p7m" gives "offerta.pdf"
      const base = v.fileName.replace(/\.(p7m|p7s)$/i, '');
      return { version: v.version, mediaType, fileName: safeFileName(base, mediaType), bytes };
    },

    /** The file of a version (by default the current one). */
    async content(ctx: RequestContext, id: string, version?: number): Promise<DocumentContent> {
      const doc = await authorized(ctx, id, 'read');
      const v = await repo.findVersion(db, doc.id, version ?? doc.currentVersion);
      if (!v) throw notFound('version');
      if (!(await storage.has(v.sha256))) throw new Error(`Stored file ${v.sha256} of document ${doc.id} is missing`);
      const { sha256, mediaType, size, fileName } = v;
      return { version: v.version, sha256, mediaType, size, fileName, open: () => storage.get(sha256) };
    },
  };
}
export type DocumentsService = ReturnType<typeof createDocumentsService>;

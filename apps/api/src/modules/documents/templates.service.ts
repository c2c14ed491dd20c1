import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, desc, eq } from 'drizzle-orm';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { tables, type Db } from '@app/db';
import {
  DocumentTemplateFieldsSchema,
  type DocumentCapabilities,
  type DocumentFromTemplate,
  type DocumentTemplate,
  type DocumentUploadResult,
} from '@app/contracts';
import { hasRole, type RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import { SOFFICE_HINT, type Office } from '../../lib/office.js';
import type { Storage } from '../../lib/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DocumentsService, UploadPart } from './documents.service.js';
import { parsePlaceholders, sampleData } from './templates.placeholders.js';

const { blobs, documentTemplates } = tables;

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TemplatesDeps {
  db: Db;
  audit: AuditService;
  storage: Storage;
  documents: DocumentsService;
  office: Office;
  /** Largest template accepted, in bytes. */
  maxBytes: number;
}

const invalid = (path: string, message: string) =>
  badRequest('validation_failed', 'Invalid input', { issues: [{ path, message }] });

async function readAll(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.resume();
      throw new AppError(413, 'file_too_large', 'The template is too large', { maxBytes });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Fills a DOCX template (docxtemplater syntax, paragraph loops, `\n` as line breaks); missing values are empty. */
export function renderDocx(template: Uint8Array, data: Record<string, unknown>): Buffer {
  const doc = new Docxtemplater(new PizZip(template), {
    paragraphLoop: true,
    linebreaks: true,
    errorLogging: false,
    nullGetter: () => '',
  });
  doc.render(data);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

/** A template docxtemplater cannot compile is refused, with its first errors. */
function checkTemplate(bytes: Uint8Array): void {
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    throw invalid('file', 'Not a DOCX file');
  }
  if (!zip.file('word/document.xml')) throw invalid('file', 'Not a DOCX file (no word/document.xml)');
  try {
    new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, errorLogging: false });
  } catch (err) {
    type XtError = { message: string; properties?: { explanation?: string } };
    const errors = (err as { properties?: { errors?: XtError[] } }).properties?.errors ?? [];
    const detail = errors.map((e) => e.properties?.explanation ?? e.message).slice(0, 5).join('; ') || (err as Error).message;
    throw invalid('file', `Invalid template: ${detail}`);
  }
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100) || 'documento';

/**
 * DOCX templates with docxtemplater placeholders, managed by the UPI administrators; any signed-in user
 * lists and previews them and fills one into a document of a record they may write.
 */
export function createTemplatesService(d: TemplatesDeps) {
  const { db, audit, storage, documents, office } = d;

  async function loadTemplate(id: string) {
    if (!UUID.test(id)) throw notFound('template');
    const [row] = await db.select().from(documentTemplates).where(eq(documentTemplates.id, id));
    if (!row || !row.active) throw notFound('template');
    return row;
  }

  async function templateBytes(sha256: string) {
    return readAll(storage.get(sha256), Number.MAX_SAFE_INTEGER);
  }

  const present = (r: typeof documentTemplates.$inferSelect): DocumentTemplate => ({
    id: r.id,
    name: r.name,
    description: r.description,
    ownerType: r.ownerType,
    sha256: r.sha256,
    placeholders: r.placeholders,
    createdAt: r.createdAt.toISOString(),
  });

  return {
    async capabilities(): Promise<DocumentCapabilities> {
      const version = await office.version();
      if (!office.sofficePath || !version) return { pdfa: false, hint: SOFFICE_HINT };
      return { pdfa: true, soffice: version };
    },

    /** Stores a template (multipart: `file` DOCX, fields name, description?, ownerType?); UPI administrators only. */
    async create(ctx: RequestContext, parts: AsyncIterable<UploadPart>): Promise<DocumentTemplate> {
      if (!ctx.actor) throw unauthenticated();
      if (!hasRole(ctx.actor, 'upi_admin')) throw forbidden();
      const actor = ctx.actor;
      const fields: Record<string, unknown> = {};
      let bytes: Buffer | undefined;
      for await (const part of parts) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || bytes) throw invalid(part.fieldname, 'Send one file, in the field "file"');
          bytes = await readAll(part.file, d.maxBytes);
        } else {
          fields[part.fieldname] = part.value;
        }
      }
      const parsed = DocumentTemplateFieldsSchema.safeParse(fields);
      if (!parsed.success) {
        throw badRequest('validation_failed', 'Invalid input', {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        });
      }
      const meta = parsed.data;
      if (meta.ownerType && !documents.hasOwnerType(meta.ownerType)) {
        throw invalid('ownerType', `Unknown owner type "${meta.ownerType}"`);
      }
      if (!bytes || bytes.length === 0) throw invalid('file', 'A DOCX file is required');
      checkTemplate(bytes);
      const placeholders = parsePlaceholders(bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await storage.put(sha256, Readable.from([bytes]));
      const row = await db.transaction(async (tx) => {
        await tx.insert(blobs).values({ sha256, size: bytes.length, mediaType: DOCX }).onConflictDoNothing();
        const [r] = await tx
          .insert(documentTemplates)
          .values({
            name: meta.name,
            description: meta.description ?? null,
            ownerType: meta.ownerType ?? null,
            sha256,
            placeholders,
            createdBy: actor.userId,
          })
          .returning();
        await audit.record(tx, ctx, {
          action: 'document_template.create',
          entityType: 'document_template',
          entityId: r!.id,
          enteId: null,
          changes: { name: meta.name, ownerType: meta.ownerType ?? null, sha256, placeholders },
        });
        return r!;
      });
      return present(row);
    },

    /**
     * A template shipped with the platform for a purpose (e.g. `procurement:BANDO`): stored once; an administrator
     * replaces it by uploading another and deactivating it. Returns the active template of the purpose.
     */
    async ensureReference(t: { purpose: string; name: string; description: string; ownerType: string; bytes: Buffer }): Promise<string> {
      const [found] = await db
        .select({ id: documentTemplates.id, sha256: documentTemplates.sha256 })
        .from(documentTemplates)
        .where(and(eq(documentTemplates.purpose, t.purpose), eq(documentTemplates.active, true)))
        .limit(1);
      if (found && (await storage.has(found.sha256))) return found.id;
      checkTemplate(t.bytes);
      const sha256 = createHash('sha256').update(t.bytes).digest('hex');
      await storage.put(sha256, Readable.from([t.bytes]));
      return db.transaction(async (tx) => {
        await tx.insert(blobs).values({ sha256, size: t.bytes.length, mediaType: DOCX }).onConflictDoNothing();
        if (found) {
          // the stored file was lost (a new file store): the shipped template is stored again
          await tx.update(documentTemplates).set({ sha256, placeholders: parsePlaceholders(t.bytes) }).where(eq(documentTemplates.id, found.id));
          return found.id;
        }
        const [r] = await tx
          .insert(documentTemplates)
          .values({ name: t.name, description: t.description, ownerType: t.ownerType, purpose: t.purpose, sha256, placeholders: parsePlaceholders(t.bytes) })
          .returning({ id: documentTemplates.id });
        return r!.id;
      });
    },

    /** The active template of a purpose, if any. */
    async byPurpose(purpose: string): Promise<string | null> {
      const [found] = await db
        .select({ id: documentTemplates.id })
        .from(documentTemplates)
        .where(and(eq(documentTemplates.purpose, purpose), eq(documentTemplates.active, true)))
        .orderBy(desc(documentTemplates.createdAt))
        .limit(1);
      return found?.id ?? null;
    },

    async list(ctx: RequestContext): Promise<{ items: DocumentTemplate[] }> {
      if (!ctx.actor) throw unauthenticated();
      const rows = await db
        .select()
        .from(documentTemplates)
        .where(eq(documentTemplates.active, true))
        .orderBy(desc(documentTemplates.createdAt));
      return { items: rows.map(present) };
    },

    /** The template filled with sample data: DOCX, or PDF/A when asked and LibreOffice is available. */
    async preview(ctx: RequestContext, id: string, format: 'docx' | 'pdf') {
      if (!ctx.actor) throw unauthenticated();
      const t = await loadTemplate(id);
      const docx = renderDocx(await templateBytes(t.sha256), sampleData(t.placeholders));
      const base = `anteprima-${slug(t.name)}`;
      if (format === 'pdf') {
        if (!office.sofficePath) throw new AppError(503, 'pdf_unavailable', SOFFICE_HINT);
        return { bytes: await office.toPdfA(docx, `${base}.docx`), mediaType: 'application/pdf', fileName: `${base}.pdf` };
      }
      return { bytes: docx, mediaType: DOCX, fileName: `${base}.docx` };
    },

    /**
     * Fills a template into a new document of an owner record (write permission on it). The DOCX is
     * version 1; with `pdfa`, its PDF/A-2b conversion is version 2, the current one.
     */
    async createDocument(ctx: RequestContext, input: DocumentFromTemplate): Promise<DocumentUploadResult> {
      if (!ctx.actor) throw unauthenticated();
      const t = await loadTemplate(input.templateId);
      if (input.pdfa && !office.sofficePath) throw new AppError(503, 'pdf_unavailable', SOFFICE_HINT);
      if (!documents.hasOwnerType(input.ownerType)) throw invalid('ownerType', `Unknown owner type "${input.ownerType}"`);
      // the record's data are read only for someone who may write on it; values given in the request win
      await documents.assertCanWrite(ctx, input.ownerType, input.ownerId);
      const data = { ...(await documents.templateDataOf(input.ownerType, input.ownerId)), ...input.data };
      let docx: Buffer;
      try {
        docx = renderDocx(await templateBytes(t.sha256), data);
      } catch (err) {
        throw invalid('data', `The template could not be filled: ${(err as Error).message}`);
      }
      const base = slug(input.title);
      const files = [{ bytes: docx, fileName: `${base}.docx`, mediaType: DOCX }];
      // permission is checked by createFromFiles; the costly conversion waits for a cheap check first
      if (input.pdfa) {
        files.push({ bytes: await office.toPdfA(docx, `${base}.docx`), fileName: `${base}.pdf`, mediaType: 'application/pdf' });
      }
      return documents.createFromFiles(
        ctx,
        { ownerType: input.ownerType, ownerId: input.ownerId, title: input.title },
        files,
        { templateId: t.id, pdfa: input.pdfa },
      );
    },
  };
}
export type TemplatesService = ReturnType<typeof createTemplatesService>;

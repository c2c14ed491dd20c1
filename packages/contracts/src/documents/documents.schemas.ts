import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';

/** The kind of record a document belongs to, registered by the module that owns it (e.g. `registry.protocol`). */
export const OwnerTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,49}$/, 'Tipo di record non valido')
  .describe('Tipo del record a cui il documento appartiene');

const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('Impronta SHA-256 del file (esadecimale)');
const PersonRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable().describe('Chi ha caricato il file');

/** The `metadata` field of an upload (multipart, JSON text). */
export const DocumentMetadataSchema = z.object({
  ownerType: OwnerTypeSchema,
  ownerId: z.uuid().describe('Identificativo del record a cui il documento appartiene'),
  title: z.string().trim().min(1).max(300).optional().describe('Titolo; per difetto il nome del file'),
});
export type DocumentMetadata = z.infer<typeof DocumentMetadataSchema>;

/** Answer of an upload: the document and the version just stored. */
export const DocumentUploadResultSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  sha256: Sha256,
  mediaType: z.string().describe('Tipo rilevato dal contenuto'),
  size: z.number().int().describe('Dimensione in byte'),
});
export type DocumentUploadResult = z.infer<typeof DocumentUploadResultSchema>;

export const DocumentListQuerySchema = PageQuerySchema.extend({
  ownerType: OwnerTypeSchema,
  ownerId: z.uuid(),
  pageSize: PageQuerySchema.shape.pageSize.default(100),
});
export type DocumentListQuery = z.infer<typeof DocumentListQuerySchema>;

/** A document with its current version (the file a download gives). */
export const DocumentListItemSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  version: z.number().int().describe('Versione corrente'),
  sha256: Sha256,
  mediaType: z.string(),
  size: z.number().int(),
  fileName: z.string(),
  locked: z.boolean().describe('Approvato o firmato: si modifica solo con una nuova versione'),
  createdAt: z.string().describe('Caricamento della versione corrente'),
  createdBy: PersonRef,
});
export type DocumentListItem = z.infer<typeof DocumentListItemSchema>;
export const DocumentListSchema = z.object({ items: z.array(DocumentListItemSchema), total: z.number().int() });
export type DocumentList = z.infer<typeof DocumentListSchema>;

export const DocumentVersionSchema = z.object({
  version: z.number().int(),
  sha256: Sha256,
  mediaType: z.string(),
  size: z.number().int(),
  fileName: z.string(),
  createdAt: z.string(),
  createdBy: PersonRef,
});
export type DocumentVersion = z.infer<typeof DocumentVersionSchema>;

export const DocumentDetailSchema = z.object({
  id: z.uuid(),
  ownerType: z.string(),
  ownerId: z.uuid(),
  title: z.string(),
  mediaType: z.string().describe('Tipo della versione corrente'),
  currentVersion: z.number().int(),
  locked: z.boolean(),
  createdAt: z.string(),
  createdBy: PersonRef,
  updatedAt: z.string(),
  versions: z.array(DocumentVersionSchema).describe('Tutte le versioni, dalla prima'),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

export const DocumentContentQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional().describe('Versione da scaricare; per difetto la corrente'),
});

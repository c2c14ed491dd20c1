import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';
import { OwnerTypeSchema } from './documents.schemas.js';

/** Full-text search over the documents the caller may read. */
export const DocumentSearchQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().min(1).max(500).describe('Testo da cercare (sintassi web: "frase esatta", -escluso, OR)'),
  pageSize: PageQuerySchema.shape.pageSize.default(20),
});
export type DocumentSearchQuery = z.infer<typeof DocumentSearchQuerySchema>;

export const DocumentSearchHitSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  ownerType: z.string(),
  ownerId: z.uuid(),
  version: z.number().int().describe('Versione corrente, quella in cui si è cercato'),
  snippet: z.string().describe('Brano con i termini trovati tra « e »'),
});
export const DocumentSearchResultSchema = z.object({
  items: z.array(DocumentSearchHitSchema),
  total: z.number().int(),
});
export type DocumentSearchResult = z.infer<typeof DocumentSearchResultSchema>;

/** What the server can do with documents, so that the interface can say what is missing. */
export const DocumentCapabilitiesSchema = z.object({
  pdfa: z.boolean().describe('Conversione in PDF/A-2b disponibile (LibreOffice installato)'),
  soffice: z.string().optional().describe('Versione di LibreOffice'),
  hint: z.string().optional().describe('Come renderla disponibile'),
});
export type DocumentCapabilities = z.infer<typeof DocumentCapabilitiesSchema>;

export const DocumentTemplateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  ownerType: z.string().nullable(),
  sha256: z.string(),
  placeholders: z.array(z.string()).describe('Segnaposto: `nome`, cicli `voci[]` e loro campi `voci[].campo`'),
  createdAt: z.string(),
});
export type DocumentTemplate = z.infer<typeof DocumentTemplateSchema>;
export const DocumentTemplateListSchema = z.object({ items: z.array(DocumentTemplateSchema) });
export type DocumentTemplateList = z.infer<typeof DocumentTemplateListSchema>;

/** Fields of a template upload (multipart, besides the DOCX in `file`). */
export const DocumentTemplateFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  ownerType: OwnerTypeSchema.optional(),
});
export type DocumentTemplateFields = z.infer<typeof DocumentTemplateFieldsSchema>;

export const TemplatePreviewQuerySchema = z.object({
  format: z.enum(['docx', 'pdf']).default('docx'),
});

export const DocumentFromTemplateSchema = z.object({
  templateId: z.uuid(),
  ownerType: OwnerTypeSchema,
  ownerId: z.uuid(),
  title: z.string().trim().min(1).max(300),
  data: z.record(z.string(), z.unknown()).default({}).describe('Valori dei segnaposto'),
  pdfa: z.boolean().default(false).describe('Aggiungere come versione 2 la conversione in PDF/A-2b'),
});
export type DocumentFromTemplate = z.infer<typeof DocumentFromTemplateSchema>;

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DocumentCapabilitiesSchema,
  DocumentFromTemplateSchema,
  DocumentSearchQuerySchema,
  DocumentSearchResultSchema,
  DocumentTemplateListSchema,
  DocumentTemplateSchema,
  DocumentUploadResultSchema,
  ErrorSchema,
  IdParamsSchema,
  TemplatePreviewQuerySchema,
} from '@app/contracts';
import { AppError } from '../../lib/errors.js';
import { contentDisposition } from './documents.formats.js';
import type { DocumentsService, UploadPart } from './documents.service.js';
import type { TemplatesService } from './templates.service.js';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
  503: ErrorSchema,
};

/** Search, capabilities and templates. Registered inside the documents plugin (multipart is already there). */
export async function templatesRoutes(app: FastifyInstance, o: { service: DocumentsService; templates: TemplatesService }) {
  const { service: s, templates } = o;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const partsOf = (req: FastifyRequest): AsyncIterable<UploadPart> => ({
    [Symbol.asyncIterator]: () => {
      if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Send the file as multipart/form-data');
      return req.parts({ limits: { fileSize: s.maxBytes + 1, files: 1, fields: 5, fieldSize: 64 * 1024, parts: 8 } });
    },
  });

  r.get(
    '/documents/search',
    {
      schema: {
        tags: ['documents'],
        summary: 'Full-text search (Italian) in titles and text of the documents the caller may read',
        querystring: DocumentSearchQuerySchema,
        response: { 200: DocumentSearchResultSchema, ...errors },
      },
    },
    async (req) => s.search(req.ctx, req.query.q, { page: req.query.page, pageSize: req.query.pageSize }),
  );

  r.get(
    '/documents/capabilities',
    {
      schema: {
        tags: ['documents'],
        summary: 'Whether PDF/A conversion is available (LibreOffice), and how to install it when it is not',
        response: { 200: DocumentCapabilitiesSchema, ...errors },
      },
    },
    async () => templates.capabilities(),
  );

  r.post(
    '/documents/from-template',
    {
      schema: {
        tags: ['documents'],
        summary: 'Create a document on a record from a filled template (DOCX as version 1, PDF/A-2b as version 2 when asked)',
        body: DocumentFromTemplateSchema,
        response: { 201: DocumentUploadResultSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await templates.createDocument(req.ctx, req.body)),
  );

  r.post(
    '/document-templates',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload a DOCX template (multipart: file, name, description?, ownerType?); UPI administrators',
        consumes: ['multipart/form-data'],
        response: { 201: DocumentTemplateSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await templates.create(req.ctx, partsOf(req))),
  );

  r.get(
    '/document-templates',
    {
      schema: {
        tags: ['documents'],
        summary: 'Active templates with their placeholders',
        response: { 200: DocumentTemplateListSchema, ...errors },
      },
    },
    async (req) => templates.list(req.ctx),
  );

  r.get(
    '/document-templates/:id/preview',
    {
      schema: {
        tags: ['documents'],
        summary: 'The template filled with sample data (DOCX, or PDF with ?format=pdf when LibreOffice is installed)',
        params: IdParamsSchema,
        querystring: TemplatePreviewQuerySchema,
        response: { 200: z.unknown().describe('The bytes of the file'), ...errors },
      },
    },
    async (req, reply) => {
      const p = await templates.preview(req.ctx, req.params.id, req.query.format);
      return reply
        .type(p.mediaType)
        .header('content-disposition', contentDisposition(p.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(p.bytes);
    },
  );
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  DocumentContentQuerySchema,
  DocumentDetailSchema,
  DocumentListQuerySchema,
  DocumentListSchema,
  DocumentSignaturesSchema,
  DocumentMetadataCompareQuerySchema,
  DocumentMetadataQuerySchema,
  DocumentUploadResultSchema,
  ErrorSchema,
  IdParamsSchema,
} from '@app/contracts';
import { AppError } from '../../lib/errors.js';
import { contentDisposition } from './documents.formats.js';
import type { DocumentsService, UploadPart } from './documents.service.js';
import type { TemplatesService } from './templates.service.js';
import { templatesRoutes } from './templates.routes.js';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
};

/** True when an If-None-Match header names this entity tag. */
const matchesEtag = (header: string | undefined, etag: string) =>
  !!header && header.split(',').some((t) => ['*', etag, `W/${etag}`].includes(t.trim()));

export async function documentsRoutes(app: FastifyInstance, o: { service: DocumentsService; templates: TemplatesService }) {
  const s = o.service;
  await app.register(multipart, { throwFileSizeLimit: true });
  await templatesRoutes(app, o);
  const r = app.withTypeProvider<ZodTypeProvider>();

  /**
   * The parts of a multipart request, read only when the service starts iterating (after its own checks).
   * The file limit is one byte over the maximum, so that the service sees the excess and answers 413.
   */
  const partsOf = (req: FastifyRequest): AsyncIterable<UploadPart> => ({
    [Symbol.asyncIterator]: () => {
      if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Send the file as multipart/form-data');
      return req.parts({ limits: { fileSize: s.maxBytes + 1, files: 1, fields: 5, fieldSize: 64 * 1024, parts: 8 } });
    },
  });

  r.post(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload a document: multipart field `file` and field `metadata` = JSON {ownerType, ownerId, title?}',
        consumes: ['multipart/form-data'],
        response: { 201: DocumentUploadResultSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await s.create(req.ctx, partsOf(req))),
  );

  r.post(
    '/documents/:id/versions',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload a new version of a document (multipart field `file`), also when it is locked',
        consumes: ['multipart/form-data'],
        params: IdParamsSchema,
        response: { 201: DocumentUploadResultSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await s.addVersion(req.ctx, req.params.id, partsOf(req))),
  );

  r.put(
    '/documents/:id/metadata',
    {
      schema: {
        tags: ['documents'],
        summary: 'AgID metadata (Allegato 5) of the current version; on a locked document a new version carries them',
        params: IdParamsSchema,
        body: z.unknown(),
        response: { 200: z.object({ id: z.uuid(), version: z.number().int(), newVersion: z.boolean() }), ...errors },
      },
    },
    async (req) => s.putMetadata(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/documents/:id/metadata',
    {
      schema: {
        tags: ['documents'],
        summary: 'The complete AgID metadata of a version (the current one by default): filled and computed',
        params: IdParamsSchema,
        querystring: DocumentMetadataQuerySchema,
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    },
    async (req) => ({ ...(await s.metadata(req.ctx, req.params.id, req.query.version)) }),
  );

  r.get(
    '/documents/:id/metadata/compare',
    {
      schema: {
        tags: ['documents'],
        summary: 'The metadata fields that differ between two versions',
        params: IdParamsSchema,
        querystring: DocumentMetadataCompareQuerySchema,
        response: { 200: z.object({ from: z.number(), to: z.number(), changed: z.array(z.string()) }), ...errors },
      },
    },
    async (req) => s.compareMetadata(req.ctx, req.params.id, req.query.from, req.query.to),
  );

  r.get(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Documents of one record, each with its current version',
        querystring: DocumentListQuerySchema,
        response: { 200: DocumentListSchema, ...errors },
      },
    },
    async (req) => {
      const { ownerType, ownerId, page, pageSize } = req.query;
      return s.listForOwner(req.ctx, ownerType, ownerId, { page, pageSize });
    },
  );

  r.get(
    '/documents/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'A document with all its versions',
        params: IdParamsSchema,
        response: { 200: DocumentDetailSchema, ...errors },
      },
    },
    async (req) => s.get(req.ctx, req.params.id),
  );

  r.get(
    '/documents/:id/content',
    {
      schema: {
        tags: ['documents'],
        summary: 'Download the file of a version (the current one by default) as an attachment',
        params: IdParamsSchema,
        querystring: DocumentContentQuerySchema,
        response: { 200: z.unknown().describe('The bytes of the file'), 304: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const c = await s.content(req.ctx, req.params.id, req.query.version);
      const etag = `"${c.sha256}"`;
      reply
        .header('etag', etag)
        // behind a login: caches keep it private and revalidate it by its ETag
        .header('cache-control', 'private, no-cache')
        .header('x-content-type-options', 'nosniff');
      if (matchesEtag(req.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return (
        reply
          .type(c.mediaType.startsWith('text/') ? `${c.mediaType}; charset=utf-8` : c.mediaType)
          .header('content-length', c.size)
          .header('content-disposition', contentDisposition(c.fileName))
          // never active content on this origin, even if a browser is told to show it inline
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(c.open())
      );
    },
  );

  r.get(
    '/documents/:id/signatures',
    {
      schema: {
        tags: ['documents'],
        summary:
          'The digital signatures of a version (CAdES, PAdES): signers, codice fiscale, validity, integrity. Not checked against the EU Trusted List',
        params: IdParamsSchema,
        querystring: DocumentContentQuerySchema,
        response: { 200: DocumentSignaturesSchema, ...errors },
      },
    },
    async (req) => s.signatures(req.ctx, req.params.id, req.query.version),
  );

  r.get(
    '/documents/:id/signed-content',
    {
      schema: {
        tags: ['documents'],
        summary: 'Download the content signed inside a CAdES (.p7m) version, with its type from its bytes',
        params: IdParamsSchema,
        querystring: DocumentContentQuerySchema,
        response: { 200: z.unknown().describe('The bytes of the signed content'), ...errors, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const c = await s.signedContent(req.ctx, req.params.id, req.query.version);
      return reply
        .header('cache-control', 'private, no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', contentDisposition(c.fileName))
        .type(c.mediaType.startsWith('text/') ? `${c.mediaType}; charset=utf-8` : c.mediaType)
        .send(c.bytes);
    },
  );
}

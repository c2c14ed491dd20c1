import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  ErrorSchema,
  FascicoloAddDocumentSchema,
  FascicoloCreateSchema,
  FascicoloDocumentParamsSchema,
  FascicoloListQuerySchema,
  FascicoloUpdateSchema,
  IdParamsSchema,
} from '@app/contracts';
import { AppError } from '../../lib/errors.js';
import { contentDisposition } from './documents.formats.js';
import { verifyExport } from './fascicoli.export.js';
import type { FascicoliService } from './fascicoli.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 415: ErrorSchema };
const Any = z.record(z.string(), z.unknown());

/** Largest package accepted by the verification. */
const VERIFY_MAX_BYTES = 4 * 1024 * 1024 * 1024;

export async function fascicoliRoutes(app: FastifyInstance, o: { fascicoli: FascicoliService }) {
  const s = o.fascicoli;
  await app.register(multipart, { throwFileSizeLimit: true });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['fascicoli'];

  r.post(
    '/fascicoli',
    { schema: { tags, summary: 'Open a fascicolo (identifier generated when absent)', body: FascicoloCreateSchema, response: { 201: Any, ...errors } } },
    async (req, reply) => reply.code(201).send(await s.create(req.ctx, req.body)),
  );

  r.get(
    '/fascicoli',
    { schema: { tags, summary: 'Fascicoli the caller may see', querystring: FascicoloListQuerySchema, response: { 200: Any, ...errors } } },
    async (req) => s.list(req.ctx, req.query.ente),
  );

  r.get(
    '/fascicoli/:id',
    { schema: { tags, summary: 'A fascicolo with its documents', params: IdParamsSchema, response: { 200: Any, ...errors } } },
    async (req) => s.get(req.ctx, req.params.id),
  );

  r.put(
    '/fascicoli/:id',
    {
      schema: {
        tags,
        summary: 'Change a fascicolo; closedOn closes it',
        params: IdParamsSchema,
        body: FascicoloUpdateSchema,
        response: { 200: Any, ...errors },
      },
    },
    async (req) => s.update(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/fascicoli/:id/documents',
    {
      schema: {
        tags,
        summary: 'Add a document the caller may read',
        params: IdParamsSchema,
        body: FascicoloAddDocumentSchema,
        response: { 200: Any, ...errors },
      },
    },
    async (req) => s.addDocument(req.ctx, req.params.id, req.body.documentId),
  );

  r.delete(
    '/fascicoli/:id/documents/:documentId',
    { schema: { tags, summary: 'Remove a document from a fascicolo', params: FascicoloDocumentParamsSchema, response: { 200: Any, ...errors } } },
    async (req) => s.removeDocument(req.ctx, req.params.id, req.params.documentId),
  );

  r.get(
    '/fascicoli/:id/export',
    {
      schema: {
        tags,
        summary: 'The fascicolo as a ZIP: documents, their AgID metadata, fascicolo.xml and the UNI SInCRO PIndex.xml',
        params: IdParamsSchema,
        response: { 200: z.unknown().describe('application/zip'), ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, stream } = await s.export(req.ctx, req.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', contentDisposition(fileName))
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );

  r.post(
    '/fascicoli/verify-export',
    {
      schema: {
        tags,
        summary: 'Check an exported ZIP (multipart field `file`): every file of PIndex.xml present with its hash; unsafe names refused',
        consumes: ['multipart/form-data'],
        response: { 200: Any, ...errors },
      },
    },
    async (req) => {
      if (!req.ctx.actor) throw new AppError(401, 'unauthenticated', 'Authentication required');
      if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Send the file as multipart/form-data');
      const file = await req.file({ limits: { fileSize: VERIFY_MAX_BYTES, files: 1 } });
      if (!file) throw new AppError(400, 'validation_failed', 'A file is required');
      return { ...(await verifyExport(file.file)) };
    },
  );
}

import type { FastifyReply } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DaBoxPlotQuerySchema,
  DaBoxPlotsSchema,
  DaHeatMapQuerySchema,
  DaHeatMapSchema,
  DaImproversQuerySchema,
  DaImproversSchema,
  DaIndicatorParamsSchema,
  DaRankingQuerySchema,
  DaRankingSchema,
  ErrorSchema,
} from '@app/contracts';
import type { DigitalAgendaViews } from './digital-agenda.views.js';

const errors = { 400: ErrorSchema, 404: ErrorSchema };
const tags = ['digital-agenda'];
const P = '/digital-agenda';
const FormatQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** Public benchmark views (published aggregates), each also as CSV with `format=csv`. */
export function digitalAgendaViewRoutes(app: FastifyInstance, views: DigitalAgendaViews, csv: (reply: FastifyReply, name: string, rows: object[]) => FastifyReply) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(`${P}/indicators/:code/boxplots`, {
    schema: { tags, summary: 'Box plots by peer group: minimum, quartiles, median and maximum of the Comuni (nation, Region or Province)', params: DaIndicatorParamsSchema, querystring: DaBoxPlotQuerySchema.extend(FormatQuery.shape), response: { 200: DaBoxPlotsSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const b = await views.boxPlots(req.params.code, req.query.period, req.query.region, req.query.province);
    return req.query.format === 'csv'
      ? csv(reply, `boxplot-${b.indicator}-${b.period}-${b.territory.code}`, b.items.map((i) => ({ indicator: b.indicator, period: b.period, territory: b.territory.code, ...i })))
      : b;
  });
  r.get(`${P}/heatmap`, {
    schema: { tags, summary: 'Heat map: the mean area scores of the Comuni of every Province and Città metropolitana', querystring: DaHeatMapQuerySchema.extend(FormatQuery.shape), response: { 200: DaHeatMapSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const h = await views.heatMap(req.query.period);
    return req.query.format === 'csv'
      ? csv(reply, `mappa-di-calore-${h.period}`, h.items.map(({ scores, ...p }) => ({ period: h.period, methodologyVersion: h.methodologyVersion, ...p, ...scores })))
      : h;
  });
  r.get(`${P}/indicators/:code/ranking`, {
    schema: { tags, summary: "The Comuni of a Province ranked within their peer group: rank, value, national percentile", params: DaIndicatorParamsSchema, querystring: DaRankingQuerySchema.extend(FormatQuery.shape), response: { 200: DaRankingSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const k = await views.ranking(req.params.code, req.query.period, req.query.province, req.query.peerGroup);
    return req.query.format === 'csv' ? csv(reply, `graduatoria-${k.indicator}-${k.province.code}-${k.period}`, k.items) : k;
  });
  r.get(`${P}/indicators/:code/improvers`, {
    schema: { tags, summary: 'The Comuni that improved most between two years (a fall is an improvement where lower is better)', params: DaIndicatorParamsSchema, querystring: DaImproversQuerySchema.extend(FormatQuery.shape), response: { 200: DaImproversSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const m = await views.improvers(req.params.code, req.query.from, req.query.to, req.query.limit, req.query.region, req.query.province);
    return req.query.format === 'csv' ? csv(reply, `miglioramenti-${m.indicator}-${m.territory.code}-${m.from}-${m.to}`, m.items) : m;
  });
}

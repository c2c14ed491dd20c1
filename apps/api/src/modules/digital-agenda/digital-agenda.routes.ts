import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DaBenchmarkQuerySchema,
  DaBenchmarkSchema,
  DaCentreDashboardSchema,
  DaCentreSchema,
  DaCentreServiceCreateSchema,
  DaComuneParamsSchema,
  DaImportCreateSchema,
  DaImportListSchema,
  DaImportProgressParamsSchema,
  DaImportProgressSchema,
  DaImportSchema,
  DaIndicatorListSchema,
  DaIndicatorParamsSchema,
  DaMethodologyCreateSchema,
  DaMethodologyListSchema,
  DaPeriodQuerySchema,
  DaProfileSchema,
  DaProvinceParamsSchema,
  DaQuestionnaireSaveSchema,
  DaQuestionnaireSchema,
  DaTrendSchema,
  DaValuesQuerySchema,
  DaValuesSchema,
  ErrorSchema,
  IdParamsSchema,
} from '@app/contracts';
import {
  DaAlertListSchema,
  DaAlertQuerySchema,
  DaCentreServiceParamsSchema,
  DaCentreServiceUpdateSchema,
  DaRegionParamsSchema,
  DaTerritoryTrendQuerySchema,
  DaTerritoryTrendSchema,
  type DaTerritoryTrend,
} from '@app/contracts';
import { stringify } from 'csv-stringify/sync';
import type { DigitalAgendaService } from './digital-agenda.service.js';
import { digitalAgendaViewRoutes } from './digital-agenda.views.routes.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['digital-agenda'];
const P = '/digital-agenda';
/** Imports carry whole CSV files in the body. */
const IMPORT_BODY_LIMIT = 60 * 1024 * 1024;

/** Open-data download: the same rows as CSV (semicolon, BOM for spreadsheets) when `format=csv`. */
const FormatQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

export async function digitalAgendaRoutes(app: FastifyInstance, o: { service: DigitalAgendaService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;
  const csv = (reply: FastifyReply, name: string, rows: object[]) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .serializer((x: unknown) => String(x))
      .send(`\ufeff${stringify(rows, { header: true, delimiter: ';' })}`);

  // ---------------------------------------------------------------- public: catalogue and aggregates
  r.get(`${P}/indicators`, {
    schema: { tags, summary: 'The catalogue of indicators', querystring: FormatQuery, response: { 200: DaIndicatorListSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const list = await s.indicators();
    return req.query.format === 'csv' ? csv(reply, 'indicatori', list.items) : list;
  });
  r.get(`${P}/indicators/:code/benchmark`, {
    schema: { tags, summary: 'An indicator per Province or Region, aggregated from the Comuni (share and population-weighted)', params: DaIndicatorParamsSchema, querystring: DaBenchmarkQuerySchema.extend(FormatQuery.shape), response: { 200: DaBenchmarkSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const b = await s.benchmark(req.params.code, req.query.period, req.query.level);
    return req.query.format === 'csv' ? csv(reply, `benchmark-${b.indicator}-${b.period}-${b.level}`, [...b.items, b.national]) : b;
  });
  r.get(`${P}/indicators/:code/values`, {
    schema: { tags, summary: 'The value of every Comune of a Province', params: DaIndicatorParamsSchema, querystring: DaValuesQuerySchema.extend(FormatQuery.shape), response: { 200: DaValuesSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const v = await s.values(req.ctx, req.params.code, req.query.period, req.query.province);
    return req.query.format === 'csv' ? csv(reply, `valori-${req.params.code}-${req.query.province}-${req.query.period}`, v.items) : v;
  });
  r.get(`${P}/comuni/:istatCode/profile`, {
    schema: { tags, summary: 'Profile of a Comune: values, peer-group percentile and rank, territorial aggregates, targets, composite', params: DaComuneParamsSchema, querystring: DaPeriodQuerySchema, response: { 200: DaProfileSchema, ...errors } },
  }, async (req) => s.profile(req.ctx, req.params.istatCode, req.query.period));
  r.get(`${P}/comuni/:istatCode/trend`, {
    schema: { tags, summary: 'Progress over time of a Comune: series, gap closure to targets, run-rate forecast', params: DaComuneParamsSchema, response: { 200: DaTrendSchema, ...errors } },
  }, async (req) => s.trend(req.ctx, req.params.istatCode));
  r.get(`${P}/methodology`, {
    schema: { tags, summary: 'The methodology versions: area weights and goalposts', response: { 200: DaMethodologyListSchema, ...errors } },
  }, async () => s.methodologies());
  r.post(`${P}/methodology`, {
    schema: { tags, summary: 'A new methodology version (UPI); published values keep theirs', body: DaMethodologyCreateSchema, response: { 201: DaMethodologyListSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addMethodology(req.ctx, req.body)));

  // ---------------------------------------------------------------- data in
  r.get(`${P}/imports`, {
    schema: { tags, summary: 'My imports', response: { 200: DaImportListSchema, ...errors } },
  }, async (req) => s.listImports(req.ctx));
  r.post(`${P}/imports`, {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: { tags, summary: 'Validates a file of values (CSV, PA digitale 2026): answers the report; a file with errors writes nothing', body: DaImportCreateSchema, response: { 201: DaImportSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createImport(req.ctx, req.body)));
  r.get(`${P}/imports/progress/:key`, {
    schema: { tags, summary: 'Progress of my import being validated (rows read, validation, writing), by the key sent with the file', params: DaImportProgressParamsSchema, response: { 200: DaImportProgressSchema, ...errors } },
  }, async (req) => s.importProgress(req.ctx, req.params.key));
  r.post(`${P}/imports/:id/publish`, {
    schema: { tags, summary: 'Publishes a validated import: values, ranks, aggregates and composites are updated', params: IdParamsSchema, response: { 200: DaImportSchema, ...errors } },
  }, async (req) => s.publishImport(req.ctx, req.params.id));
  r.get(`${P}/comuni/:istatCode/questionnaire`, {
    schema: { tags, summary: 'The self-assessment of a Comune for a year, pre-filled with known values', params: DaComuneParamsSchema, querystring: DaPeriodQuerySchema, response: { 200: DaQuestionnaireSchema, ...errors } },
  }, async (req) => s.questionnaire(req.ctx, req.params.istatCode, req.query.period));
  r.put(`${P}/comuni/:istatCode/questionnaire`, {
    schema: { tags, summary: 'Saves some answers of the self-assessment (partial save)', params: DaComuneParamsSchema, body: DaQuestionnaireSaveSchema, response: { 200: DaQuestionnaireSchema, ...errors } },
  }, async (req) => s.saveQuestionnaire(req.ctx, req.params.istatCode, req.body));

  // ---------------------------------------------------------------- competence centre
  r.get(`${P}/centres/:provinceIstatCode`, {
    schema: { tags, summary: "The Province's competence centre and its catalogue of digital services", params: DaProvinceParamsSchema, response: { 200: DaCentreSchema, ...errors } },
  }, async (req) => s.centre(req.params.provinceIstatCode));
  r.post(`${P}/centres/:provinceIstatCode/services`, {
    schema: { tags, summary: 'Adds a service to the catalogue of the competence centre', params: DaProvinceParamsSchema, body: DaCentreServiceCreateSchema, response: { 201: DaCentreSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addCentreService(req.ctx, req.params.provinceIstatCode, req.body)));
  r.get(`${P}/centres/:provinceIstatCode/dashboard`, {
    schema: { tags, summary: "The centre's dashboard: its Comuni with indicators behind target and open requests", params: DaProvinceParamsSchema, querystring: DaPeriodQuerySchema, response: { 200: DaCentreDashboardSchema, ...errors } },
  }, async (req) => s.centreDashboard(req.ctx, req.params.provinceIstatCode, req.query.period));

  // ---------------------------------------------------------------- public: benchmark views of a territory
  digitalAgendaViewRoutes(app, s.views, csv);
  // ---------------------------------------------------------------- monitoring (territories over time, alerts) and the centre's catalogue edits
  const m = s.monitoring;
  r.get(`${P}/provinces/:provinceIstatCode/trend`, {
    schema: { tags, summary: 'Progress over time of a Province: yearly aggregates from its Comuni, gap closure to targets, run-rate forecast', params: DaProvinceParamsSchema, querystring: DaTerritoryTrendQuerySchema, response: { 200: DaTerritoryTrendSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const t = await m.territoryTrend('province', req.params.provinceIstatCode);
    return req.query.format === 'csv' ? csv(reply, `andamento-provincia-${t.code}`, trendRows(t)) : t;
  });
  r.get(`${P}/regions/:regionIstatCode/trend`, {
    schema: { tags, summary: 'Progress over time of a Region: yearly aggregates from its Comuni, gap closure to targets, run-rate forecast', params: DaRegionParamsSchema, querystring: DaTerritoryTrendQuerySchema, response: { 200: DaTerritoryTrendSchema.or(z.string()), ...errors } },
  }, async (req, reply) => {
    const t = await m.territoryTrend('region', req.params.regionIstatCode);
    return req.query.format === 'csv' ? csv(reply, `andamento-regione-${t.code}`, trendRows(t)) : t;
  });
  r.get(`${P}/centres/:provinceIstatCode/alerts`, {
    schema: { tags, summary: "The Comuni of the centre's Province that fell behind (one alert per Comune, indicator and year)", params: DaProvinceParamsSchema, querystring: DaAlertQuerySchema, response: { 200: DaAlertListSchema, ...errors } },
  }, async (req) => m.alerts(req.ctx, req.params.provinceIstatCode, req.query.period));
  r.put(`${P}/centres/:provinceIstatCode/services/:serviceId`, {
    schema: { tags, summary: "Edits (or withdraws) a service of the centre's catalogue", params: DaCentreServiceParamsSchema, body: DaCentreServiceUpdateSchema, response: { 200: DaCentreSchema, ...errors } },
  }, async (req) => {
    await m.updateCentreService(req.ctx, req.params.provinceIstatCode, req.params.serviceId, req.body);
    return s.centre(req.params.provinceIstatCode);
  });
}

/** One CSV row per territory, indicator and year. */
const trendRows = (t: DaTerritoryTrend) =>
  t.items.flatMap((i) => i.series.map((p) => ({ territorio: t.code, indicatore: i.code, anno: p.period, valore: p.value, comuni: p.comuni, comuni_totali: t.comuniTotal, obiettivo: i.target ?? '', scadenza: i.targetDeadline ?? '', stato: i.status ?? '' })));

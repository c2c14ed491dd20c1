import type { FastifyInstance } from 'fastify';
import { digitalAgendaRoutes } from './digital-agenda.routes.js';
import type { DigitalAgendaService } from './digital-agenda.service.js';

export { createDigitalAgendaService, refreshPeriod, insertValues, type DigitalAgendaService } from './digital-agenda.service.js';
export { benchmarkQuery, createDigitalAgendaRepository, profileQuery, type DigitalAgendaRepository } from './digital-agenda.repository.js';

/** Agenda Digitale Territoriale: indicators, benchmarking and monitoring of the Comuni, competence centres. */
export default async function digitalAgendaModule(app: FastifyInstance, opts: { service: DigitalAgendaService }) {
  await app.register(digitalAgendaRoutes, opts);
}

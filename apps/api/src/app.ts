import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from '@app/db';
import { executableSearchPath, type Config } from './config/env.js';
import { createMailer, type Mailer } from './lib/mailer.js';
import { createJobQueue } from './lib/jobs.js';
import { createOidcClient } from './lib/oidc.js';
import { createRecordRegistry } from './lib/records.js';
import { createLocalStorage, type StorageDriver } from './lib/storage.js';
import { createS3Storage } from './lib/storage-s3.js';
import { admissionPlugin } from './plugins/admission.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { securityPlugin } from './plugins/security.js';
import { serializerCompiler } from './plugins/serializer.js';
import auditModule, { createAuditRepository, createAuditService } from './modules/audit/index.js';
import documentsModule, {
  createDocumentsRepository,
  createDocumentsService,
  createFascicoliRepository,
  createFascicoliService,
  createTemplatesService,
} from './modules/documents/index.js';
import { createOffice } from './lib/office.js';
import healthModule from './modules/health/index.js';
import calendarModule, { createCalendarRepository, createCalendarService } from './modules/calendar/index.js';
import commentsModule, { createCommentsRepository, createCommentsService } from './modules/comments/index.js';
import notificationsModule, { createNotificationsService } from './modules/notifications/index.js';
import searchModule, { createSearchService } from './modules/search/index.js';
import identityModule, { createIdentityRepository, createIdentityService, SESSION_COOKIE } from './modules/identity/index.js';
import procurementModule, {
  createChecksRepository,
  createChecksService,
  createOperatorsRepository,
  createOperatorsService,
  createProcurementRepository,
  createProcurementService,
} from './modules/procurement/index.js';
import requestsModule, { createRequestsRepository, createRequestsService } from './modules/requests/index.js';
import euFundingModule, { createEuFundingRepository, createEuFundingService } from './modules/eu-funding/index.js';
import digitalAgendaModule, { createDigitalAgendaRepository, createDigitalAgendaService } from './modules/digital-agenda/index.js';
import registryModule, { createNetworkRepository, createNetworkService, createRegistryRepository, createRegistryService } from './modules/registry/index.js';

export interface BuildOptions {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /** Replaces the SMTP/log mailer (tests). */
  mailer?: Mailer;
  /** The clock of the requests' service levels (tests move it). */
  now?: () => Date;
}

/** Builds the application: plugins, then modules under /api/v1, then the web app. Tests import this. */
export async function buildApp({ config, database, logger = false, mailer, now }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger,
    genReqId: () => randomUUID(),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // the first start after an upgrade fills the search index of new record kinds before it listens: on a large
    // installation that takes longer than Fastify's default 10 s per start-up step
    pluginTimeout: 600_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(securityPlugin, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...(config.OIDC_ISSUER ? [new URL(config.OIDC_ISSUER).origin] : [])],
        upgradeInsecureRequests: config.COOKIE_SECURE ? [] : null,
      },
    },
    hsts: config.COOKIE_SECURE,
    frameguard: { action: 'deny' },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'rate_limited', message: `Too many attempts: retry in ${ctx.after}` }),
  });
  await app.register(openapiPlugin);

  const { db } = database;
  const audit = createAuditService({ db, repo: createAuditRepository() });
  const records = createRecordRegistry();
  const jobs = createJobQueue({ db, log: app.log, retryBaseMs: config.JOBS_RETRY_BASE_MS, lockSeconds: config.JOBS_LOCK_SECONDS });
  app.addHook('onClose', async () => jobs.stop());
  await app.register(metricsPlugin, { token: config.METRICS_TOKEN, queue: () => jobs.stats() });
  const mail = mailer ?? createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log: app.log });
  const notifications = createNotificationsService({ db, jobs, records, mailer: mail, log: app.log, baseUrl: config.BASE_URL, audit });
  notifications.registerJobs();
  const search = createSearchService({ db, records });
  const calendar = createCalendarService({ db, repo: createCalendarRepository(), audit, jobs, records, notifications, baseUrl: config.BASE_URL });
  const storage = createStorage(config);
  app.addHook('onClose', async () => storage.close?.());
  const documents = createDocumentsService({
    db,
    repo: createDocumentsRepository(),
    audit,
    storage,
    records,
    search,
    jobs,
    maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
  });
  const office = createOffice({
    sofficePath: config.SOFFICE_PATH,
    searchPath: executableSearchPath(),
    concurrency: config.OFFICE_CONCURRENCY,
    timeoutMs: config.OFFICE_TIMEOUT_SECONDS * 1000,
  });
  const templates = createTemplatesService({
    db,
    audit,
    storage,
    documents,
    office,
    maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
  });
  const fascicoli = createFascicoliService({ repo: createFascicoliRepository(), documents });
  const registry = createRegistryService({ db, repo: createRegistryRepository(), cacheSeconds: config.REFERENCE_CACHE_SECONDS });
  const network = createNetworkService({
    db,
    repo: createNetworkRepository(),
    audit,
    documents,
    records,
    calendar,
    search,
    mailer: mail,
    log: app.log,
    baseUrl: config.BASE_URL,
  });
  const requests = createRequestsService({ db, repo: createRequestsRepository(), audit, records, notifications, search, jobs, now });
  const procurement = createProcurementService({
    db,
    repo: createProcurementRepository(),
    audit,
    records,
    notifications,
    search,
    calendar,
    documents,
    templates,
    fascicoli,
    office,
    baseUrl: config.BASE_URL,
    ocidPrefix: config.OCDS_PREFIX,
    now,
  });
  const operators = createOperatorsService({ db, repo: createOperatorsRepository(), audit });
  const checks = createChecksService({
    db,
    repo: createChecksRepository(),
    audit,
    procedures: { load: (ctx, id, action) => procurement.access(ctx, id, action) },
    documents,
    notifications,
    calendar,
    records,
    jobs,
    now,
  });
  // the checklist on the proposed awardee is built when the verification starts, and guards the award
  procurement.hooks.onVerification = (ctx, procedureId, operatorId) => checks.build(ctx, procedureId, { operatorId });
  procurement.hooks.checksResult = (procedureId, operatorId) => checks.readiness(db, procedureId, operatorId);
  const euFunding = createEuFundingService({ db, repo: createEuFundingRepository(), audit, records, notifications, calendar, procurement, requests, search, documents, office, now });
  const digitalAgenda = createDigitalAgendaService({ db, repo: createDigitalAgendaRepository(), audit, notifications, now });
  const comments = createCommentsService({ db, repo: createCommentsRepository(), audit, records, notifications, search });
  comments.register();
  const identity = createIdentityService({
    db,
    repo: createIdentityRepository(),
    audit,
    enti: registry,
    mailer: mail,
    oidc: config.oidcEnabled
      ? createOidcClient({
          issuer: config.OIDC_ISSUER!,
          clientId: config.OIDC_CLIENT_ID!,
          clientSecret: config.OIDC_CLIENT_SECRET!,
          redirectUri: `${config.BASE_URL}/api/v1/auth/oidc/callback`,
        })
      : null,
    log: app.log,
    baseUrl: config.BASE_URL,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    sessionCacheSeconds: config.SESSION_CACHE_SECONDS,
    loginLock: { threshold: config.LOGIN_LOCK_THRESHOLD, minutes: config.LOGIN_LOCK_MINUTES },
  });

  /** Start-up work still running after the server listens (see `/ready`). */
  let startupTasks = 0;
  await app.register(admissionPlugin, { limit: config.API_CONCURRENCY, exempt: ['/api/v1/health', '/api/v1/ready', '/api/v1/metrics'] });
  await app.register(authPlugin, { cookieName: SESSION_COOKIE, authenticate: (t) => identity.authenticate(t) });

  await app.register(
    async (api) => {
      await api.register(healthModule, { ping: () => database.ping(), startupRunning: () => startupTasks > 0 });
      await api.register(identityModule, {
        service: identity,
        cookieSecure: config.COOKIE_SECURE,
        sessionTtlHours: config.SESSION_TTL_HOURS,
        oidcLabel: config.OIDC_LABEL,
        authRateLimit: config.AUTH_RATE_LIMIT,
      });
      await api.register(registryModule, { service: registry, network });
      await api.register(auditModule, { service: audit });
      await api.register(documentsModule, { service: documents, templates, fascicoli });
      await api.register(notificationsModule, { service: notifications });
      await api.register(requestsModule, { service: requests });
      await api.register(procurementModule, { service: procurement, operators, checks });
      await api.register(euFundingModule, { service: euFunding });
      await api.register(calendarModule, { service: calendar });
      await api.register(commentsModule, { service: comments });
      await api.register(searchModule, { service: search });
      await api.register(digitalAgendaModule, { service: digitalAgenda });
    },
    { prefix: '/api/v1' },
  );

  // a new or upgraded database gets the entries of the kinds it has none of
  app.addHook('onReady', async () => {
    const filled = await search.rebuildMissing().catch((err: unknown) => {
      app.log.warn({ err }, 'could not fill the search index');
      return [];
    });
    if (filled.length > 0) app.log.info({ kinds: filled }, 'search index filled');
  });

  // the SUA's reference templates: stored once, stored again if the file store is new
  app.addHook('onReady', async () => {
    await procurement.ensureTemplates().catch((err: unknown) => app.log.warn({ err }, 'could not store the SUA templates'));
  });

  // uploads interrupted by a crash leave temporary files behind; none lasts a day
  app.addHook('onReady', async () => {
    const removed = await storage.sweepTemp(86_400_000).catch((err: unknown) => {
      app.log.warn({ err }, 'could not clean temporary upload files');
      return 0;
    });
    if (removed > 0) app.log.info({ removed }, 'removed stale temporary upload files');
  });

  // years of indicator values loaded in bulk without their aggregates are computed once the server listens
  app.addHook('onListen', async () => {
    startupTasks++;
    void digitalAgenda
      .refreshMissing()
      .then((periods) => periods.length > 0 && app.log.info({ periods }, 'digital agenda aggregates computed'))
      .catch((err: unknown) => app.log.warn({ err }, 'could not compute the digital agenda aggregates'))
      .finally(() => startupTasks--);
  });

  const webDist = resolve(config.WEB_DIST);
  const hasWeb = existsSync(resolve(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 300, timeWindow: '1 minute' }) },
    async (req, reply) => {
      if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) {
        return reply.type('text/html').sendFile('index.html', { maxAge: 0 });
      }
      return reply.code(404).send({ code: 'not_found', message: `Route ${req.method} ${req.url.split('?')[0]} not found`, requestId: req.id });
    },
  );

  const built = app as unknown as App;
  built.services = { audit, calendar, comments, digitalAgenda, documents, euFunding, identity, jobs, network, notifications, procurement, records, registry, requests, search };
  return built;
}
/** The storage driver of STORAGE_DRIVER; with S3, uploads are staged in `<FILES_DIR>/tmp` before they are sent. */
export function createStorage(config: Config): StorageDriver {
  if (config.STORAGE_DRIVER !== 's3') return createLocalStorage(config.FILES_DIR);
  return createS3Storage({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET!,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    prefix: config.S3_PREFIX,
    tempDir: join(config.FILES_DIR, 'tmp'),
  });
}

/** The application with its module services (used by scripts and tests). */
export type App = FastifyInstance & {
  services: {
    audit: ReturnType<typeof createAuditService>;
    calendar: ReturnType<typeof createCalendarService>;
    comments: ReturnType<typeof createCommentsService>;
    jobs: ReturnType<typeof createJobQueue>;
    notifications: ReturnType<typeof createNotificationsService>;
    records: ReturnType<typeof createRecordRegistry>;
    search: ReturnType<typeof createSearchService>;
    documents: ReturnType<typeof createDocumentsService>;
    identity: ReturnType<typeof createIdentityService>;
    network: ReturnType<typeof createNetworkService>;
    registry: ReturnType<typeof createRegistryService>;
    requests: ReturnType<typeof createRequestsService>;
    procurement: ReturnType<typeof createProcurementService>;
    euFunding: ReturnType<typeof createEuFundingService>;
    digitalAgenda: ReturnType<typeof createDigitalAgendaService>;
  };
};

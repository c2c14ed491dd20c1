import { join } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting of the platform. This is the only module that reads `process.env`. */
export const EnvSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().default('0.0.0.0'),
  /** Folder of the embedded database, stored files and the lock file. */
  DATA_DIR: z.string().default('./data'),
  /** Folder of the stored files (content-addressed by SHA-256); default `<DATA_DIR>/files`. */
  FILES_DIR: z.string().optional(),
  /** Where stored files are kept: `local` (FILES_DIR) or `s3` (a bucket of an S3-compatible service). */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  /** URL of the S3-compatible service; unset: AWS S3 in S3_REGION. */
  S3_ENDPOINT: z.url().optional(),
  /** Region of the bucket (most S3-compatible services accept any value). */
  S3_REGION: z.string().default('us-east-1'),
  /** Bucket of the stored files (required with STORAGE_DRIVER=s3). */
  S3_BUCKET: z.string().optional(),
  /** Access key of the bucket (required with STORAGE_DRIVER=s3). */
  S3_ACCESS_KEY_ID: z.string().optional(),
  /** Secret key of the bucket (required with STORAGE_DRIVER=s3). */
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Address the bucket in the URL path (MinIO and most S3-compatible services) rather than in the host name. */
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Prefix of every object key, e.g. `provincecomuni/`, to share a bucket. */
  S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/?$/, 'must be folder names separated by /, without a leading /')
    .optional(),
  /** Largest file accepted by an upload, in megabytes (MiB). */
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(4096).default(50),
  /** Path of LibreOffice's `soffice` (PDF/A conversion); when unset, `soffice` or `libreoffice` is looked up in PATH. */
  SOFFICE_PATH: z.string().optional(),
  /** LibreOffice conversions run at the same time (each with its own temporary profile). */
  OFFICE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Seconds after which a LibreOffice conversion is killed. */
  OFFICE_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  /** PostgreSQL URL; when unset the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** API requests one process works on at once (uploads and probes aside); more wait their turn in arrival order, none is refused. 0 = no limit. */
  API_CONCURRENCY: z.coerce.number().int().min(0).max(10_000).default(32),
  /** Connections of this process to PostgreSQL (ignored with the embedded database). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Load demo data on start (npm start sets it when the data dir is new). */
  DEMO_DATA: bool.default(false),
  /**
   * Whose Comuni get demo indicator values: `all` (the default: 7,904 Comuni, ~3.3M values) or ISTAT codes of
   * Provinces, comma-separated (e.g. `028,029`: tests start sooner).
   */
  DEMO_INDICATOR_PROVINCES: z
    .string()
    .regex(/^(all|\d{3}(,\d{3})*)$/, '`all` or ISTAT codes of Provinces, comma-separated')
    .optional()
    .transform((v) => (v === undefined || v === 'all' ? v : v.split(','))),
  /** Public URL of the platform, used in e-mails and OpenID Connect redirects. */
  BASE_URL: z.url().optional(),
  /** SMTP server, e.g. smtp://user:pass@mail.example.it:587; unset writes mails to the log. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** Sender of the platform's e-mails. */
  MAIL_FROM: z.string().default('Province & Comuni <noreply@provincecomuni.it>'),
  /** OCDS publisher prefix of this installation (registered with the Open Contracting Partnership): ocid = prefix + procedure id. */
  OCDS_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/, 'must be ocds- followed by 6 lower-case letters or digits').default('ocds-pc1upi'),
  /** Bearer token that reads the Prometheus metrics (`/api/v1/metrics`); unset: only callers on the loopback interface may. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Wrong passwords in a row that lock an account (its owner is told by e-mail). */
  LOGIN_LOCK_THRESHOLD: z.coerce.number().int().min(3).max(100).default(10),
  /** Minutes an account stays locked after too many wrong passwords. */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** How often the background worker looks for due jobs (e-mails, digests, reminders), in milliseconds; 0 = no worker in this process. */
  JOBS_POLL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Delay before a failed job (e.g. an e-mail the SMTP server refused) is retried; doubled at each attempt. */
  JOBS_RETRY_BASE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Seconds a running job stays claimed; after a crash, another worker takes it over once this has passed. */
  JOBS_LOCK_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** OpenID Connect issuer (SPID/CIE gateway). */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Label of the single sign-on button. */
  OIDC_LABEL: z.string().default('Accedi con SPID/CIE'),
  /** Hours of inactivity after which a session expires. */
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  /** Seconds an API process may reuse a session it has read; a session revoked on another process stops within this time. */
  SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  /** Seconds an API process may reuse a list of reference data (the territory) it has read. */
  REFERENCE_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  /** Force Secure cookies; by default they are Secure when BASE_URL is https. */
  COOKIE_SECURE: bool.optional(),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  TRUST_PROXY: bool.default(false),
  /** Pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder of the built web app served at /. */
  WEB_DIST: z.string().default('apps/web/dist'),
  /** Max login / reset attempts per IP and e-mail in 15 minutes. */
  AUTH_RATE_LIMIT: z.coerce.number().int().positive().default(10),
});

export type Env = z.infer<typeof EnvSchema>;

/** Settings after defaults and derivations. */
export interface Config extends Omit<Env, 'BASE_URL' | 'COOKIE_SECURE' | 'FILES_DIR'> {
  BASE_URL: string;
  COOKIE_SECURE: boolean;
  FILES_DIR: string;
  oidcEnabled: boolean;
}

/** Parses an environment; throws an error listing every invalid variable. */
export function parseEnv(source: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const list = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${list}`);
  }
  const env = result.data;
  const oidcParts = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcParts !== 0 && oidcParts !== 3) {
    throw new Error('Invalid configuration:\n  - OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  if (env.STORAGE_DRIVER === 's3') {
    const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !env[k]);
    if (missing.length > 0) {
      throw new Error(`Invalid configuration:\n${missing.map((k) => `  - ${k}: required with STORAGE_DRIVER=s3`).join('\n')}`);
    }
  }
  const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return {
    ...env,
    BASE_URL: baseUrl,
    FILES_DIR: env.FILES_DIR ?? join(env.DATA_DIR, 'files'),
    COOKIE_SECURE: env.COOKIE_SECURE ?? baseUrl.startsWith('https://'),
    oidcEnabled: oidcParts === 3,
  };
}

/** Reads the process environment (entry points only). */
export function loadConfig(): Config {
  return parseEnv(process.env);
}

/** The directories where executables are looked up (PATH), e.g. to find LibreOffice when SOFFICE_PATH is unset. */
export function executableSearchPath(): string {
  return process.env.PATH ?? '';
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_LOCALES, type UiLocale } from '@loom/metadata';

/** Where `npm run build -w runtime-ui` puts the web app. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../../runtime-ui/dist', import.meta.url));

/** Settings from the environment (documented in the README). */
export interface LoomConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl?: string;
  /**
   * A PostgreSQL read replica reports and dashboards read from (LOOM_REPORTS_DATABASE_URL);
   * absent: they read the primary like everything else.
   */
  readonly reportsDatabaseUrl?: string;
  readonly dataDir: string;
  readonly filesDir: string;
  /** The built web app served under /app/ (LOOM_UI_DIR; default runtime-ui/dist of this checkout). */
  readonly uiDir: string;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  /** Proxies whose X-Forwarded-For/-Proto are believed (client IP for rate limits, https for Secure cookies). */
  readonly trustProxy: boolean | string;
  /**
   * Failed sign-ins one client address may make, whatever the emails, before it must wait for
   * the window to end (LOOM_LOGIN_FAILURES_PER_ADDRESS, 0 = no limit; LOOM_LOGIN_FAILURE_WINDOW_MINUTES).
   */
  readonly loginFailures: { readonly max: number; readonly windowMs: number };
  /**
   * How long a client may take, so slow or stalled clients cannot hold connections open:
   * the headers (LOOM_HEADERS_TIMEOUT_SECONDS), the whole request with its body
   * (LOOM_REQUEST_TIMEOUT_SECONDS) and an idle kept-alive connection (LOOM_KEEP_ALIVE_TIMEOUT_SECONDS).
   */
  readonly timeouts: { readonly headersMs: number; readonly requestMs: number; readonly keepAliveMs: number };
  /**
   * Open connections one socket address may hold (LOOM_CONNECTIONS_PER_ADDRESS, 0 = no limit).
   * Addresses LOOM_TRUST_PROXY trusts are not limited: a proxy carries many clients.
   */
  readonly connectionsPerAddress: number;
  /**
   * PostgreSQL connections this instance holds (LOOM_DB_POOL_SIZE) and how long a request
   * waits for one of them, or for a new connection, before it is answered 503 with
   * Retry-After (LOOM_DB_WAIT_SECONDS): under overload, a fast "try again" beats a queue
   * that grows without end.
   */
  readonly databasePool: { readonly size: number; readonly waitMs: number };
  /**
   * The installation's time zone (LOOM_TIME_ZONE, an IANA name such as Asia/Shanghai; default the
   * server's): a reminder "at 09:00" fires at nine there, and reports bucket dates there.
   */
  readonly timeZone: string;
  /** The administrator created on first start, when the database has no user. */
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  /** The mail server notifications are emailed through (LOOM_SMTP_URL, smtp:// or smtps://); absent: no email is sent. */
  readonly smtpUrl?: string;
  /** The sender of notification emails (LOOM_MAIL_FROM, default `Loom <loom@localhost>`). */
  readonly mailFrom?: string;
  /** The language of notifications for users who have not chosen one (LOOM_DEFAULT_LOCALE: en or zh-CN; default en). */
  readonly defaultLocale?: UiLocale;
  /** The key webhooks are signed with (LOOM_WEBHOOK_SECRET; HMAC-SHA256 of the body in `Loom-Signature`); absent: webhooks are not sent. */
  readonly webhookSecret?: string;
  /** Whether webhooks may reach loopback and private addresses (LOOM_WEBHOOK_ALLOW_PRIVATE=true; default false). */
  readonly webhookAllowPrivate?: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): LoomConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got "${env.PORT}")`);
  const dataDir = path.resolve(env.LOOM_DATA_DIR ?? './data');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    reportsDatabaseUrl: reportsDatabaseUrlFromEnv(env.LOOM_REPORTS_DATABASE_URL),
    dataDir,
    filesDir: path.resolve(env.LOOM_FILES_DIR ?? path.join(dataDir, 'files')),
    uiDir: path.resolve(env.LOOM_UI_DIR ?? DEFAULT_UI_DIR),
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimitBytes: 10 * 1024 * 1024,
    trustProxy: parseTrustProxy(env.LOOM_TRUST_PROXY),
    loginFailures: {
      max: wholeNumber(env, 'LOOM_LOGIN_FAILURES_PER_ADDRESS', 20, 0),
      windowMs: wholeNumber(env, 'LOOM_LOGIN_FAILURE_WINDOW_MINUTES', 15, 1) * 60_000,
    },
    timeouts: timeoutsFromEnv(env),
    connectionsPerAddress: wholeNumber(env, 'LOOM_CONNECTIONS_PER_ADDRESS', 200, 0),
    databasePool: { size: wholeNumber(env, 'LOOM_DB_POOL_SIZE', 10, 1), waitMs: wholeNumber(env, 'LOOM_DB_WAIT_SECONDS', 10, 1) * 1000 },
    timeZone: timeZoneFromEnv(env.LOOM_TIME_ZONE),
    adminEmail: env.LOOM_ADMIN_EMAIL || undefined,
    adminPassword: env.LOOM_ADMIN_PASSWORD || undefined,
    smtpUrl: smtpUrlFromEnv(env.LOOM_SMTP_URL),
    mailFrom: env.LOOM_MAIL_FROM || 'Loom <loom@localhost>',
    defaultLocale: defaultLocaleFromEnv(env.LOOM_DEFAULT_LOCALE),
    webhookSecret: env.LOOM_WEBHOOK_SECRET || undefined,
    webhookAllowPrivate: booleanFromEnv(env, 'LOOM_WEBHOOK_ALLOW_PRIVATE'),
  };
}

function reportsDatabaseUrlFromEnv(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new Error('LOOM_REPORTS_DATABASE_URL must be a postgres:// URL of a read replica');
  return value;
}

function smtpUrlFromEnv(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^smtps?:\/\/[^/]/.test(value)) throw new Error('LOOM_SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.com:587');
  return value;
}

function defaultLocaleFromEnv(value: string | undefined): UiLocale {
  if (!value) return 'en';
  if (!(UI_LOCALES as readonly string[]).includes(value)) throw new Error(`LOOM_DEFAULT_LOCALE must be one of ${UI_LOCALES.join(', ')} (got "${value}")`);
  return value as UiLocale;
}

/** `true` (any proxy), or a comma-separated list of proxy addresses or CIDR ranges (fastify's trustProxy). */
function parseTrustProxy(value: string | undefined): boolean | string {
  if (!value || value === 'false') return false;
  return value === 'true' ? true : value;
}

function timeoutsFromEnv(env: NodeJS.ProcessEnv): LoomConfig['timeouts'] {
  const headersMs = wholeNumber(env, 'LOOM_HEADERS_TIMEOUT_SECONDS', 20, 1) * 1000;
  const requestMs = wholeNumber(env, 'LOOM_REQUEST_TIMEOUT_SECONDS', 120, 1) * 1000;
  // Node refuses a headers timeout longer than the request's: the headers are part of the request.
  if (headersMs > requestMs) throw new Error('LOOM_HEADERS_TIMEOUT_SECONDS must not be more than LOOM_REQUEST_TIMEOUT_SECONDS');
  return { headersMs, requestMs, keepAliveMs: wholeNumber(env, 'LOOM_KEEP_ALIVE_TIMEOUT_SECONDS', 72, 1) * 1000 };
}

function timeZoneFromEnv(value: string | undefined): string {
  if (!value) return Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`LOOM_TIME_ZONE must be an IANA time zone such as Asia/Shanghai (got "${value}")`);
  }
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min} (got "${text}")`);
  return value;
}

function booleanFromEnv(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be true or false (got "${value}")`);
}

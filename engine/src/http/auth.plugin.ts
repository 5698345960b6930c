import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { findApiToken } from '../auth/api-tokens.ts';
import { ActorCache } from '../auth/load-actor.ts';
import { prepareDummyHash, verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { sha256Hex } from '../auth/secrets.ts';
import {
  createSession,
  csrfMatches,
  csrfTokenFor,
  DEFAULT_SESSION_POLICY,
  findSession,
  pruneSessions,
  revokeSession,
  type SessionPolicy,
} from '../auth/sessions.ts';
import { findLoginUser, getUser, updateUser, type PublicUser } from '../auth/users-repo.ts';
import type { Actor } from '../data/actor.ts';
import { loomError, loomErrors } from '../errors/loom-error.ts';
import { DOCS_ROUTES } from './docs.plugin.ts';
import { FailedSignIns, type FailedSignInPolicy } from './failed-sign-ins.ts';
import { loginSchema, logoutSchema, meRouteSchema, passwordSchema } from './route-schemas/auth-schemas.ts';
import { tokenSchemas } from './route-schemas/token-schemas.ts';
import { actorOf } from './request-actor.ts';
import { useStrictValidation } from './strict-validation.ts';
import { tokenRoutes } from './token-routes.ts';

export const SESSION_COOKIE = 'loom_session';

/** How the request proved who it is. */
export type Credential = { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of an /api request (null only on the public routes). */
    actor: Actor | null;
    credential: Credential | null;
  }
}

export interface AuthOptions {
  readonly db: Kysely<any>;
  readonly clock: () => Date;
  readonly sessionPolicy?: SessionPolicy;
  /** Sign-in attempts per IP address and email in a minute. */
  readonly loginAttemptsPerMinute?: number;
  /** Failed sign-ins per IP address across emails (password spraying); default 20 in 15 minutes. */
  readonly loginFailures?: FailedSignInPolicy;
}

export const DEFAULT_LOGIN_FAILURES: FailedSignInPolicy = { max: 20, windowMs: 15 * 60_000 };

// Everything under /api needs a signed-in user except these.
// The API reference page is public; the document it shows is each caller's own.
const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'HEAD /api/health',
  'POST /api/auth/login',
  ...DOCS_ROUTES,
  ...DOCS_ROUTES.map((r) => r.replace('GET', 'HEAD')),
]);
// Open to anyone, but a caller who sends credentials is answered as themselves.
const OPTIONAL_AUTH_ROUTES = new Set(['GET /api/openapi.json', 'HEAD /api/openapi.json']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Authentication for every /api request (one onRequest hook on the root, so no route can
 * be forgotten) and the /api/auth routes: sign-in, sign-out, who am I, own tokens.
 */
export async function registerAuth(app: FastifyInstance, options: AuthOptions) {
  const opts = { ...options, actors: new ActorCache() };
  await prepareDummyHash();
  app.decorateRequest('actor', null);
  app.decorateRequest('credential', null);
  app.addHook('onRequest', async (request) => {
    if (!underApi(request)) return;
    const route = `${request.method} ${request.routeOptions.url}`;
    if (PUBLIC_ROUTES.has(route)) return;
    if (OPTIONAL_AUTH_ROUTES.has(route) && !hasCredentials(request)) return;
    await authenticate(request, opts);
  });
  await app.register(authRoutes, opts);
}

/**
 * Judged by the route that matched, not the raw URL: the router decodes the path, so
 * "/%61pi/meta" reaches /api/meta. An unmatched URL that decodes to /api… is refused too,
 * so a caller without credentials cannot tell which routes exist.
 */
function underApi(request: FastifyRequest): boolean {
  const pattern = request.routeOptions.url;
  if (pattern !== undefined) return pattern === '/api' || pattern.startsWith('/api/');
  let path = request.url.split('?')[0];
  try {
    path = decodeURIComponent(path);
  } catch {
    // Undecodable: judge the raw text.
  }
  return /^\/+api(\/|$)/i.test(path);
}

function hasCredentials(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || Boolean(request.cookies[SESSION_COOKIE]);
}

async function authenticate(request: FastifyRequest, opts: AuthOptions & { actors: ActorCache }) {
  const now = opts.clock();
  const header = request.headers.authorization;
  // A request that sends Authorization is judged by it alone, never by a cookie beside it.
  if (header !== undefined) {
    const token = BEARER.exec(header)?.[1];
    const found = token ? await findApiToken(opts.db, token, now) : undefined;
    if (!found) throw loomError('LOOM_ERR_AUTH_REQUIRED');
    return setActor(request, opts, found.userId, found.generation, { kind: 'token', tokenId: found.id });
  }
  const cookie = request.cookies[SESSION_COOKIE];
  const session = cookie ? await findSession(opts.db, cookie, now, opts.sessionPolicy) : undefined;
  if (!session) throw loomError('LOOM_ERR_AUTH_REQUIRED');
  // Browsers send cookies with cross-site requests; only our own pages know the CSRF token.
  if (UNSAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers['x-csrf-token'])) throw loomError('LOOM_ERR_AUTH_CSRF');
  return setActor(request, opts, session.userId, session.generation, { kind: 'session', sessionId: session.id });
}

async function setActor(request: FastifyRequest, opts: AuthOptions & { actors: ActorCache }, userId: string, generation: number, credential: Credential) {
  const actor = await opts.actors.get(opts.db, userId, generation);
  if (!actor) throw loomError('LOOM_ERR_AUTH_REQUIRED');
  request.actor = actor;
  request.credential = credential;
}

async function authRoutes(app: FastifyInstance, opts: AuthOptions) {
  useStrictValidation(app);
  const policy = opts.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const rateLimit = {
    max: opts.loginAttemptsPerMinute ?? 10,
    timeWindow: 60_000,
    // After body parsing, so the key can hold the email: one address cannot be guessed at
    // from one place, and one place cannot lock out everyone behind it.
    hook: 'preValidation' as const,
    keyGenerator: (req: FastifyRequest) => `${req.ip}|${emailOf(req.body)}`,
    errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string }) =>
      loomError('LOOM_ERR_AUTH_RATE_LIMITED', `Too many attempts; try again in ${ctx.after}.`),
  };

  const failures = new FailedSignIns(opts.loginFailures ?? DEFAULT_LOGIN_FAILURES, () => opts.clock().getTime());

  app.post<{ Body: { email: string; password: string } }>('/api/auth/login', { schema: loginSchema, config: { rateLimit } }, async (req, reply) => {
    // Before any argon2 work: a blocked address costs nothing.
    const wait = failures.retryAfter(req.ip);
    if (wait !== undefined) {
      reply.header('retry-after', String(wait));
      throw loomError('LOOM_ERR_AUTH_RATE_LIMITED', `Too many failed sign-ins from this address; try again in ${waitText(wait)}.`);
    }
    // A database fault throws from here and is not counted: only a wrong email or password is.
    const userId = await verifyCredentials(opts.db, req.body.email, req.body.password);
    if (!userId) {
      failures.fail(req.ip);
      throw loomError('LOOM_ERR_AUTH_INVALID_CREDENTIALS');
    }
    const now = opts.clock();
    const previous = req.cookies[SESSION_COOKIE];
    if (previous) await revokeSession(opts.db, sha256Hex(previous));
    await pruneSessions(opts.db, now);
    const { token, csrfToken } = await createSession(opts.db, userId, now, policy);
    setSessionCookie(req, reply, token, policy);
    return reply.header('cache-control', 'no-store').send({ user: meOf((await getUser(opts.db, userId))!), csrfToken });
  });

  app.post('/api/auth/logout', { schema: logoutSchema }, async (req, reply) => {
    if (req.credential?.kind === 'session') await revokeSession(opts.db, req.credential.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { schema: meRouteSchema }, async (req, reply) => {
    const user = await getUser(opts.db, actorOf(req).id!);
    const cookie = req.credential?.kind === 'session' ? req.cookies[SESSION_COOKIE] : undefined;
    return reply.header('cache-control', 'no-store').send({ user: meOf(user!), csrfToken: cookie ? csrfTokenFor(cookie) : null });
  });

  // Changing one's own password ends every session and token, then signs this browser in again.
  app.post<{ Body: { currentPassword: string; password: string } }>(
    '/api/auth/password',
    { schema: passwordSchema, config: { rateLimit: { ...rateLimit, keyGenerator: (req: FastifyRequest) => `${req.ip}|${req.actor?.id}` } } },
    async (req, reply) => {
      const me = (await getUser(opts.db, actorOf(req).id!))!;
      // A wrong current password is a 400 on the field, not a 401 that reads as "signed out".
      if (!(await verifyCredentials(opts.db, me.email, req.body.currentPassword))) {
        throw loomErrors('LOOM_ERR_AUTH_INVALID', [{ path: '/currentPassword', message: 'is not your current password' }]);
      }
      await updateUser(opts.db, me.id, { password: req.body.password });
      if (req.credential?.kind !== 'session') return reply.status(204).send();
      const { token, csrfToken } = await createSession(opts.db, me.id, opts.clock(), policy);
      setSessionCookie(req, reply, token, policy);
      return reply.header('cache-control', 'no-store').send({ csrfToken });
    },
  );

  await app.register(tokenRoutes, {
    db: opts.db,
    clock: opts.clock,
    prefix: '/api/auth/tokens',
    owner: (req: FastifyRequest) => actorOf(req).id!,
    schemas: tokenSchemas({ operationPrefix: 'auth_tokens', tag: 'Sessions', whose: 'oneself', problems: [] }),
  });
}

/**
 * The user id for a right email and password, else undefined; a database fault throws.
 * Unknown emails, deactivated users and users without a password are checked against a dummy
 * hash, so every failure costs the same argon2 time and gives the same answer.
 */
async function verifyCredentials(db: Kysely<any>, email: string, password: string): Promise<string | undefined> {
  const user = await findLoginUser(db, email);
  const ok = user?.active && user.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  return ok && user ? user.id : undefined;
}

function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, policy: SessionPolicy) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    path: '/',
    maxAge: Math.floor(policy.absoluteMs / 1000),
  });
}

function emailOf(body: unknown): string {
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
}

/** What a user learns about themselves. */
export function meOf(user: PublicUser) {
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, teams: user.teams, manager: user.manager, admin: user.admin };
}

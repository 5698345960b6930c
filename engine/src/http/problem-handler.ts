import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isConnectionLost } from '../db/connection-errors.ts';
import { isLoomError, loomError, type LoomError, type ProblemItem } from '../errors/loom-error.ts';
import { localizeProblem } from '../errors/localize-problem.ts';
import { negotiateLocale } from '../errors/messages.ts';
import { problemTitle } from '../errors/problem-titles.ts';
import { EARLY_ANSWER_HEADERS } from './security-headers.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ProblemItem[];
  instance?: string;
}

const PROBLEM_TYPE = 'https://loom.dev/problems/';

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/**
 * A LoomError as problem+json in the caller's locale (Accept-Language, which the web app sets
 * to the user's language): title, detail and each problem's message; `code` stays the same.
 */
function sendLoomError(request: FastifyRequest, reply: FastifyReply, error: LoomError) {
  const locale = negotiateLocale(request.headers['accept-language']);
  const text = localizeProblem(error, locale);
  const vary = reply.getHeader('vary');
  reply.header('content-language', locale).header('vary', vary ? `${vary}, Accept-Language` : 'Accept-Language');
  return sendProblem(reply, {
    type: PROBLEM_TYPE + error.code,
    title: text.title,
    status: error.status,
    detail: text.detail,
    code: error.code,
    ...(text.errors ? { errors: text.errors } : {}),
  });
}

/** PostgreSQL broke a deadlock (40P01) or a serialization conflict (40001) by rolling this transaction back. */
function isDeadlock(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '40P01' || code === '40001';
}

/**
 * One error handler for every route: LoomErrors and fastify's own 4xx errors become
 * application/problem+json with JSON pointers; a lost database connection is a 503 with
 * Retry-After; anything else is a 500 whose detail is logged with the request id and
 * never shown.
 */
export function registerProblemHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isLoomError(error)) return sendLoomError(request, reply, error);
    if (isDeadlock(error)) {
      // The transaction was rolled back whole; sending it again is safe and usually succeeds.
      reply.header('retry-after', '1');
      return sendLoomError(request, reply, loomError('LOOM_ERR_DATA_RETRY'));
    }
    if (isConnectionLost(error)) {
      // Whatever the route (records, sign-in, metadata, people), a lost database connection
      // is the server's trouble and passes: never a 500, and never a 401 that signs a
      // client out. Every route's errors pass here, so this one rule covers them all.
      request.log.warn({ err: error }, 'database connection lost');
      reply.header('retry-after', '1');
      return sendLoomError(request, reply, loomError('LOOM_ERR_DB_UNAVAILABLE'));
    }
    if (error.validation) {
      const errors = error.validation.map((v) => ({ path: validationPath(error.validationContext, v), message: v.message ?? 'is not valid' }));
      const title = problemTitle('LOOM_ERR_HTTP_BAD_REQUEST', negotiateLocale(request.headers['accept-language']));
      return sendProblem(reply, {
        type: PROBLEM_TYPE + 'LOOM_ERR_HTTP_BAD_REQUEST',
        title,
        status: 400,
        detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
        code: 'LOOM_ERR_HTTP_BAD_REQUEST',
        errors,
      });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      const code = status === 413 ? 'LOOM_ERR_HTTP_BODY_TOO_LARGE' : status === 415 ? 'LOOM_ERR_HTTP_MEDIA_TYPE' : 'LOOM_ERR_HTTP_BAD_REQUEST';
      const title = problemTitle(code, negotiateLocale(request.headers['accept-language']));
      return sendProblem(reply, { type: PROBLEM_TYPE + code, title, status, detail: plainFastifyMessage(error), code });
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, {
      type: PROBLEM_TYPE + 'LOOM_ERR_INTERNAL',
      title: 'Internal error',
      status: 500,
      detail: `An unexpected error occurred (request ${request.id}).`,
      code: 'LOOM_ERR_INTERNAL',
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: PROBLEM_TYPE + 'LOOM_ERR_HTTP_NOT_FOUND',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
      code: 'LOOM_ERR_HTTP_NOT_FOUND',
    }),
  );
}

/**
 * Errors fastify raises before any route is found (a URL that does not decode): the same
 * problem+json as every other bad request, never fastify's own error format.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  // No onRequest hook has run: the security headers are added here.
  reply.headers(EARLY_ANSWER_HEADERS);
  const detail =
    error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid: a % must start an escape such as %20, and escapes must spell UTF-8.' : plainFastifyMessage(error);
  return sendProblem(reply, { type: PROBLEM_TYPE + 'LOOM_ERR_HTTP_BAD_REQUEST', title: 'Bad request', status: 400, detail, code: 'LOOM_ERR_HTTP_BAD_REQUEST' });
}

function validationPath(context: string | undefined, v: { instancePath?: string; params?: Record<string, unknown> }): string {
  const base = context === 'querystring' ? '/query' : context === 'params' ? '/params' : context === 'headers' ? '/headers' : '';
  const extra = (v.params?.missingProperty ?? v.params?.additionalProperty) as string | undefined;
  return `${base}${v.instancePath ?? ''}${extra ? `/${extra}` : ''}` || '/';
}

/** Fastify's messages name its internals (FST_ERR_…); say what went wrong instead. */
function plainFastifyMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this server accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send JSON (Content-Type: application/json) or, for uploads, multipart/form-data.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The JSON body is empty.';
    default:
      return error.message.replace(/^FST_ERR_[A-Z_]+:\s*/, '');
  }
}

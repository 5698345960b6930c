import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { API_CSP } from './content-security-policy.ts';

/**
 * The security headers helmet chooses and the API's Content-Security-Policy (the web app
 * replaces it with its own, web-app.plugin.ts), computed once at start-up and added to every
 * reply in one call. Without a nonce or anything else per request, they are the same on
 * every reply, and running helmet's middleware on each request cost a fifth of a record
 * read's CPU.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

let computed: Readonly<Record<string, string>> | undefined;

/**
 * The headers every answer carries, computed once per process; also for the answers fastify
 * gives before any hook runs (a URL that does not decode, problem-handler.ts).
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  computed ??= Object.freeze({ ...helmetHeaders(), 'content-security-policy': API_CSP });
  return computed;
}

/** Runs helmet's middleware once against a response that only records what is set. */
export function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  // No page may frame Loom (the policies say frame-ancestors 'none'; this is for older browsers).
  helmet({ contentSecurityPolicy: false, xFrameOptions: { action: 'deny' } })({} as never, response as never, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

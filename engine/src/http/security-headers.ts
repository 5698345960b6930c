import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { API_CSP } from './content-security-policy.ts';

/**
 * The security headers helmet chooses, on every answer, and the API's Content-Security-Policy
 * (the web app and the reference page replace it with their own: web-app.plugin.ts,
 * docs.plugin.ts). The policy is a constant of ours rather than helmet's: helmet would build
 * the same directives into a differently spaced header on every request.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  // No page may frame Loom (the policies say frame-ancestors 'none'; this is for older browsers).
  await app.register(helmet, { contentSecurityPolicy: false, xFrameOptions: { action: 'deny' } });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('content-security-policy', API_CSP);
    done();
  });
}

/**
 * What the answers fastify gives before any hook runs (a URL that does not decode,
 * problem-handler.ts) carry: helmet's hooks have not run for them, and a problem body needs
 * these of its headers — no sniffing it into a page, no framing, the API's policy.
 */
export const EARLY_ANSWER_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': API_CSP,
});

import { createHash } from 'node:crypto';
import apiReference from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import { docsPolicy } from './content-security-policy.ts';

/** Where the reference page is; it is a page, not an API operation, and open to anyone. */
export const DOCS_PREFIX = '/api/docs';

/** The page, the redirect to it and its script: public routes (auth.plugin.ts). */
export const DOCS_ROUTES = [`GET ${DOCS_PREFIX}`, `GET ${DOCS_PREFIX}/`, `GET ${DOCS_PREFIX}/js/scalar.js`] as const;

/**
 * A reference UI for `/api/openapi.json` at /api/docs (Scalar). Its script is served from
 * here, bundled in the package: nothing is loaded from another origin (the server may have
 * no internet, and the policy allows none). The page fetches the document with the browser's
 * own cookie, so a signed-in user reads the entities and fields they may use.
 */
export async function docsPlugin(app: FastifyInstance) {
  // The page starts the reference with a small inline script; the page's policy allows that
  // script by its hash, computed from the page as sent, and scripts from this origin only.
  const policies = new Map<string, string>();
  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).startsWith('text/html')) return payload;
    if (!policies.has(payload)) policies.set(payload, docsPolicy(inlineScriptHashes(payload)));
    reply.header('content-security-policy', policies.get(payload)!);
    return payload;
  });
  await app.register(apiReference, {
    routePrefix: DOCS_PREFIX,
    configuration: {
      url: '/api/openapi.json',
      pageTitle: 'Loom API',
      // No fonts from the vendor's servers, no telemetry, no hosted API client or proxy.
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      showDeveloperTools: 'never',
      agent: { disabled: true },
    },
  });
}

/** `'sha256-…'` of each inline script of a page, as Content-Security-Policy names them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

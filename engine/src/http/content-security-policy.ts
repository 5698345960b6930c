/**
 * The Content-Security-Policy headers, as constants: nothing in them varies by request (no
 * nonce), so they are joined once when the server starts.
 */

function policy(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * What the JSON API answers with: none of its answers is a page, so a browser that opens one
 * (or a file served as a document) may load, run and frame nothing from it.
 */
export const API_CSP = policy({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });

/**
 * The web app under /app/: its own scripts, styles, fonts and API only. Rich text is shown
 * as HTML (sanitised on the server), so this is the second wall against markup in it:
 * - no inline or remote script; `'unsafe-eval'` because the form's JSON Schema validator
 *   (ajv, inside RJSF) compiles the form's schema to a function at run time. Eval needs a
 *   script already running, and the only script that runs is the app's own.
 * - `img-src` has no remote hosts: remote images in rich text (tracking pixels) do not load.
 * - style elements and sheets come from the app only; inline style attributes are allowed
 *   (`style-src-attr`) because stored rich text may keep them on `span`, and they can fetch
 *   nothing a remote host could see (`img-src` and `font-src` have no remote hosts).
 */
export const APP_CSP = policy({
  'default-src': ["'self'"],
  'script-src': ["'self'", "'unsafe-eval'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
});

/**
 * The API reference page at /api/docs (docs.plugin.ts): its script from this origin and its
 * inline start-up script by hash, nothing from elsewhere. The reference adds style elements
 * and attributes as it renders (`'unsafe-inline'` styles; they can fetch nothing remote, as
 * `img-src` and `font-src` have no remote hosts), and reads the document from this origin.
 */
export function docsPolicy(scriptHashes: readonly string[]): string {
  return policy({
    'default-src': ["'none'"],
    'script-src': ["'self'", ...scriptHashes],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  });
}

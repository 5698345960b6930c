import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { APP_CSP } from './content-security-policy.ts';

/** Vite names built assets by their content hash: they never change, so browsers keep them a year. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loom</title></head>
<body>
<h1>The Loom app is not built yet</h1>
<p>The API is running. Build the web app with <code>npm run build -w runtime-ui</code> and reload this page.</p>
</body></html>
`;

/**
 * The end users' web app (runtime-ui's build) under /app/. Files are served as they are;
 * any other path under /app/ is a screen of the single-page app and gets index.html
 * (always revalidated, so a new build is picked up). `/` redirects to the app. Nothing here
 * answers under /api. Every answer carries the app's Content-Security-Policy in place of the
 * API's (this plugin's hook runs after the root's, which set the API's).
 */
export async function webAppPlugin(app: FastifyInstance, opts: { uiDir: string }) {
  const root = path.resolve(opts.uiDir);
  await app.register(fastifyStatic, { serve: false });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('content-security-policy', APP_CSP);
    done();
  });

  app.get('/', (_req, reply) => reply.redirect('/app/'));
  app.get('/app', (_req, reply) => reply.redirect('/app/'));
  app.get<{ Params: { '*': string } }>('/app/*', (req, reply) => {
    if (!isFile(root, 'index.html')) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE);
    const file = req.params['*'];
    if (file && isFile(root, file)) return sendFile(reply, root, file);
    // A missing hashed asset is an old build's: index.html in its place would only confuse the browser.
    if (file.startsWith('assets/')) return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    return sendFile(reply, root, 'index.html');
  });
}

function sendFile(reply: FastifyReply, root: string, file: string) {
  reply.header('cache-control', file.startsWith('assets/') ? ASSET_CACHE : 'no-cache');
  return reply.sendFile(file, root, { cacheControl: false, dotfiles: 'deny' });
}

/** A regular file inside the root, not reached through `..` or a dot-folder. */
function isFile(root: string, file: string): boolean {
  if (file.split('/').some((segment) => segment.startsWith('.'))) return false;
  const full = path.resolve(root, file);
  if (!full.startsWith(root + path.sep)) return false;
  try {
    return fs.statSync(full).isFile();
  } catch {
    return false;
  }
}

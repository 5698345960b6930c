import type { FastifyInstance } from 'fastify';

/**
 * The bodies the API reads: JSON, and multipart for uploads (files.plugin). Fastify also
 * parses text/plain into a string, which no route wants: it would fail validation with a
 * misleading 4xx. Without a parser, fastify answers 415, and the problem handler says to send JSON.
 *
 * Many HTTP clients send `Content-Type: application/json` on every request, a DELETE without a
 * body too. Fastify's JSON parser refuses an empty body; for a DELETE, which takes no body, an
 * empty one is simply none. Other methods keep the "JSON body is empty" answer.
 */
export function registerBodyParsers(app: FastifyInstance) {
  app.removeContentTypeParser('text/plain');
  // Fastify's own parser, with its defaults: __proto__ refused, constructor keys kept.
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (request.method === 'DELETE' && body === '') return done(null, undefined);
    return parseJson(request, body as string, done);
  });
}

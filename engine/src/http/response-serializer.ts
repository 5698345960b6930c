import type { FastifyInstance } from 'fastify';

/**
 * Routes' response schemas document their answers (the OpenAPI document is built from them)
 * without shaping them. Given a response schema, fastify serializes with fast-json-stringify,
 * which drops every property the schema leaves out and coerces values to the declared type
 * (null becomes "" for a string): a schema a little behind the code would silently change
 * answers. Answers are serialized as they are, as before the routes had schemas; the tests
 * check the answers against the document instead (openapi/openapi-routes.test.ts).
 */
export function serializeAnswersAsTheyAre(app: FastifyInstance): void {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

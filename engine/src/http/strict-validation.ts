import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Fastify's default validator coerces types ("true" becomes true) and silently drops
 * unknown properties. The identity routes refuse both instead: a typo in a body or a query
 * is a 400 naming it, never ignored. Query strings are text, so only they are coerced.
 */
export function useStrictValidation(app: FastifyInstance) {
  const strict = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false, strict: true, allowUnionTypes: true });
  const query = new Ajv({ allErrors: true, coerceTypes: true, removeAdditional: false, useDefaults: true, strict: true, allowUnionTypes: true });
  addFormats.default(strict);
  addFormats.default(query);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'querystring' ? query : strict).compile(schema));
}

/**
 * Route options of a route that checks its input by hand, with its own codes, messages and
 * pointers (a metadata document's problems, the locale list). Its schema describes exactly
 * what that check accepts, for the OpenAPI document; fastify does not check it a second time.
 */
export const checkedByHand = { validatorCompiler: () => () => true } as const;

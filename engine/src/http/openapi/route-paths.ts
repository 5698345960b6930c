import type { CollectedRoute, RouteSchema } from './route-collector.ts';
import type { Operation, PathItem } from './openapi-parts.ts';
import type { JsonSchema } from './record-schemas.ts';

/** `/api/users/:id` → `/api/users/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Whether the document describes the route from its own schema (an /api route, not hidden). */
export function isDocumentedRoute(route: CollectedRoute): boolean {
  return (route.url === '/api' || route.url.startsWith('/api/')) && route.schema?.hide !== true;
}

/**
 * The OpenAPI paths of the routes that describe themselves: each route's schema becomes its
 * operation (path and query parameters from `params` and `querystring`, the request body from
 * `body`, the responses as they are). Paths in URL order.
 */
export function routePaths(routes: readonly CollectedRoute[]): Record<string, PathItem> {
  const paths: Record<string, PathItem> = {};
  const documented = routes.filter(isDocumentedRoute).sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (const route of documented) {
    const path = openApiPath(route.url);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  return paths;
}

function operationOf(route: CollectedRoute): Operation {
  const schema: RouteSchema = route.schema ?? {};
  const parameters = [...pathParameters(route.url, schema.params as JsonSchema | undefined), ...queryParameters(schema.querystring as JsonSchema | undefined)];
  return {
    ...(schema.operationId ? { operationId: schema.operationId } : {}),
    ...(schema.tags ? { tags: schema.tags } : {}),
    ...(schema.summary ? { summary: schema.summary } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(schema.body ? { requestBody: requestBody(schema.body as JsonSchema) } : {}),
    responses: (schema.response as Record<string, unknown> | undefined) ?? { default: { description: 'Not described.' } },
  };
}

/** Every `:name` of the URL, described by the `params` schema where it has the property. */
function pathParameters(url: string, params: JsonSchema | undefined): Record<string, unknown>[] {
  const properties = (params?.properties ?? {}) as Record<string, JsonSchema>;
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => parameter(name, 'path', true, properties[name] ?? { type: 'string' }));
}

function queryParameters(querystring: JsonSchema | undefined): Record<string, unknown>[] {
  const properties = (querystring?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((querystring?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, schema]) => parameter(name, 'query', required.has(name), schema));
}

function parameter(name: string, where: 'path' | 'query', required: boolean, schema: JsonSchema): Record<string, unknown> {
  const { description, ...rest } = schema as JsonSchema & { description?: string };
  return { name, in: where, required, ...(description ? { description } : {}), schema: rest };
}

/** A JSON body, or one already given per media type (`{ content: { 'multipart/form-data': { schema } } }`). */
function requestBody(body: JsonSchema): Record<string, unknown> {
  const content = (body as { content?: Record<string, unknown> }).content ?? { 'application/json': { schema: body } };
  return { required: true, content };
}

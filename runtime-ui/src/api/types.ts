/**
 * Shapes of the REST answers the pages read (see docs/api.md and docs/identity.md). Those of
 * the fixed routes come from openapi.d.ts, generated from the server's routes
 * (scripts/api-types.ts), so the app cannot drift from what the server answers.
 */
import type { paths } from './openapi.d.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON body a route answers with a status, as the server's OpenAPI document describes it. */
type Answer<Path extends keyof paths, M extends Method, Status extends number> = paths[Path][M] extends {
  readonly responses: { readonly [S in Status]: { content: { readonly 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The JSON body a route takes. */
type RequestBody<Path extends keyof paths, M extends Method> = paths[Path][M] extends {
  readonly requestBody: { content: { readonly 'application/json': infer Body } };
}
  ? Body
  : never;

/** Who is signed in and the CSRF token to send with changes (`/api/auth/me`, `/api/auth/login`). */
export type SessionAnswer = Answer<'/api/auth/me', 'get', 200>;
export type SessionUser = SessionAnswer['user'];

export type RecordData = Record<string, unknown> & { readonly id: string; readonly version: number };

export interface ListAnswer<T = RecordData> {
  readonly data: T[];
  readonly next: string | null;
  readonly total?: number;
}

type StoredView = Answer<'/api/me/views', 'get', 200>['data'][number];

/**
 * A personal saved view (`/api/me/views`), the parts the app reads and sends back (the server
 * also answers `createdAt` and `updatedAt`). `filter` stays loose here: the list builds it as
 * any JSON Logic value, while the server takes an object, a boolean or null (`SavedViewInput`).
 */
export type SavedView = Pick<StoredView, 'id' | 'entity' | 'name' | 'columns' | 'sort'> & { readonly filter?: unknown };
/** What saving a view sends (`POST /api/me/views`), as the server checks it. */
export type SavedViewInput = RequestBody<'/api/me/views', 'post'>;

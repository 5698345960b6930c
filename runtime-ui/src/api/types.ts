/** Shapes of the REST answers the pages read (see docs/api.md and docs/identity.md). */

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly admin: boolean;
}

export interface SessionAnswer {
  readonly user: SessionUser;
  readonly csrfToken: string | null;
}

export type RecordData = Record<string, unknown> & { readonly id: string; readonly version: number };

export interface ListAnswer<T = RecordData> {
  readonly data: T[];
  readonly next: string | null;
  readonly total?: number;
}

/** A personal saved view (`/api/me/views`). */
export interface SavedView {
  readonly id: string;
  readonly entity: string;
  readonly name: string;
  readonly columns: string[];
  readonly filter?: unknown;
  readonly sort: string[];
}

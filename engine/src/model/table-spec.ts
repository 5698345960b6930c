/**
 * The database shape the model asks for: plain data, compared by schema/ with the
 * live catalog. Column types are a closed set so that every DDL string the engine
 * writes is built from these values and from model identifiers, never from user text.
 */
export type SqlType =
  'uuid' | 'text' | 'integer' | 'bigint' | 'double precision' | 'boolean' | 'date' | 'timestamptz' | 'jsonb' | 'text[]' | `numeric(${number},${number})`;

export type ReferentialAction = 'SET NULL' | 'CASCADE' | 'RESTRICT';

export interface ColumnSpec {
  readonly name: string;
  readonly sqlType: SqlType;
  readonly nullable: boolean;
  /** A default from a closed list (system columns only). */
  readonly defaultSql?: 'now()' | '1' | 'false';
  readonly references?: { readonly schema: string; readonly table: string; readonly column: string; readonly onDelete: ReferentialAction };
  /** The metadata field this column stores (absent for system columns), for messages that name the field. */
  readonly field?: string;
  /**
   * How rows that exist when the column is added (or restored from an archive) get their
   * value, from a closed list: `ownerTeamKey` copies the owner's team key from loom.users.
   */
  readonly fill?: 'ownerTeamKey';
}

export interface IndexSpec {
  readonly name: string;
  readonly unique: boolean;
  /**
   * `columns`: a btree over columns; `grams`: a GIN index over `loom.grams(lower(a || ' ' || b))`,
   * the character 1- and 2-grams of the searchable text, which serves substring search in any script.
   */
  readonly method: 'columns' | 'grams';
  readonly columns: readonly { readonly column: string; readonly descending?: boolean }[];
  /** Only over live records (`WHERE deleted_at IS NULL`): a soft-deleted record holds no unique value. */
  readonly liveOnly?: boolean;
}

/** The predicate of a `liveOnly` index, as written in DDL. */
export const LIVE_ONLY_PREDICATE = 'deleted_at IS NULL';

export interface TableSpec {
  readonly schema: string;
  readonly name: string;
  /** The entity the table stores, for messages. */
  readonly entity: string;
  readonly primaryKey: string;
  readonly columns: readonly ColumnSpec[];
  readonly indexes: readonly IndexSpec[];
}

/**
 * The column of an owned record table that holds its owner's team key (loom.users.team_key,
 * see the 0004 system migration), so the `team` scope is an equality an index can start with.
 * Derived, never a field: written with the owner and refreshed when team membership changes.
 */
export const OWNER_TEAM_KEY = 'owner_team_key';

/** PostgreSQL schema that holds record tables; the engine's own tables live in `loom`. */
export const RECORDS_SCHEMA = 'loom_data';
export const SYSTEM_SCHEMA = 'loom';

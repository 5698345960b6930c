import type { ArchiveRecord } from './schema-plan.ts';

/**
 * What PostgreSQL holds in the records schema, as plain data: the planner compares
 * it with the model's TableSpecs without touching the database.
 */

export interface LiveColumn {
  readonly name: string;
  /** Normalised type name (`timestamptz`, `numeric(18,2)`, `varchar(20)`…): see normaliseType. */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as PostgreSQL prints it, or null. */
  readonly defaultSql: string | null;
  /** The metadata field the column stores, from its COMMENT (written when the column is created). */
  readonly field?: string | null;
}

export interface LiveIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Access method: `btree`, `gin`… */
  readonly method: string;
  /** Key columns in order; `column` is null for an expression key. */
  readonly columns: readonly { readonly column: string | null; readonly descending: boolean }[];
  /** The expression keys as PostgreSQL prints them, or null. */
  readonly expression: string | null;
  /** The WHERE of a partial index, or null. */
  readonly predicate: string | null;
  /** Backs the primary key or a UNIQUE/EXCLUDE constraint: managed through the constraint, not as an index. */
  readonly constraint: boolean;
}

export interface LiveForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly target: { readonly schema: string; readonly table: string; readonly columns: readonly string[] };
  /** `NO ACTION`, `RESTRICT`, `CASCADE`, `SET NULL` or `SET DEFAULT`. */
  readonly onDelete: string;
}

export interface LiveTable {
  readonly name: string;
  /** The entity the table stores, from its COMMENT (written when the table is created). */
  readonly entity?: string | null;
  readonly columns: readonly LiveColumn[];
  readonly primaryKey: { readonly name: string; readonly columns: readonly string[] } | null;
  readonly indexes: readonly LiveIndex[];
  readonly foreignKeys: readonly LiveForeignKey[];
}

/** An active row of loom.archived_objects (restored_at is null): what an archive step wrote, with its id and time. */
export interface ArchivedObject extends ArchiveRecord {
  readonly id: number;
  readonly archivedAt: Date;
}

export interface LiveCatalog {
  /** Every table of the records schema, archives included, by name. */
  readonly tables: readonly LiveTable[];
  readonly archives: readonly ArchivedObject[];
}

/** Names that start with this are archives, never live model objects. */
export const ARCHIVE_PREFIX = '_archived_';

export function isArchiveName(name: string): boolean {
  return name.startsWith(ARCHIVE_PREFIX);
}

const TYPE_ALIASES: Record<string, string> = {
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  'character varying': 'varchar',
  character: 'char',
  'bit varying': 'varbit',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  float8: 'double precision',
  float4: 'real',
  bool: 'boolean',
  decimal: 'numeric',
};

/**
 * One spelling per type, so that `format_type()` output and the model's SqlType
 * compare as strings: aliases folded, spaces inside modifiers removed, arrays kept.
 */
export function normaliseType(type: string): string {
  const trimmed = type.trim().toLowerCase().replace(/\s+/g, ' ');
  const array = /(\[\])+$/.exec(trimmed)?.[0] ?? '';
  const base = trimmed.slice(0, trimmed.length - array.length);
  const match = /^([a-z][a-z ]*?)\s*(\([^)]*\))?$/.exec(base);
  if (!match) return trimmed;
  const name = TYPE_ALIASES[match[1]] ?? match[1];
  const modifier = (match[2] ?? '').replace(/\s+/g, '');
  return `${name}${modifier}${array}`;
}

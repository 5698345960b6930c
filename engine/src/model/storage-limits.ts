import type { ProblemItem } from '../errors/loom-error.ts';
import type { TableSpec } from './table-spec.ts';

/** PostgreSQL's limit on the columns of one table (MaxHeapAttributeNumber). */
export const POSTGRES_MAX_COLUMNS = 1600;

/**
 * Columns an entity's table may have in the model. A removed field's columns are archived
 * (renamed, kept: schema/plan-columns.ts) and a purged one is dropped, and PostgreSQL counts
 * both towards its 1,600 for as long as the table lives; the 600 left over are room for them,
 * so that removing and adding fields over the years does not end at a publish the database
 * refuses. System columns and every column of a multi-column field count.
 */
export const MAX_ENTITY_COLUMNS = 1000;

/** PostgreSQL cuts longer names (NAMEDATALEN - 1), so two long names could become one. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * What the database cannot store, found while compiling, so plan and publish both refuse it
 * with a pointer instead of failing in DDL: too many columns, and table or column names past
 * 63 bytes. Index, key and archive names are cut to fit and keep a hash of the whole name
 * (index-name.ts, schema/object-names.ts), so they cannot overflow.
 */
export function checkStorageLimits(spec: TableSpec, pointer: string): ProblemItem[] {
  const errors: ProblemItem[] = [];
  if (bytes(spec.name) > MAX_IDENTIFIER_BYTES) {
    errors.push({ path: `${pointer}/name`, message: tooLong(`its table name "${spec.name}"`, spec.name) });
  }
  const reported = new Set<string>();
  for (const column of spec.columns) {
    if (bytes(column.name) <= MAX_IDENTIFIER_BYTES) continue;
    const path = column.field ? `${pointer}/fields/${escapePointer(column.field)}` : `${pointer}/name`;
    if (reported.has(path)) continue;
    reported.add(path);
    errors.push({ path, message: tooLong(`its column name "${column.name}"`, column.name) });
  }
  if (spec.columns.length > MAX_ENTITY_COLUMNS) {
    errors.push({
      path: `${pointer}/fields`,
      message:
        `${spec.entity} would store ${spec.columns.length} columns (its fields' and the system's); an entity may have at most ` +
        `${MAX_ENTITY_COLUMNS}, which keeps room below PostgreSQL's ${POSTGRES_MAX_COLUMNS} for the columns archived when fields are removed`,
    });
  }
  return errors;
}

function tooLong(what: string, name: string): string {
  return `${what} would be ${bytes(name)} bytes, and PostgreSQL names hold at most ${MAX_IDENTIFIER_BYTES} (each capital letter of a name becomes "_" and a small letter): choose a shorter name`;
}

function bytes(name: string): number {
  return Buffer.byteLength(name);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

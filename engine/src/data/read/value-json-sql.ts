import { sql, type RawBuilder } from 'kysely';
import type { CompiledField } from '../../model/compiled-model.ts';
import { fieldTypeOf } from '../../model/field-types/index.ts';
import type { SqlType } from '../../model/table-spec.ts';

/**
 * A stored field's API value as a jsonb SQL expression over the columns of `alias`: the
 * same value the row reader makes of them in JavaScript (field types' `fromRow`, and the
 * driver's parsing of each column type), or SQL NULL when the field is empty. Writes use
 * it to record a new record's values in the statement that stores them. The two readings
 * are held equal for every field type by value-json-sql.db.test.ts.
 */
export function fieldValueJsonSql(field: CompiledField, alias: string): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(`${alias}.${name}`) as unknown as RawBuilder<unknown>;
  const type = fieldTypeOf(field.type);
  if (type.jsonSql) return type.jsonSql(field.definition, column, field.baseColumn);
  if (field.columns.length !== 1) throw new Error(`Field type "${field.type}" stores ${field.columns.length} columns and must say how they read as JSON`);
  return columnJsonSql(field.columns[0].sqlType, column(field.columns[0].name));
}

/** One column as the driver hands it to the row readers: exact decimals and dates as text, instants as UTC ISO text. */
function columnJsonSql(sqlType: SqlType, ref: RawBuilder<unknown>): RawBuilder<unknown> {
  if (sqlType === 'timestamptz') return sql`to_jsonb(to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
  if (sqlType === 'date' || sqlType.startsWith('numeric')) return sql`to_jsonb(${ref}::text)`;
  return sql`to_jsonb(${ref})`;
}

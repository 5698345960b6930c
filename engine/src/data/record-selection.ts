import { sql, type Expression } from 'kysely';
import type { LogicContext } from '../logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../model/compiled-model.ts';
import { fieldTypeOf } from '../model/field-types/index.ts';
import { fieldOperand } from './record-scope.ts';
import { instantFromText } from './instant-text.ts';

export interface Selection {
  readonly expressions: Expression<unknown>[];
  /** Turns a result row into the API record for the selected fields. */
  read(row: Record<string, unknown>, prefix?: string): Record<string, unknown>;
}

/** Fields a record answers with by default: everything but child lines (fetched on demand). */
export function defaultFields(entity: CompiledEntity): CompiledField[] {
  return entity.fieldList.filter((f) => f.type !== 'lines');
}

/**
 * The SELECT list for some fields of an entity under `alias`, each column aliased
 * with `prefix` (expanded lookups use their own prefix), and the reader that maps
 * the row back through each field type.
 */
export function selectFields(model: CompiledModel, entity: CompiledEntity, fields: readonly CompiledField[], alias: string, context: LogicContext, prefix = ''): Selection {
  const expressions: Expression<unknown>[] = [];
  const instants: string[] = [];
  for (const field of fields) {
    if (field.type === 'lines') continue;
    if (field.columns.length) {
      for (const c of field.columns) {
        const ref = sql.ref(`${alias}.${c.name}`);
        // Instants come back as text and become ISO strings without a Date (see instant-text.ts).
        if (c.sqlType === 'timestamptz') instants.push(c.name);
        expressions.push(c.sqlType === 'timestamptz' ? sql`${ref}::text as ${sql.id(prefix + c.name)}` : sql`${ref} as ${sql.id(prefix + c.name)}`);
      }
    } else {
      const operand = fieldOperand(model, entity, field, alias, context);
      if (operand) expressions.push(sql`${operand.sql} as ${sql.id(prefix + field.baseColumn)}`);
    }
  }
  return {
    expressions,
    read(row, readPrefix = prefix) {
      const view = readPrefix ? unprefix(row, readPrefix) : row;
      for (const column of instants) if (typeof view[column] === 'string') view[column] = instantFromText(view[column] as string);
      const record: Record<string, unknown> = {};
      for (const field of fields) {
        if (field.type === 'lines') continue;
        record[field.name] = fieldTypeOf(field.type).fromRow(view, field.definition as any, field.baseColumn);
      }
      return record;
    },
  };
}

function unprefix(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = row[key];
  return out;
}

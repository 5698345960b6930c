import { sql, type Expression } from 'kysely';
import type { LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import { fieldTypeOf } from '../../model/field-types/index.ts';
import { fieldOperand, type RowsReadable } from '../access/record-scope.ts';
import { instantFromText } from './instant-text.ts';
import { isLinesField } from '../../model/field-types/field-predicates.ts';

export interface Selection {
  readonly expressions: Expression<unknown>[];
  /** Turns a result row into the API record for the selected fields. */
  read(row: Record<string, unknown>, prefix?: string): Record<string, unknown>;
}

/** Fields a record answers with by default: everything but child lines (fetched on demand). */
export function defaultFields(entity: CompiledEntity): CompiledField[] {
  return entity.fieldList.filter((f) => !isLinesField(f));
}

/**
 * The SELECT list for some fields of an entity under `alias`, each column aliased
 * with `prefix` (expanded lookups use their own prefix; formulas and rollups read through
 * `rows`, the reader's readable rows), and the reader that maps
 * the row back through each field type.
 */
export function selectFields(model: CompiledModel, entity: CompiledEntity, fields: readonly CompiledField[], alias: string, context: LogicContext, rows: RowsReadable, prefix = ''): Selection {
  const expressions: Expression<unknown>[] = [];
  const instants: string[] = [];
  for (const field of fields) {
    if (isLinesField(field)) continue;
    if (field.columns.length) {
      for (const c of field.columns) {
        const ref = sql.ref(`${alias}.${c.name}`);
        // Instants come back as text and become ISO strings without a Date (see instant-text.ts).
        if (c.sqlType === 'timestamptz') instants.push(c.name);
        expressions.push(c.sqlType === 'timestamptz' ? sql`${ref}::text as ${sql.id(prefix + c.name)}` : sql`${ref} as ${sql.id(prefix + c.name)}`);
      }
    } else {
      const operand = fieldOperand(model, entity, field, alias, context, rows);
      if (operand) expressions.push(sql`${operand.sql} as ${sql.id(prefix + field.baseColumn)}`);
    }
  }
  const toRecord = recordReaderFor(entity, fields.filter((field) => !isLinesField(field)));
  return {
    expressions,
    read(row, readPrefix = prefix) {
      const view = readPrefix ? unprefix(row, readPrefix) : row;
      for (const column of instants) if (typeof view[column] === 'string') view[column] = instantFromText(view[column] as string);
      return toRecord(view);
    },
  };
}

const MAX_READERS_PER_ENTITY = 256;
const readers = new WeakMap<CompiledEntity, Map<string, (view: Record<string, unknown>) => Record<string, unknown>>>();

/** The reader of these fields of the entity, generated once per compiled entity and field list. */
function recordReaderFor(entity: CompiledEntity, fields: readonly CompiledField[]) {
  let byFields = readers.get(entity);
  if (!byFields) readers.set(entity, (byFields = new Map()));
  const key = fields.map((f) => f.name).join(',');
  let reader = byFields.get(key);
  if (!reader) {
    // `fields=` picks any subset: keep a bounded number per entity.
    if (byFields.size >= MAX_READERS_PER_ENTITY) byFields.clear();
    byFields.set(key, (reader = recordReader(fields)));
  }
  return reader;
}

/**
 * A function that makes the API record of a row: one object literal with a property per
 * field, each read by its field type's `fromRow`. Generated (as ajv and fast-json-stringify
 * generate their validators and serializers) so that every field has a call site of its own
 * that V8 can inline; a loop over the fields calling each type's reader from one call site
 * cost half as much again as the hand-written mapping for a 50-row page. Only model names,
 * which are plain identifiers, are written into the code, and only as JSON string literals.
 */
function recordReader(fields: readonly CompiledField[]): (view: Record<string, unknown>) => Record<string, unknown> {
  const properties = fields.map((field, i) => `${JSON.stringify(field.name)}: read${i}(view, definition${i}, ${JSON.stringify(field.baseColumn)})`);
  const parameters = fields.flatMap((_, i) => [`read${i}`, `definition${i}`]);
  const make = new Function(...parameters, `return function toRecord(view) { return { ${properties.join(', ')} }; };`);
  return make(...fields.flatMap((field) => [fieldTypeOf(field.type).fromRow, field.definition]));
}

function unprefix(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = row[key];
  return out;
}

import { sql, type Kysely } from 'kysely';
import { evaluateLogic, type LogicContext } from '../../logic/index.ts';
import { EVERY_ROW, recordScope, recordTable } from '../../data/access/record-scope.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { MapEntry } from '../../model/compile-action.ts';

/** The records a convert has made so far, by target name. */
export type CreatedIds = ReadonlyMap<string, string>;

/**
 * The values a field map gives, read from one source record: a field is taken as the record
 * answers it (a money keeps its currency), a lookup path ("parent.name") is read in SQL
 * through the lookups, "id" is the source's id and "$created.<name>" a new record's id.
 */
export async function mapValues(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  record: Readonly<Record<string, unknown>>,
  map: readonly MapEntry[],
  logic: LogicContext,
  created: CreatedIds,
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  const paths: { field: string; path: string }[] = [];
  for (const { field, from } of map) {
    if (from.kind === 'id') values[field] = record.id;
    else if (from.kind === 'created') values[field] = created.get(from.name) ?? null;
    else if (from.path.includes('.')) paths.push({ field, path: from.path });
    else values[field] = record[from.path] ?? null;
  }
  if (paths.length) {
    const scope = recordScope(model, entity, 'r', logic, EVERY_ROW);
    const columns = paths.map(({ path }, i) => sql`${scope.resolveVar(path)!.sql} as ${sql.ref(`v${i}`)}`);
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(columns)} from ${recordTable(entity)} as r where r.id = ${record.id}::uuid`.execute(
      trx,
    );
    paths.forEach(({ field }, i) => (values[field] = plain(rows[0]?.[`v${i}`])));
  }
  return values;
}

/** A column value as JSON input: instants as ISO text. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/**
 * An action's `set` evaluated for one record: JSON Logic over the record, `$user` and `$now`
 * the caller's, and `$created.<name>` the id of a record the action made.
 */
export function setValues(
  set: Readonly<Record<string, unknown>>,
  record: Readonly<Record<string, unknown>>,
  logic: LogicContext,
  created: CreatedIds,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, expr] of Object.entries(set)) out[field] = evaluateLogic(withCreated(expr, created), record, logic) ?? null;
  return out;
}

/** `{"var": "$created.<name>"}` replaced by the id it names (json-logic-js would see an unknown variable). */
function withCreated(expr: unknown, created: CreatedIds): unknown {
  if (Array.isArray(expr)) return expr.map((item) => withCreated(item, created));
  if (!expr || typeof expr !== 'object') return expr;
  const entries = Object.entries(expr);
  if (entries.length === 1 && entries[0][0] === 'var') {
    const path = Array.isArray(entries[0][1]) ? entries[0][1][0] : entries[0][1];
    const match = typeof path === 'string' ? /^\$created\.(.+)$/.exec(path) : null;
    if (match) return created.get(match[1]) ?? null;
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, withCreated(value, created)]));
}

import { sql, type Expression } from 'kysely';
import { leftJoinRaw, type RowQuery } from './row-query.ts';
import type { LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { recordTable } from '../access/record-scope.ts';
import { selectFields } from './record-selection.ts';
import type { Actor } from '../actor.ts';
import { accessPredicate, readableRows } from '../access/record-access.ts';
import { visibleFields } from '../access/readable-request.ts';
import { isLinesField, isUserField } from '../../model/field-types/field-predicates.ts';

/**
 * `expand=account,owner`: each lookup becomes a LEFT JOIN in the same statement
 * (never a query per row), and the record gets the target in place of its id.
 */
export function expandJoins(model: CompiledModel, entity: CompiledEntity, expand: ReadonlyMap<string, string[] | undefined>, context: LogicContext, actor: Actor) {
  const expressions: Expression<unknown>[] = [];
  const joins: ((q: RowQuery) => RowQuery)[] = [];
  const readers: ((row: Record<string, unknown>, record: Record<string, unknown>) => void)[] = [];
  for (const [name, only] of expand) {
    const field = entity.fields[name];
    const alias = `x_${name}`;
    const prefix = `${alias}__`;
    const on = sql`${sql.ref(`${alias}.id`)} = ${sql.ref(`r.${field.column}`)}`;
    if (isUserField(field)) {
      const cols = ['id', 'name', 'email'].filter((c) => !only || c === 'id' || only.includes(c));
      cols.forEach((c) => expressions.push(sql`${sql.ref(`${alias}.${c}`)} as ${sql.id(prefix + c)}`));
      joins.push((q) => leftJoinRaw(q, sql`loom.users as ${sql.table(alias)}`, on));
      readers.push((row, record) => {
        if (row[`${prefix}id`] == null) return;
        record[name] = Object.fromEntries(cols.map((c) => [c, row[prefix + c]]));
      });
      continue;
    }
    const target = model.entities.get(field.target!)!;
    const fields = only ? ['id', ...only].map((n) => target.fields[n]) : visibleFields(model, target, actor).filter((f) => !isLinesField(f));
    const selection = selectFields(model, target, fields, alias, context, readableRows(model, actor), prefix);
    expressions.push(...selection.expressions);
    // A target the actor may not read joins to nothing: the record keeps the bare id.
    const readable = accessPredicate(model, target, actor, 'read', alias);
    const joinOn = readable ? sql`${on} and ${readable}` : on;
    joins.push((q) => leftJoinRaw(q, sql`${recordTable(target)} as ${sql.table(alias)}`, joinOn));
    readers.push((row, record) => {
      if (row[`${prefix}id`] == null) return;
      record[name] = selection.read(row);
    });
  }
  return {
    expressions,
    apply: (q: RowQuery) => joins.reduce((acc, join) => join(acc), q),
    read(row: Record<string, unknown>) {
      const record: Record<string, unknown> = {};
      readers.forEach((r) => r(row, record));
      return record;
    },
  };
}

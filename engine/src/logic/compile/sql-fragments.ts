import { sql, type Expression } from 'kysely';
import type { LogicType } from '../types.ts';
import { boolNode, type LogicNode } from './logic-node.ts';

// Every template here is fixed SQL text; values only ever enter as bound parameters, with an
// explicit cast so PostgreSQL knows their type. No SQL is ever built from a string in logic/.

/** A value as one bound parameter. Numbers travel as text so NaN and ±Infinity survive the driver. */
export function param(value: unknown, type: LogicType): Expression<any> {
  switch (type) {
    case 'text':
      return sql`${value}::text`;
    case 'number':
      return sql`${value === null ? null : String(value)}::numeric`;
    case 'boolean':
      return sql`${value}::boolean`;
    case 'date':
      return sql`${value}::date`;
    case 'datetime':
      return sql`${value}::timestamptz`;
    case 'array':
      return sql`${value === null ? null : [...(value as string[])]}::text[]`;
    case 'null':
      return sql`${null}::text`;
  }
}

/** A list of values of one type as one array parameter (for `in`). */
export function listParam(values: readonly unknown[], type: LogicType): Expression<any> {
  switch (type) {
    case 'number':
      return sql`${values.map(String)}::numeric[]`;
    case 'boolean':
      return sql`${[...values]}::boolean[]`;
    case 'date':
      return sql`${[...values]}::date[]`;
    case 'datetime':
      return sql`${[...values]}::timestamptz[]`;
    default:
      return sql`${[...values]}::text[]`;
  }
}

/** NULL typed as `type`, so CASE branches and coalesce agree on one SQL type. */
export function typedNull(type: LogicType): Expression<any> {
  switch (type) {
    case 'number':
      return sql`null::numeric`;
    case 'boolean':
      return sql`null::boolean`;
    case 'date':
      return sql`null::date`;
    case 'datetime':
      return sql`null::timestamptz`;
    case 'array':
      return sql`null::text[]`;
    default:
      return sql`null::text`;
  }
}

export function constantNode(value: unknown, type: LogicType): LogicNode {
  const special = typeof value === 'number' && !Number.isFinite(value);
  return { type, nullable: value === null, special, leaf: true, size: 1, sql: param(value, type), constant: { value } };
}

/** `true`/`false` as SQL keywords, for results fixed by the types alone (no value involved). */
export function boolLiteral(value: boolean): LogicNode {
  return { ...boolNode([], value ? sql`true` : sql`false`), leaf: true };
}

export type Comparator = '<' | '<=' | '>' | '>=' | '=';

export function compareSql(op: Comparator, left: Expression<any>, right: Expression<any>): Expression<any> {
  switch (op) {
    case '<':
      return sql`(${left} < ${right})`;
    case '<=':
      return sql`(${left} <= ${right})`;
    case '>':
      return sql`(${left} > ${right})`;
    case '>=':
      return sql`(${left} >= ${right})`;
    case '=':
      return sql`(${left} = ${right})`;
  }
}

/**
 * Makes `core` NULL-safe, where `core` is a strict SQL operator over `operands` (NULL exactly when
 * one of them is NULL) and JavaScript answers `whenNull` then. Leaves are repeated in
 * `x is not null` guards, which keeps `col = $1` usable by an index; other operands get coalesce.
 */
export function guardNull(core: LogicNode, operands: readonly LogicNode[], whenNull: boolean): LogicNode {
  const nullables = operands.filter((n) => n.nullable);
  if (nullables.length === 0) return core;
  if (nullables.every((n) => n.leaf)) {
    const checks = nullables.map((n) => (whenNull ? sql`${n.sql} is null` : sql`${n.sql} is not null`));
    const joined = sql.join([core.sql, ...checks], whenNull ? sql` or ` : sql` and `);
    return boolNode([core, ...nullables], sql`(${joined})`);
  }
  return boolNode([core], sql`coalesce(${core.sql}, ${whenNull ? sql`true` : sql`false`})`);
}

export function notNode(node: LogicNode): LogicNode {
  return boolNode([node], sql`(not ${node.sql})`);
}

import { sql } from 'kysely';
import { boolNode, makeNode, requireArity, type Compiler, type LogicNode, type Operation } from '../compile/logic-node.ts';
import { notNode } from '../compile/sql-fragments.ts';
import { truthy } from '../compile/truthiness.ts';
import { unify } from '../compile/typing.ts';

/** `!`: the negated truthiness of its one operand. */
export function compileNot(c: Compiler, o: Operation): LogicNode {
  requireArity(o, 1, 1);
  return notNode(c.cond(o.args[0], o.pointers[0]));
}

/** `!!`: the truthiness of its one operand. */
export function compileTruthy(c: Compiler, o: Operation): LogicNode {
  requireArity(o, 1, 1);
  return c.cond(o.args[0], o.pointers[0]);
}

/** `and`/`or` as a condition: only truthiness matters, so operands may have any types. */
export function andOrCondition(c: Compiler, o: Operation): LogicNode {
  requireArity(o, 1, Infinity);
  const parts = o.args.map((arg, i) => c.cond(arg, o.pointers[i]));
  return joinBooleans(o.op, parts);
}

/**
 * `and`/`or` as a value: json-logic-js returns the first falsy (and) or truthy (or) operand,
 * else the last one, so the operands must share a type.
 */
export function andOrValue(c: Compiler, o: Operation): LogicNode {
  requireArity(o, 1, Infinity);
  const raw = o.args.map((arg, i) => c.node(arg, o.pointers[i]));
  if (raw.length === 1) return raw[0];
  const { type, nodes } = unify(raw, o.pointer, (a, b) => `the operands of "${o.op}" mix ${a} and ${b}`);
  if (type === 'boolean' && nodes.every((n) => !n.nullable)) return joinBooleans(o.op, nodes);
  const parts: LogicNode[] = [];
  const whens = nodes.slice(0, -1).map((n) => {
    const test = o.op === 'and' ? notNode(truthy(n)) : truthy(n);
    parts.push(test, n);
    return sql`when ${test.sql} then ${n.sql}`;
  });
  const last = nodes[nodes.length - 1];
  const shape = { type, nullable: nodes.some((n) => n.nullable), special: nodes.some((n) => n.special) };
  return makeNode(shape, [...parts, last], sql`(case ${sql.join(whens, sql` `)} else ${last.sql} end)`);
}

function joinBooleans(op: string, parts: readonly LogicNode[]): LogicNode {
  if (parts.length === 1) return parts[0];
  const joined = sql.join(
    parts.map((p) => p.sql),
    op === 'and' ? sql` and ` : sql` or `,
  );
  return boolNode(parts, sql`(${joined})`);
}

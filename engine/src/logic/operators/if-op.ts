import { sql, type Expression } from 'kysely';
import { makeNode, type Compiler, type LogicNode, type Operation } from '../compile/logic-node.ts';
import { boolLiteral, constantNode } from '../compile/sql-fragments.ts';
import { unify } from '../compile/typing.ts';

/**
 * `if` and `?:`: [cond, then, cond, then, …, else?]. json-logic-js tests each condition's
 * truthiness; with no else (an even count) the result is null; with one operand, that operand.
 */
export function ifValue(c: Compiler, o: Operation): LogicNode {
  const n = o.args.length;
  if (n === 0) return constantNode(null, 'null');
  if (n === 1) return c.node(o.args[0], o.pointers[0]);
  const tests: LogicNode[] = [];
  const values: LogicNode[] = [];
  for (let i = 0; i + 1 < n; i += 2) {
    tests.push(c.cond(o.args[i], o.pointers[i]));
    values.push(c.node(o.args[i + 1], o.pointers[i + 1]));
  }
  values.push(n % 2 === 1 ? c.node(o.args[n - 1], o.pointers[n - 1]) : constantNode(null, 'null'));
  const { type, nodes } = unify(values, o.pointer, (a, b) => `the branches of "${o.op}" mix ${a} and ${b}`);
  const shape = { type, nullable: nodes.some((v) => v.nullable), special: nodes.some((v) => v.special) };
  return makeNode(shape, [...tests, ...nodes], caseSql(tests, nodes));
}

/** `if` as a condition: the truthiness of the chosen branch; branches may differ in type. */
export function ifCondition(c: Compiler, o: Operation): LogicNode {
  const n = o.args.length;
  if (n === 0) return boolLiteral(false);
  if (n === 1) return c.cond(o.args[0], o.pointers[0]);
  const tests: LogicNode[] = [];
  const values: LogicNode[] = [];
  for (let i = 0; i + 1 < n; i += 2) {
    tests.push(c.cond(o.args[i], o.pointers[i]));
    values.push(c.cond(o.args[i + 1], o.pointers[i + 1]));
  }
  values.push(n % 2 === 1 ? c.cond(o.args[n - 1], o.pointers[n - 1]) : boolLiteral(false));
  return makeNode({ type: 'boolean', nullable: false }, [...tests, ...values], caseSql(tests, values));
}

function caseSql(tests: readonly LogicNode[], values: readonly LogicNode[]): Expression<any> {
  const whens = tests.map((t, i) => sql`when ${t.sql} then ${values[i].sql}`);
  return sql`(case ${sql.join(whens, sql` `)} else ${values[values.length - 1].sql} end)`;
}

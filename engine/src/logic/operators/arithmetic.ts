import { sql, type Expression, type RawBuilder } from 'kysely';
import { logicError } from '../logic-error.ts';
import { makeNode, requireArity, type Compiler, type LogicNode, type Operation } from '../compile/logic-node.ts';
import { constantNode } from '../compile/sql-fragments.ts';
import { describeType, retypeNull } from '../compile/typing.ts';

/**
 * `+ - * / % min max` on numbers, reproducing json-logic-js exactly, nulls included:
 * `+` and `*` parse operands with parseFloat (null → NaN); `-`, `/`, `%`, min and max convert
 * with Number (null → 0); x/0 is ±Infinity or NaN and x%0 is NaN. NaN and ±Infinity are
 * numeric 'NaN'/'±Infinity' in SQL (PostgreSQL ≥ 14). Arithmetic itself is exact `numeric`.
 */
function numbers(c: Compiler, o: Operation, min: number, max: number): LogicNode[] {
  requireArity(o, min, max);
  return o.args.map((arg, i) => {
    const node = c.node(arg, o.pointers[i]);
    if (node.type === 'null') return retypeNull(node, 'number');
    if (node.type !== 'number') throw logicError(o.pointers[i], `"${o.op}" needs numbers, not ${describeType(node.type)}`);
    return node;
  });
}

/** parseFloat(null) is NaN. */
const parsed = (n: LogicNode) => (n.nullable ? sql`coalesce(${n.sql}, 'NaN'::numeric)` : n.sql);
/** Number(null) is 0. */
const converted = (n: LogicNode) => (n.nullable ? sql`coalesce(${n.sql}, 0)` : n.sql);

function numberNode(special: boolean, parts: readonly LogicNode[], sqlExpr: Expression<any>): LogicNode {
  return makeNode({ type: 'number', nullable: false, special }, parts, sqlExpr);
}

export function compilePlus(c: Compiler, o: Operation): LogicNode {
  const ops = numbers(c, o, 0, Infinity);
  if (ops.length === 0) return constantNode(0, 'number');
  return sumOrProduct(ops, sql` + `);
}

export function compileTimes(c: Compiler, o: Operation): LogicNode {
  const ops = numbers(c, o, 1, Infinity);
  // reduce() without an initial value returns a single operand untouched (null stays null).
  if (ops.length === 1) return ops[0];
  return sumOrProduct(ops, sql` * `);
}

function sumOrProduct(ops: readonly LogicNode[], operator: RawBuilder<unknown>): LogicNode {
  const special = ops.some((n) => n.nullable || n.special);
  return numberNode(special, ops, sql`(${sql.join(ops.map(parsed), operator)})`);
}

export function compileMinus(c: Compiler, o: Operation): LogicNode {
  const ops = numbers(c, o, 1, 2);
  const special = ops.some((n) => n.special);
  if (ops.length === 1) return numberNode(special, ops, sql`(- ${converted(ops[0])})`);
  return numberNode(special, ops, sql`(${converted(ops[0])} - ${converted(ops[1])})`);
}

export function compileDivide(c: Compiler, o: Operation): LogicNode {
  const [a, b] = numbers(c, o, 2, 2);
  const divisor = constantDivisor(b);
  if (divisor === 'zero') return numberNode(true, [a], sql`(${converted(a)} * 'Infinity'::numeric)`);
  if (divisor === 'negative zero') return numberNode(true, [a], sql`(${converted(a)} * '-Infinity'::numeric)`);
  if (divisor === 'other') return numberNode(a.special || b.special, [a, b], sql`(${converted(a)} / ${b.sql})`);
  const [n, d] = [converted(a), converted(b)];
  return numberNode(true, [a, a, b, b], sql`(case when ${d} = 0 then ${n} * 'Infinity'::numeric else ${n} / ${d} end)`);
}

export function compileModulo(c: Compiler, o: Operation): LogicNode {
  const [a, b] = numbers(c, o, 2, 2);
  const divisor = constantDivisor(b);
  if (divisor === 'zero' || divisor === 'negative zero') return numberNode(true, [a], sql`'NaN'::numeric`);
  if (divisor === 'other') return numberNode(a.special || b.special, [a, b], sql`mod(${converted(a)}, ${b.sql})`);
  const [n, d] = [converted(a), converted(b)];
  return numberNode(true, [a, b, b], sql`(case when ${d} = 0 then 'NaN'::numeric else mod(${n}, ${d}) end)`);
}

// A constant divisor settles the zero case at compile time (JSON's -0 gives -Infinity in JS).
function constantDivisor(b: LogicNode): 'zero' | 'negative zero' | 'other' | undefined {
  if (!b.constant) return undefined;
  const value = b.constant.value;
  if (value === null || value === 0) return Object.is(value, -0) ? 'negative zero' : 'zero';
  return 'other';
}

/** Math.max/Math.min: NaN wins; PostgreSQL's greatest() ranks NaN highest, least() does not. */
export function compileMinMax(c: Compiler, o: Operation): LogicNode {
  const ops = numbers(c, o, 1, Infinity);
  const special = ops.some((n) => n.special);
  if (o.op === 'max') return numberNode(special, ops, sql`greatest(${sql.join(ops.map(converted))})`);
  // min(a, b) = -max(-a, -b) keeps NaN winning, without repeating an operand.
  const negated = ops.map((n) => sql`(- ${converted(n)})`);
  return numberNode(special, ops, sql`(- greatest(${sql.join(negated)}))`);
}

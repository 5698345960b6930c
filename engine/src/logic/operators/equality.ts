import { sql } from 'kysely';
import { logicError } from '../logic-error.ts';
import { boolNode, isNullValue, requireArity, type Compiler, type LogicNode, type Operation } from '../compile/logic-node.ts';
import { boolLiteral, compareSql, constantNode, guardNull, notNode } from '../compile/sql-fragments.ts';
import { unify } from '../compile/typing.ts';
import { asUuids } from '../compile/uuid.ts';

/**
 * `==`, `===`, `!=`, `!==`. Operands share one type, so loose and strict equality coincide:
 * null equals only null (`IS NULL`), `!=` is the plain negation (null != 5 is true in JS).
 */
export function compileEquality(c: Compiler, o: Operation): LogicNode {
  requireArity(o, 2, 2);
  const nodes = o.args.map((arg, i) => c.node(arg, o.pointers[i]));
  const equal = equalNodes(nodes, o.pointer);
  return o.op === '!=' || o.op === '!==' ? notNode(equal) : equal;
}

export function equalNodes(raw: readonly LogicNode[], pointer: string): LogicNode {
  if (raw.some((n) => n.type === 'array')) {
    throw logicError(pointer, 'cannot compare lists with == (json-logic-js compares list identity); use "in"');
  }
  const folded = raw.every((n) => n.constant !== undefined);
  const [a, b] = unify(raw, pointer, (x, y) => `cannot compare ${x} with ${y}`, folded).nodes;
  if (a.constant && b.constant) return constantNode(a.constant.value === b.constant.value, 'boolean');
  if (isNullValue(a)) return isNullNode(b);
  if (isNullValue(b)) return isNullNode(a);
  if (a.special && b.special) return sameNumber(a, b);
  const [x, y] = asUuids(a, b) ?? [a, b];
  if (x.nullable && y.nullable) return boolNode([x, y], sql`(${x.sql} is not distinct from ${y.sql})`);
  return guardNull(boolNode([x, y], compareSql('=', x.sql, y.sql)), [x, y], false);
}

export function isNullNode(node: LogicNode): LogicNode {
  return node.nullable ? boolNode([node], sql`(${node.sql} is null)`) : boolLiteral(false);
}

// Both sides may be NaN, which PostgreSQL finds equal to itself and JS does not. Compare
// canonical texts where NaN becomes NULL (never equal) and NULL becomes 'null' (equal to null).
function sameNumber(a: LogicNode, b: LogicNode): LogicNode {
  const key = (n: LogicNode) => sql`nullif(coalesce(trim_scale(${n.sql})::text, 'null'), 'NaN')`;
  return boolNode([a, b], sql`coalesce(${key(a)} = ${key(b)}, false)`);
}

import jsonLogic from 'json-logic-js';
import { sql, type Expression } from 'kysely';
import { logicError } from '../logic-error.ts';
import { boolNode, isNullValue, requireArity, type Compiler, type LogicNode, type Operation } from '../compile/logic-node.ts';
import { boolLiteral, compareSql, constantNode, guardNull, type Comparator } from '../compile/sql-fragments.ts';
import { coerceText, describeType, isCanonicalDate, isCanonicalDateTime } from '../compile/typing.ts';
import { isNullNode } from './equality.ts';

type Order = '<' | '<=' | '>' | '>=';

/** `<`, `<=`, `>`, `>=`, and the between form `{"<": [a, b, c]}` (a < b && b < c). */
export function compileOrdering(c: Compiler, o: Operation): LogicNode {
  const op = o.op as Order;
  requireArity(o, 2, op === '<' || op === '<=' ? 3 : 2);
  const nodes = o.args.map((arg, i) => c.node(arg, o.pointers[i]));
  if (nodes.length === 2) return orderPair(op, nodes[0], nodes[1], o.pointer);
  const left = orderPair(op, nodes[0], nodes[1], o.pointer);
  const right = orderPair(op, nodes[1], nodes[2], o.pointer);
  return boolNode([left, right], sql`(${left.sql} and ${right.sql})`);
}

function orderPair(op: Order, a: LogicNode, b: LogicNode, pointer: string): LogicNode {
  const family = orderFamily(a, b, pointer);
  // Both known (one pair of a between, or a constant expression): json-logic-js decides.
  if (a.constant && b.constant) return constantNode(jsCompare(op, a.constant.value, b.constant.value), 'boolean');
  if (family === 'number') return orderNumbers(op, a, b);
  if (family === 'text') return orderTexts(op, a, b, pointer);
  return orderDates(op, a, b, pointer);
}

function orderFamily(a: LogicNode, b: LogicNode, pointer: string): 'number' | 'text' | 'date' {
  for (const n of [a, b]) {
    if (n.type === 'boolean' || n.type === 'array') throw logicError(pointer, `cannot order ${describeType(n.type)}s`);
  }
  const mismatch = () => logicError(pointer, `cannot compare ${describeType(a.type)} with ${describeType(b.type)}`);
  const types = new Set([a.type, b.type]);
  types.delete('null');
  if (types.has('number')) {
    if (types.size > 1) throw mismatch();
    return 'number';
  }
  if (types.has('date') || types.has('datetime')) {
    if ([a, b].some((n) => n.type === 'text' && !n.constant)) throw mismatch();
    return 'date';
  }
  return types.size === 0 ? 'number' : 'text';
}

/** JS converts null to 0 before ordering numbers, and NaN orders against nothing. */
function orderNumbers(op: Order, a: LogicNode, b: LogicNode): LogicNode {
  const indexable = columnAgainstConstant(op, a, b);
  if (indexable) return indexable;
  const core = boolNode([a, b], compareSql(op, forOrder(a), forOrder(b)));
  return a.special || b.special ? boolNode([core], sql`coalesce(${core.sql}, false)`) : core;
}

function forOrder(n: LogicNode): Expression<any> {
  if (isNullValue(n)) return sql`0::numeric`;
  const base = n.nullable ? sql`coalesce(${n.sql}, 0)` : n.sql;
  // PostgreSQL sorts NaN above everything; as NULL it makes the comparison false, as in JS.
  return n.special ? sql`nullif(${base}, 'NaN'::numeric)` : base;
}

// `amount > 100` stays `(amount > $1 and amount is not null)` (or `… or amount is null` when
// 0 > 100 would hold): an index can serve it, unlike coalesce(amount, 0) > $1.
function columnAgainstConstant(op: Order, a: LogicNode, b: LogicNode): LogicNode | undefined {
  const columnLeft = !a.constant && b.constant !== undefined;
  const column = columnLeft ? a : b;
  const constant = columnLeft ? b : a;
  if (!constant.constant || column.constant || !column.leaf || !column.nullable || column.special) return undefined;
  if (constant.special || isNullValue(constant)) return undefined;
  const value = constant.constant?.value;
  const whenNull = columnLeft ? jsCompare(op, null, value) : jsCompare(op, value, null);
  return guardNull(boolNode([a, b], compareSql(op, a.sql, b.sql)), [column], whenNull);
}

/** What json-logic-js answers, for the case where the column is null. */
function jsCompare(op: Order, left: unknown, right: unknown): boolean {
  return jsonLogic.truthy(jsonLogic.apply({ [op]: [left, right] } as any));
}

/**
 * Text orders by UTF-16 code units in JS; COLLATE "C" orders by bytes, which agrees except
 * for characters above U+FFFF against U+E000–U+FFFF. A null text orders like a number in JS
 * (null < "5" holds), so one side must be a text constant whose null case is computed here.
 */
function orderTexts(op: Order, a: LogicNode, b: LogicNode, pointer: string): LogicNode {
  if (isNullValue(a) || isNullValue(b)) {
    throw logicError(pointer, 'cannot order text against null (json-logic-js would compare them as numbers)');
  }
  const core = boolNode([a, b], compareSql(op, sql`${a.sql} collate "C"`, b.sql));
  if (!a.nullable && !b.nullable) return core;
  const constant = b.constant ? b : a.constant ? a : undefined;
  if (!constant) {
    throw logicError(pointer, 'ordering text needs a text constant on one side (json-logic-js orders a null text like a number)');
  }
  const whenNull = constant === b ? jsCompare(op, null, b.constant?.value) : jsCompare(op, a.constant?.value, null);
  return guardNull(core, [constant === b ? a : b], whenNull);
}

/**
 * Dates and datetimes are canonical strings in JS, so they order like the instants. A null
 * never orders against a string (NaN), but null <= null holds (0 <= 0). A date against a
 * datetime compares as a string prefix: the date sorts just before its own midnight.
 */
function orderDates(op: Order, a: LogicNode, b: LogicNode, pointer: string): LogicNode {
  const [l, r] = [asDateLike(a, pointer), asDateLike(b, pointer)];
  if (isNullValue(l) || isNullValue(r)) {
    const other = isNullValue(l) ? r : l;
    return op === '<=' || op === '>=' ? isNullNode(other) : boolLiteral(false);
  }
  const aligned = alignDates(op, l, r);
  const core = boolNode([l, r], compareSql(aligned.op, aligned.left, aligned.right));
  if (l.nullable && r.nullable && (op === '<=' || op === '>=')) {
    return boolNode([core, l, r], sql`coalesce(${core.sql}, (${l.sql} is null and ${r.sql} is null))`);
  }
  return guardNull(core, [l, r], false);
}

function asDateLike(n: LogicNode, pointer: string): LogicNode {
  if (n.type !== 'text') return n;
  const value = n.constant?.value;
  if (value === null || (typeof value === 'string' && isCanonicalDate(value))) return coerceText(n, 'date', pointer);
  if (typeof value === 'string' && isCanonicalDateTime(value)) return coerceText(n, 'datetime', pointer);
  throw logicError(pointer, `${JSON.stringify(value)} is not a date (YYYY-MM-DD) or a datetime (YYYY-MM-DDTHH:mm:ss.sssZ)`);
}

function alignDates(op: Order, l: LogicNode, r: LogicNode): { op: Comparator; left: Expression<any>; right: Expression<any> } {
  if (l.type === r.type) return { op, left: l.sql, right: r.sql };
  if (l.type === 'date') {
    const shifted: Comparator = op === '<' ? '<=' : op === '>=' ? '>' : op;
    return { op: shifted, left: sql`${l.sql}::timestamptz`, right: r.sql };
  }
  const shifted: Comparator = op === '>' ? '>=' : op === '<=' ? '<' : op;
  return { op: shifted, left: l.sql, right: sql`${r.sql}::timestamptz` };
}

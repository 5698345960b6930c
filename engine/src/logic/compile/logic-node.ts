import type { Expression } from 'kysely';
import type { LogicScope, LogicType } from '../types.ts';
import { logicError, pointerTo } from '../logic-error.ts';

/**
 * A compiled sub-expression: its SQL and what JavaScript value the SQL stands for.
 * Numbers are `numeric`; JS NaN and ±Infinity are numeric 'NaN'/'±Infinity' (PostgreSQL ≥ 14),
 * and SQL NULL is JS null. Operators read these flags to pick the simplest faithful SQL.
 */
export interface LogicNode {
  readonly type: LogicType;
  readonly sql: Expression<any>;
  /** May be SQL NULL (JS null). */
  readonly nullable: boolean;
  /** Number only: may be NaN or ±Infinity. */
  readonly special: boolean;
  /** A column reference or parameter: cheap to repeat in SQL (e.g. `x = $1 and x is not null`). */
  readonly leaf: boolean;
  /** SQL size, counting repeats: guards against exponential growth from repeated operands. */
  readonly size: number;
  /** Present when the sub-expression reads no record field: its value, from json-logic-js. */
  readonly constant?: { readonly value: unknown };
  /** A text field stored as uuid: the raw column (`sql` is its text form). */
  readonly uuid?: Expression<any>;
}

/** Compiles operands; handed to the operator functions so they need not import the dispatcher. */
export interface Compiler {
  readonly scope: LogicScope;
  /** The value of an expression. */
  node(expr: unknown, pointer: string): LogicNode;
  /** The JS truthiness of an expression, as a boolean node that is never NULL. */
  cond(expr: unknown, pointer: string): LogicNode;
}

/** One `{"op": args}` node with a pointer for each operand. */
export interface Operation {
  readonly op: string;
  readonly args: readonly unknown[];
  readonly pointers: readonly string[];
  readonly pointer: string;
}

export function readOperation(expr: Record<string, unknown>, pointer: string): Operation {
  const op = Object.keys(expr)[0];
  const raw = expr[op];
  // json-logic-js reads {"!": x} as {"!": [x]}; the operand's pointer is then ".../!".
  if (!Array.isArray(raw)) return { op, args: [raw], pointers: [pointerTo(pointer, op)], pointer };
  return { op, args: raw, pointers: raw.map((_, i) => pointerTo(pointer, op, i)), pointer };
}

export interface NodeShape {
  type: LogicType;
  nullable: boolean;
  special?: boolean;
  leaf?: boolean;
}

/** A node built from `parts` (every embedding of a child, repeats included). */
export function makeNode(shape: NodeShape, parts: readonly LogicNode[], sqlExpr: Expression<any>): LogicNode {
  let size = 1;
  for (const part of parts) size += part.size;
  return { type: shape.type, nullable: shape.nullable, special: shape.special ?? false, leaf: shape.leaf ?? false, size, sql: sqlExpr };
}

/** A boolean node that is never NULL. */
export function boolNode(parts: readonly LogicNode[], sqlExpr: Expression<any>): LogicNode {
  return makeNode({ type: 'boolean', nullable: false }, parts, sqlExpr);
}

/** The node is the null literal, or a constant whose value is null. */
export function isNullValue(node: LogicNode): boolean {
  return node.type === 'null' || (node.constant !== undefined && node.constant.value === null);
}

/** json-logic-js silently ignores extra operands and reads missing ones as undefined: reject both. */
export function requireArity(o: Operation, min: number, max: number): void {
  const n = o.args.length;
  if (n >= min && n <= max) return;
  const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  throw logicError(o.pointer, `"${o.op}" takes ${wanted} operand${min === 1 && max === 1 ? '' : 's'}, not ${n}`);
}

import { isOperation } from './bind-context.ts';
import { logicError, pointerTo } from './logic-error.ts';

/** Bounds on what an expression may ask of the database (and of the JS stack). */
export const LOGIC_LIMITS = { depth: 32, operations: 1000, listItems: 1000 } as const;

/**
 * Rejects expressions nested deeper than 32 levels, with more than 1000 operations, or with a
 * list (an `in` list or an operand list) longer than 1000 items. It runs before anything else
 * recurses into the expression, and stops at the first excess, so hostile input stays cheap.
 */
export function checkLimits(expr: unknown, pointer: string): void {
  const counter = { operations: 0 };
  visit(expr, pointer, 1, counter);
}

function visit(expr: unknown, pointer: string, depth: number, counter: { operations: number }): void {
  if (typeof expr !== 'object' || expr === null) return;
  if (depth > LOGIC_LIMITS.depth) throw logicError(pointer, `expression is nested deeper than ${LOGIC_LIMITS.depth} levels`);
  if (Array.isArray(expr)) return visitList(expr, pointer, depth, counter);
  if (!isOperation(expr)) return;
  counter.operations += 1;
  if (counter.operations > LOGIC_LIMITS.operations) {
    throw logicError(pointer, `expression has more than ${LOGIC_LIMITS.operations} operations`);
  }
  const op = Object.keys(expr)[0];
  const raw = expr[op];
  // An operation's operand list is part of the operation, not a level of its own.
  if (Array.isArray(raw)) visitList(raw, pointerTo(pointer, op), depth, counter);
  else visit(raw, pointerTo(pointer, op), depth + 1, counter);
}

function visitList(list: unknown[], pointer: string, depth: number, counter: { operations: number }): void {
  if (list.length > LOGIC_LIMITS.listItems) {
    throw logicError(pointer, `list has ${list.length} items; at most ${LOGIC_LIMITS.listItems} are allowed`);
  }
  list.forEach((item, i) => visit(item, pointerTo(pointer, i), depth + 1, counter));
}

import { checkLimits } from './check-limits.ts';
import { createCompiler } from './compile/compile-node.ts';
import type { LogicOperand, LogicScope } from './types.ts';

/**
 * A JSON Logic value (formula, computed column) as typed SQL equal to what json-logic-js
 * computes from the row's logic view. Numbers are `numeric` and may be 'NaN' or '±Infinity'
 * where JS gives NaN or ±Infinity (e.g. null + 1, 1 / 0).
 */
export function compileValue(expr: unknown, scope: LogicScope, pointer = ''): LogicOperand {
  checkLimits(expr, pointer);
  const node = createCompiler(scope).node(expr, pointer);
  return node.special ? { sql: node.sql, type: node.type, nonFinite: true } : { sql: node.sql, type: node.type };
}

import type { Expression, SqlBool } from 'kysely';
import { checkLimits } from './check-limits.ts';
import { createCompiler } from './compile/compile-node.ts';
import type { LogicScope } from './types.ts';

/**
 * A JSON Logic condition as a SQL boolean that is true exactly when json-logic-js finds the
 * expression truthy for the row's logic view, and never NULL (so NOT and OR stay faithful).
 * Throws LOOM_ERR_LOGIC_UNSUPPORTED with the JSON pointer (under `pointer`) of the offending node.
 */
export function compileCondition(expr: unknown, scope: LogicScope, pointer = ''): Expression<SqlBool> {
  checkLimits(expr, pointer);
  return createCompiler(scope).cond(expr, pointer).sql;
}

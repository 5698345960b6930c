import { contextVarValue, isContextVar } from './context-vars.ts';
import type { LogicContext } from './types.ts';

/** An expression whose context variables read prepared data keys instead. */
export interface BoundLogic {
  readonly logic: unknown;
  /** Context values under keys no record path can name; merge them into the data. */
  readonly values: Record<string, unknown>;
}

/**
 * Materialises context variables for json-logic-js. Each `{"var": "$…"}` is rewritten to read
 * a key holding its value, keeping the `var` default: json-logic-js applies it exactly as it would
 * for the original path (when the value is absent). Rewriting rather than nesting the values under
 * "$user"/"$old" keys avoids json-logic splitting names like "$role:sales.east" at the dot.
 */
export function bindContext(expr: unknown, context: LogicContext): BoundLogic {
  const values: Record<string, unknown> = {};
  const logic = rewrite(expr, context, values);
  return { logic, values };
}

function rewrite(expr: unknown, context: LogicContext, values: Record<string, unknown>): unknown {
  if (Array.isArray(expr)) return expr.map((item) => rewrite(item, context, values));
  if (!isOperation(expr)) return expr;
  const op = Object.keys(expr)[0];
  const raw = expr[op];
  if (op === 'var') {
    const args = Array.isArray(raw) ? raw : [raw];
    // Every "$…" path is bound (unknown ones to undefined) so none can reach a bound key.
    if (typeof args[0] === 'string' && args[0].startsWith('$')) {
      const key = `$${Object.keys(values).length}`;
      values[key] = isContextVar(args[0]) ? contextVarValue(args[0], context) : undefined;
      return { var: [key, ...args.slice(1).map((arg) => rewrite(arg, context, values))] };
    }
  }
  return { [op]: rewrite(raw, context, values) };
}

export function isOperation(expr: unknown): expr is Record<string, unknown> {
  return typeof expr === 'object' && expr !== null && !Array.isArray(expr) && Object.keys(expr).length === 1;
}

import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { bindContext } from './bind-context.ts';
import { checkLimits } from './check-limits.ts';
import type { LogicContext } from './types.ts';

/**
 * json-logic-js itself, with the context variables materialised: the reference semantics that
 * compiled SQL must agree with. `record` is the record's logic view (every field present; null
 * when empty), so a `var` default never applies to a record field here or in SQL.
 */
export function evaluateLogic(expr: unknown, record: Record<string, unknown>, context: LogicContext): unknown {
  checkLimits(expr, '');
  const bound = bindContext(expr, context);
  return jsonLogic.apply(bound.logic as RulesLogic, { ...record, ...bound.values });
}

import type { LogicContext } from '../../logic/index.ts';
import { evaluateLogic, isContextVar } from '../../logic/index.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { JSON_LOGIC_OPERATORS } from '../../model/process-actions.ts';

/**
 * A record as json-logic-js reads it (the logic view the SQL compiler agrees with): every
 * field present, null when empty, numbers as numbers (exact decimals and money amounts travel
 * as text in the API), a multi-select as a list.
 */
export function logicView(entity: CompiledEntity, record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const view: Record<string, unknown> = { id: record.id ?? null };
  for (const field of entity.fieldList) {
    const value = record[field.name] ?? null;
    if (field.logicType === 'number') view[field.name] = numberOf(value);
    else if (field.logicType === 'array') view[field.name] = value ?? [];
    else view[field.name] = value;
  }
  return view;
}

function numberOf(value: unknown): number | null {
  if (value === null || typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'object' && 'amount' in value) return Number((value as { amount: unknown }).amount);
  return null;
}

/**
 * A field map's values for a write: `{"var": "field"}` of the record's own field copies its
 * API value as it is (a money amount keeps its currency, a geo point its address); any other
 * expression is evaluated by json-logic-js on the record's logic view, with `$old`, `$now…`
 * and `$user` from `context`.
 */
export function evaluateValues(
  values: Readonly<Record<string, unknown>>,
  entity: CompiledEntity,
  record: Readonly<Record<string, unknown>>,
  context: LogicContext,
): Record<string, unknown> {
  const view = logicView(entity, record);
  const out: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(values)) out[name] = evaluateValue(expr, entity, record, view, context);
  return out;
}

export function evaluateValue(
  expr: unknown,
  entity: CompiledEntity,
  record: Readonly<Record<string, unknown>>,
  view: Record<string, unknown>,
  context: LogicContext,
): unknown {
  const copied = copiedField(expr, entity);
  if (copied) return record[copied] ?? null;
  const value = evaluateLogic(expr, view, context);
  return value === undefined ? null : value;
}

function copiedField(expr: unknown, entity: CompiledEntity): string | undefined {
  if (!expr || typeof expr !== 'object' || Array.isArray(expr) || Object.keys(expr).length !== 1 || !('var' in expr)) return undefined;
  const path = (expr as { var: unknown }).var;
  if (typeof path !== 'string' || isContextVar(path)) return undefined;
  return path === 'id' || Object.hasOwn(entity.fields, path) ? path : undefined;
}

/**
 * A webhook body: JSON whose operations are evaluated where they stand. An object with one key
 * naming a JSON Logic operator (`{"var": "subject"}`, `{"cat": […]}`) is evaluated against the
 * record; any other object or list keeps its shape with its members evaluated the same way;
 * other values are sent as they are. `{"item": {"var": "subject"}}` sends `{"item": "…"}`.
 */
export function evaluateTemplate(
  template: unknown,
  entity: CompiledEntity,
  record: Readonly<Record<string, unknown>>,
  view: Record<string, unknown>,
  context: LogicContext,
): unknown {
  if (Array.isArray(template)) return template.map((item) => evaluateTemplate(item, entity, record, view, context));
  if (!template || typeof template !== 'object') return template;
  const keys = Object.keys(template);
  if (keys.length === 1 && JSON_LOGIC_OPERATORS.has(keys[0])) return evaluateValue(template, entity, record, view, context);
  return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, evaluateTemplate(value, entity, record, view, context)]));
}

import jsonLogic from 'json-logic-js';
import type { LogicExpression, UiEntity, UiForm, UiUser } from '@loom/metadata';
import { logicValueOf } from '../fields/field-traits.ts';

/** What the form's conditions see besides the record: the signed-in user and the clock. */
export interface RuleContext {
  readonly user: Pick<UiUser, 'id' | 'roles' | 'email' | 'name' | 'admin'>;
  readonly now?: Date;
}

/** The live state of a form's conditions for the current data. */
export interface RuleState {
  readonly hidden: ReadonlySet<string>;
  readonly required: ReadonlySet<string>;
  readonly readOnly: ReadonlySet<string>;
  /** Indexes of sections whose `visibleWhen` is false. */
  readonly hiddenSections: ReadonlySet<number>;
}

/**
 * The record as JSON Logic sees it, like the server does: money and decimals are
 * numbers, expanded lookups are their ids, plus `$user` and `$now`.
 */
export function logicData(entity: UiEntity | undefined, data: Record<string, unknown>, ctx: RuleContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data ?? {})) out[name] = logicValueOf(entity?.fields[name], value);
  out.$user = { id: ctx.user.id, roles: [...ctx.user.roles], email: ctx.user.email, name: ctx.user.name, admin: ctx.user.admin };
  out.$now = (ctx.now ?? new Date()).toISOString();
  return out;
}

/** A condition that cannot be evaluated (unknown operator, bad data) counts as false. */
export function holds(expr: LogicExpression | undefined, data: Record<string, unknown>): boolean {
  if (expr === undefined) return false;
  try {
    return jsonLogic.truthy(jsonLogic.apply(expr as never, data));
  } catch {
    return false;
  }
}

/** Evaluates every `fieldRules` entry and section `visibleWhen` against the form data. */
export function evaluateRules(form: UiForm, entity: UiEntity | undefined, data: Record<string, unknown>, ctx: RuleContext): RuleState {
  const facts = logicData(entity, data, ctx);
  const hidden = new Set<string>();
  const required = new Set<string>();
  const readOnly = new Set<string>();
  for (const [field, rules] of Object.entries(form.fieldRules ?? {})) {
    if (rules.visibleWhen !== undefined && !holds(rules.visibleWhen, facts)) hidden.add(field);
    if (holds(rules.requiredWhen, facts)) required.add(field);
    if (holds(rules.readOnlyWhen, facts)) readOnly.add(field);
  }
  const hiddenSections = new Set<number>();
  form.sections.forEach((section, i) => {
    if (section.visibleWhen !== undefined && !holds(section.visibleWhen, facts)) hiddenSections.add(i);
  });
  // A field only in hidden sections is hidden too: it must not block saving.
  const shown = new Set<string>();
  form.sections.forEach((s, i) => !hiddenSections.has(i) && s.fields?.forEach((f) => shown.add(f)));
  form.sections.forEach((s) => s.fields?.forEach((f) => !shown.has(f) && hidden.add(f)));
  for (const f of hidden) required.delete(f);
  return { hidden, required, readOnly, hiddenSections };
}

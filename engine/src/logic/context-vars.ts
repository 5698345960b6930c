import type { LogicContext, LogicScope, LogicType } from './types.ts';
import { parseTimeVar, timeVarValue } from './time-vars.ts';

/**
 * Context variables: what an expression reads besides the record. They never become SQL
 * text: their values are computed here and bound as parameters (or folded with the
 * constant sub-expression around them).
 */
const USER_VARS: Record<string, LogicType> = {
  '$user.id': 'text',
  '$user.roles': 'array',
  '$user.teams': 'array',
  '$user.teamMembers': 'array',
  '$user.subordinates': 'array',
};
const ROLE_VAR = /^\$role:([A-Za-z][A-Za-z0-9_.-]*)$/;
const OLD_VAR = /^\$old\.(.+)$/;
const PARAM_VAR = /^\$params\.([A-Za-z][A-Za-z0-9_]*)$/;

export const CONTEXT_VARS_HELP =
  '$user.id, $user.roles, $user.teams, $user.teamMembers, $user.subordinates, $role:<name>, $now, $today, $now-30d (min, h, d, w, M, y), $today+1M, $old.<field>, $params.<name>';

/** $user.*, $now…, $today…, $old.*, $role:… — anything that does not read the record. */
export function isContextVar(path: string): boolean {
  return Object.hasOwn(USER_VARS, path) || ROLE_VAR.test(path) || OLD_VAR.test(path) || PARAM_VAR.test(path) || parseTimeVar(path) !== undefined;
}

export type ContextVarTyping = { type: LogicType } | { error: string };

/** The static type of a context variable; `$old.field` has the type of `field`. */
export function contextVarType(path: string, scope: LogicScope): ContextVarTyping {
  if (Object.hasOwn(USER_VARS, path)) return { type: USER_VARS[path] };
  if (ROLE_VAR.test(path)) return { type: 'boolean' };
  const time = parseTimeVar(path);
  if (time) return { type: time.base === 'now' ? 'datetime' : 'date' };
  const old = OLD_VAR.exec(path);
  if (old) {
    const field = scope.resolveVar(old[1]);
    return field ? { type: field.type } : { error: `unknown field "${old[1]}" in "${path}"` };
  }
  const param = PARAM_VAR.exec(path);
  if (param) return paramType(paramValue(scope.context, param[1]), path);
  if (/^\$today[+-]\d+(min|h)$/.test(path)) return { error: `"${path}": $today moves by whole days (d, w, M, y); use $now for hours and minutes` };
  return { error: `unknown context variable "${path}"; known: ${CONTEXT_VARS_HELP}` };
}

/** The value json-logic-js sees; undefined when absent, so that a `var` default applies. */
export function contextVarValue(path: string, context: LogicContext): unknown {
  const user = context.user;
  if (path === '$user.id') return user ? user.id : null;
  if (path === '$user.roles') return [...(user?.roles ?? [])];
  if (path === '$user.teams') return [...(user?.teams ?? [])];
  if (path === '$user.teamMembers') return [...(user?.teamMembers ?? [])];
  if (path === '$user.subordinates') return [...(user?.subordinates ?? [])];
  const role = ROLE_VAR.exec(path);
  if (role) return (user?.roles ?? []).includes(role[1]);
  const time = parseTimeVar(path);
  if (time) return timeVarValue(time, context.now);
  const param = PARAM_VAR.exec(path);
  if (param) return paramValue(context, param[1]);
  const old = OLD_VAR.exec(path);
  return old ? walk(context.old, old[1]) : undefined;
}

function paramValue(context: LogicContext, name: string): unknown {
  return context.params && Object.hasOwn(context.params, name) ? context.params[name] : undefined;
}

// Parameters arrive with the request, like the user: their value is their type.
function paramType(value: unknown, path: string): ContextVarTyping {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'string') return { type: 'text' };
  if (typeof value === 'number' && Number.isFinite(value)) return { type: 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { type: 'array' };
  return { error: `"${path}" must be a text, a number, a boolean or a list of texts` };
}

// The same descent as json-logic-js's `var`: a missing step gives undefined, a null value stays null.
function walk(data: unknown, path: string): unknown {
  let current = data;
  for (const step of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[step];
    if (current === undefined) return undefined;
  }
  return current;
}

import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { sql } from 'kysely';
import type { ProcessAction } from '@loom/metadata';
import { isLoomError, type ProblemItem } from '../errors/loom-error.ts';
import { compileCondition, isContextVar, logicVars, type LogicScope } from '../logic/index.ts';
import { checkLimits } from '../logic/check-limits.ts';
import { pointerTo } from '../logic/logic-error.ts';
import type { CompiledEntity, CompiledField } from './compiled-model.ts';
import { isLinesField, isLookupField } from './field-types/field-predicates.ts';
import { resolveFieldPath } from './resolve-field-path.ts';

/** What checking an action list needs to know about the rest of the model. */
export interface ActionCheckContext {
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  /** Approval name → the entity it approves. */
  readonly approvals: ReadonlyMap<string, string>;
  /** Whether `$old.<field>` has a value where the actions run (update and delete triggers). */
  readonly old: boolean;
}

/**
 * Checks a list of process actions (an automation's, an approval's outcome) against the
 * model, each problem at its JSON pointer under `at`: the fields `set` writes exist and may
 * be written (a `lookup.field` key through a lookup of the entity), `create` names an entity
 * and its writable fields, `notify` recipients name fields, `startApproval` names an approval
 * of the same entity, and every value is JSON Logic that reads only the record's own fields
 * and context variables.
 */
export function checkProcessActions(actions: readonly ProcessAction[], entity: CompiledEntity, at: string, ctx: ActionCheckContext): ProblemItem[] {
  const errors: ProblemItem[] = [];
  actions.forEach((action, i) => {
    const here = `${at}/${i}`;
    if ('set' in action) {
      for (const [key, value] of Object.entries(action.set)) {
        const path = pointerTo(`${here}/set`, key);
        const problem = setTargetProblem(entity, key, ctx.entities);
        if (problem) errors.push({ path, message: problem });
        errors.push(...valueProblems(entity, value, path, ctx));
      }
    } else if ('create' in action) {
      const target = ctx.entities.get(action.create.entity);
      if (!target) errors.push({ path: `${here}/create/entity`, message: `entity "${action.create.entity}" does not exist` });
      for (const [name, value] of Object.entries(action.create.values ?? {})) {
        const path = pointerTo(`${here}/create/values`, name);
        const problem = target && writableProblem(target, name);
        if (problem) errors.push({ path, message: problem });
        errors.push(...valueProblems(entity, value, path, ctx));
      }
    } else if ('notify' in action) {
      action.notify.to.forEach((to, j) => {
        const path = `${here}/notify/to/${j}`;
        if ('field' in to && !resolveFieldPath(entity, to.field, ctx.entities))
          errors.push({ path: `${path}/field`, message: `"${to.field}" is not a field of ${entity.name}` });
        if ('var' in to) errors.push(...varProblems(entity, to.var, `${path}/var`, ctx));
      });
    } else if ('webhook' in action) {
      if (action.webhook.body !== undefined) errors.push(...templateProblems(entity, action.webhook.body, `${here}/webhook/body`, ctx));
    } else if ('startApproval' in action) {
      const approved = ctx.approvals.get(action.startApproval.approval);
      if (approved === undefined) errors.push({ path: `${here}/startApproval/approval`, message: `no approval named "${action.startApproval.approval}"` });
      else if (approved !== entity.name) {
        errors.push({
          path: `${here}/startApproval/approval`,
          message: `approval "${action.startApproval.approval}" approves ${approved}, not ${entity.name}`,
        });
      }
    }
  });
  return errors;
}

/** Why a `set` key cannot be written, or undefined: a field of the entity, or `lookup.field` of the record a lookup points to. */
function setTargetProblem(entity: CompiledEntity, key: string, entities: ReadonlyMap<string, CompiledEntity>): string | undefined {
  const [name, through] = key.split('.');
  if (through === undefined) return writableProblem(entity, name);
  const link = Object.hasOwn(entity.fields, name) ? entity.fields[name] : undefined;
  if (!link || !isLookupField(link)) return `"${name}" is not a lookup of ${entity.name}: a "lookup.field" key sets a field of the record a lookup points to`;
  const target = entities.get(link.target);
  return target ? writableProblem(target, through) : `entity "${link.target}" does not exist`;
}

function writableProblem(entity: CompiledEntity, name: string): string | undefined {
  const field: CompiledField | undefined = Object.hasOwn(entity.fields, name) ? entity.fields[name] : undefined;
  if (!field) return `"${name}" is not a field of ${entity.name}`;
  if (isLinesField(field)) return `"${name}" holds child lines, which actions do not set`;
  if (field.readOnly && name !== 'owner') return `"${name}" of ${entity.name} is set by Loom and cannot be written`;
  return undefined;
}

/** A webhook body: JSON with operations where they stand (effect-values.ts evaluateTemplate); each operation is checked as a value. */
function templateProblems(entity: CompiledEntity, template: unknown, at: string, ctx: ActionCheckContext): ProblemItem[] {
  if (Array.isArray(template)) return template.flatMap((item, i) => templateProblems(entity, item, `${at}/${i}`, ctx));
  if (!template || typeof template !== 'object') return [];
  const keys = Object.keys(template);
  if (keys.length === 1 && JSON_LOGIC_OPERATORS.has(keys[0])) return valueProblems(entity, template, at, ctx);
  return Object.entries(template).flatMap(([key, value]) => templateProblems(entity, value, pointerTo(at, key), ctx));
}

/**
 * A value is JSON Logic evaluated in JavaScript against the record: within the limits,
 * operators json-logic-js knows, and `var`s naming the record's own fields or context variables.
 */
function valueProblems(entity: CompiledEntity, value: unknown, at: string, ctx: ActionCheckContext): ProblemItem[] {
  try {
    checkLimits(value, at);
  } catch (error) {
    if (isLoomError(error) && error.errors) return [...error.errors];
    throw error;
  }
  const problems: ProblemItem[] = [];
  for (const v of logicVars(value, at)) problems.push(...varProblems(entity, v.path, v.pointer, ctx));
  const unknown = unknownOperator(value);
  if (unknown) problems.push({ path: at, message: `operator "${unknown}" is not JSON Logic` });
  return problems;
}

function varProblems(entity: CompiledEntity, path: string, at: string, ctx: ActionCheckContext): ProblemItem[] {
  if (path.startsWith('$old.')) {
    if (!ctx.old) return [{ path: at, message: `"${path}": $old has no values in a create trigger` }];
    const name = path.slice(5);
    return Object.hasOwn(entity.fields, name) ? [] : [{ path: at, message: `"${name}" is not a field of ${entity.name}` }];
  }
  if (isContextVar(path)) return path.startsWith('$params.') ? [{ path: at, message: `"${path}": actions have no parameters` }] : [];
  if (Object.hasOwn(entity.fields, path)) return [];
  if (path.includes('.') && resolveFieldPath(entity, path, ctx.entities))
    return [{ path: at, message: `"${path}": action values read the record's own fields, not lookup paths` }];
  return [{ path: at, message: `"${path}" is not a field of ${entity.name}` }];
}

/** The first operator json-logic-js does not know, found by walking the expression. */
function unknownOperator(expr: unknown): string | undefined {
  if (Array.isArray(expr)) {
    for (const item of expr) {
      const found = unknownOperator(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!jsonLogic.is_logic(expr as RulesLogic)) return undefined;
  const op = jsonLogic.get_operator(expr as Record<string, unknown>);
  if (!JSON_LOGIC_OPERATORS.has(op)) return op;
  return unknownOperator((expr as Record<string, unknown>)[op]);
}

/** json-logic-js's operators (its `operations` table is not exported). */
export const JSON_LOGIC_OPERATORS: ReadonlySet<string> = new Set([
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'log',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
]);

/**
 * A `where` condition must translate to SQL (schedule and date triggers select their records
 * with it, as list filters do): compiled here against the entity's fields for its problems.
 */
export function conditionProblems(entity: CompiledEntity, expr: unknown, at: string, entities: ReadonlyMap<string, CompiledEntity>): ProblemItem[] {
  const scope: LogicScope = {
    context: { now: new Date(0) },
    resolveVar(path) {
      const steps = resolveFieldPath(entity, path, entities);
      const field = steps?.[steps.length - 1].field;
      if (!field?.logicType) return undefined;
      return { sql: sql.ref('r.x'), type: field.logicType, sqlType: field.columns[0]?.sqlType };
    },
  };
  try {
    compileCondition(expr, scope, at);
    return [];
  } catch (error) {
    if (isLoomError(error) && error.errors) return [...error.errors];
    throw error;
  }
}

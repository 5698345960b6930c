import type { Actor } from '../data/actor.ts';
import { actorContext } from '../data/access/record-access.ts';
import { EVERY_ROW, recordScope } from '../data/access/record-scope.ts';
import { isLoomError, loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import { compileCondition, isContextVar, logicVars } from '../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import { readablePath, uiContext, type UiContext } from './ui-context.ts';

export interface PersonalViewInput {
  readonly columns: readonly string[];
  readonly filter?: unknown;
  readonly sort?: readonly string[];
}

/** The entity a personal view is about, when the actor may read it; else a 400 at `pointer`. */
export function readableEntity(model: CompiledModel, actor: Actor, name: string, pointer: string): CompiledEntity {
  const ctx = uiContext(model, actor, 'en');
  const entity = ctx.readable.get(name);
  if (!entity) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: pointer, message: `"${name}" is not an entity you can read` }]);
  return entity;
}

/**
 * A personal view may name only what its owner can see: columns and sort keys are field
 * paths the actor can read (sort keys also sortable), and the filter compiles through the
 * one logic compiler for this actor and names no field hidden from them. Every problem
 * is reported, each at its JSON pointer in the body.
 */
export function checkPersonalView(model: CompiledModel, actor: Actor, entityName: string, input: PersonalViewInput, now: Date): void {
  const ctx = uiContext(model, actor, 'en');
  const entity = ctx.readable.get(entityName)!;
  const errors: ProblemItem[] = [];
  input.columns.forEach((path, i) => {
    if (!readablePath(ctx, entity, path)) errors.push({ path: `/columns/${i}`, message: `"${path}" is not a field of ${entity.name} you can see` });
  });
  input.sort?.forEach((key, i) => {
    const problem = sortProblem(ctx, entity, key.replace(/^-/, ''));
    if (problem) errors.push({ path: `/sort/${i}`, message: problem });
  });
  if (input.filter !== undefined && input.filter !== null) errors.push(...filterProblems(ctx, entity, input.filter, now));
  if (errors.length) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', errors);
}

function sortProblem(ctx: UiContext, entity: CompiledEntity, path: string): string | undefined {
  const steps = readablePath(ctx, entity, path);
  if (!steps) return `"${path}" is not a field of ${entity.name} you can see`;
  const type = steps[steps.length - 1].field.logicType;
  return type === undefined || type === 'array' ? `"${path}" cannot be sorted` : undefined;
}

function filterProblems(ctx: UiContext, entity: CompiledEntity, filter: unknown, now: Date): ProblemItem[] {
  const hidden = logicVars(filter, '/filter')
    .filter((v) => !isContextVar(v.path) && !readablePath(ctx, entity, v.path))
    .map((v) => ({ path: v.pointer, message: `"${v.path}" is not a field of ${entity.name} you can see` }));
  if (hidden.length) return hidden;
  // The whole model's entity: the compiler must see the same fields a list query would.
  const full = ctx.model.entities.get(entity.name)!;
  try {
    compileCondition(filter, recordScope(ctx.model, full, 'r', actorContext(ctx.actor, now), EVERY_ROW), '/filter');
  } catch (error) {
    // Reported with the other problems of the view, not instead of them.
    if (!isLoomError(error)) throw error;
    return error.errors?.length ? error.errors : [{ path: '/filter', message: error.message }];
  }
  return [];
}

import type { CompiledQuery } from 'kysely';
import type { LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import type { ListRequest } from './list-request.ts';
import { isLinesField } from '../../model/field-types/field-predicates.ts';

const MAX_SHAPES_PER_ACTOR = 64;

/**
 * Statements (and statement parts, such as permission predicates) compiled once and used
 * again, kept per model (a publish starts afresh) and per actor (their permission predicate
 * is part of the statement; the actor loader hands out one frozen actor per identity
 * generation, so a change of roles or teams starts afresh too), by a key naming everything
 * else that shapes the statement. An actor's entries are dropped together past `maxPerActor`.
 */
export class StatementCache<T> {
  readonly #byModel = new WeakMap<CompiledModel, WeakMap<Actor, Map<string, T>>>();

  constructor(private readonly maxPerActor = MAX_SHAPES_PER_ACTOR) {}

  get(model: CompiledModel, actor: Actor, key: string, build: () => T): T {
    let perActor = this.#byModel.get(model);
    if (!perActor) this.#byModel.set(model, (perActor = new WeakMap()));
    let shapes = perActor.get(actor);
    if (!shapes) perActor.set(actor, (shapes = new Map()));
    let statement = shapes.get(key);
    if (statement === undefined) {
      statement = build();
      if (shapes.size >= this.maxPerActor) shapes.clear();
      shapes.set(key, statement);
    }
    return statement;
  }
}

/**
 * Statements the engine sends for its own work on an entity, whoever asks (a create's INSERT,
 * its rule checks), kept per model (a publish starts afresh) and entity, by a key naming
 * everything else that shapes the statement. A statement built from logic that read the
 * request's context (`$now`, `$user`, …, also through a formula a lookup path reaches) holds
 * that request's values, folded or bound, so it is built again for every call instead.
 */
export class EntityStatementCache<T> {
  readonly #byModel = new WeakMap<CompiledModel, WeakMap<CompiledEntity, Map<string, T>>>();

  constructor(private readonly maxPerEntity = MAX_SHAPES_PER_ACTOR) {}

  get(model: CompiledModel, entity: CompiledEntity, key: string, context: LogicContext, build: (context: LogicContext) => T): T {
    let perEntity = this.#byModel.get(model);
    if (!perEntity) this.#byModel.set(model, (perEntity = new WeakMap()));
    let shapes = perEntity.get(entity);
    if (!shapes) perEntity.set(entity, (shapes = new Map()));
    const kept = shapes.get(key);
    if (kept !== undefined) return kept;
    const watched = watchedContext(context);
    const statement = build(watched.context);
    if (watched.read()) return statement;
    if (shapes.size >= this.maxPerEntity) shapes.clear();
    shapes.set(key, statement);
    return statement;
  }
}

/**
 * The context as the compiler sees it, noting whether anything read it: the logic compiler
 * reads a context value only where an expression names a context variable.
 */
function watchedContext(context: LogicContext): { context: LogicContext; read: () => boolean } {
  let read = false;
  const watched = new Proxy(context, {
    get(target, property, receiver) {
      read = true;
      return Reflect.get(target, property, receiver);
    },
  });
  return { context: watched, read: () => read };
}

/** Every field is a stored column: reading the record needs no context and no other table. */
export function storedOnly(entity: CompiledEntity): boolean {
  return entity.fieldList.every((f) => isLinesField(f) || f.columns.length > 0);
}

/**
 * The request reads stored columns only, here and in its expanded lookups: no formula or
 * rollup, which may read `$now` or `$user` and so differ between two runs of one statement.
 */
export function readsStoredColumnsOnly(model: CompiledModel, entity: CompiledEntity, request: Pick<ListRequest, 'expand'>): boolean {
  if (!storedOnly(entity)) return false;
  for (const name of request.expand.keys()) {
    const target = entity.fields[name]?.target;
    if (target && !storedOnly(model.entities.get(target)!)) return false;
  }
  return true;
}

/**
 * A kept statement ready to run: every placeholder symbol it was compiled with (standing for
 * an id, a cursor value, a column value) replaced by this call's value.
 */
export function bindPlaceholders<R>(compiled: CompiledQuery<R>, valueOf: (placeholder: symbol) => unknown): CompiledQuery<R> {
  return { ...compiled, parameters: compiled.parameters.map((p) => (typeof p === 'symbol' ? valueOf(p) : p)) };
}

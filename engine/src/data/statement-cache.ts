import type { CompiledQuery } from 'kysely';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import type { Actor } from './actor.ts';
import type { ListRequest } from './list-request.ts';

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

/** Every field is a stored column: reading the record needs no context and no other table. */
export function storedOnly(entity: CompiledEntity): boolean {
  return entity.fieldList.every((f) => f.type === 'lines' || f.columns.length > 0);
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

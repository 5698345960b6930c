import type { LogicContext } from '../../logic/index.ts';
import type { CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';

/** Who writes, on which model and when: what every part of a record write is handed. */
export interface WriteContext {
  readonly model: CompiledModel;
  readonly actor: Actor;
  readonly actorId: string | null;
  readonly now: Date;
  readonly logic: LogicContext;
  /**
   * Filled with each record as read back at the end of its write (all fields but lines), by id,
   * so the caller can answer with it instead of reading the record again after the commit.
   */
  readonly written?: Map<string, Record<string, unknown>>;
}

import type { LogicContext } from '../../logic/index.ts';
import type { CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import type { WriteHooks } from './write-hooks.ts';

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
  /** The processes that take part in writes (write-hooks.ts); none in a bare record service. */
  readonly hooks?: WriteHooks;
  /**
   * How many process steps led to this write: 0 for a person's write, 1 for a write an
   * automation made from it, and so on. Processes stop a chain at a limit (a loop).
   */
  readonly depth?: number;
  /**
   * Who started the work when the write itself runs with wider rights: a record action writes
   * the fields it declares as the system, on behalf of the user who ran it.
   */
  readonly onBehalfOf?: string | null;
  /** The write is made by a process that owns its fields (an approval deciding), not by a plain edit. */
  readonly process?: string;
}

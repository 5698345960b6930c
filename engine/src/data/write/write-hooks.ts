import type { Kysely } from 'kysely';
import type { InsertAlong } from '../../db/insert-along.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import type { WriteContext } from './write-context.ts';

/** What a write did to one record, handed to the processes that watch the entity. */
export interface RecordChange {
  readonly entity: CompiledEntity;
  readonly op: 'create' | 'update' | 'delete' | 'restore';
  readonly id: string;
  /** The record before the write (update, delete), every field but lines. */
  readonly before?: Readonly<Record<string, unknown>>;
  /** The record after the write (create, update, restore), every field but lines. */
  readonly after?: Readonly<Record<string, unknown>>;
}

/**
 * How processes (approvals, automations, reminders) take part in record writes without the
 * data layer knowing them: the layer above hands an implementation to the record service,
 * which passes it down in the write context. Both calls run inside the write's transaction,
 * so what a hook writes commits or rolls back with the record.
 */
export interface WriteHooks {
  /**
   * Whether any process watches writes of this entity. When none does, the one-statement and
   * set-based create paths are used; when one does, every create goes through the per-record
   * path, which calls `afterWrite`.
   */
  watches(entity: CompiledEntity): boolean;
  /**
   * Before an update or delete is applied, with the record locked: may refuse it (a record
   * locked by a pending approval, a field that an approval owns). `fields` are the names the
   * patch sets (empty for a delete).
   */
  beforeWrite(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, op: 'update' | 'delete', id: string, patch: Readonly<Record<string, unknown>>): Promise<void>;
  /**
   * Before a create is validated and written, after the person's own fields were authorized:
   * answers the input to write, to which processes may add values they would otherwise set
   * by an update right after the insert (an automation setting a field on create). Values
   * added here are written with the record, as part of its create, in the same statement.
   */
  prepareCreate?(ctx: WriteContext, entity: CompiledEntity, input: unknown): unknown;
  /**
   * For a create of a watched entity: when everything the processes would do after it is known
   * before the insert (values prepareCreate added, jobs to enqueue), the rows they add for the
   * record with this id, written by the create's own statement instead of calling afterWrite;
   * such a create stays one statement with no transaction around it. Undefined when afterWrite
   * is needed (it reads the record, checks what the person set, writes more).
   */
  alongCreate?(ctx: WriteContext, entity: CompiledEntity): ((id: string) => readonly InsertAlong[]) | undefined;
  /** After the write and its history, before COMMIT. */
  afterWrite(trx: Kysely<any>, ctx: WriteContext, change: RecordChange): Promise<void>;
}

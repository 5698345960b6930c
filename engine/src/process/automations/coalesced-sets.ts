import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../data/actor.ts';
import { updateInTransaction } from '../../data/write/record-writes.ts';
import type { WriteContext } from '../../data/write/write-context.ts';
import type { LogicContext } from '../../logic/index.ts';
import type { CompiledAutomation } from '../../model/compile-automation.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { actionFailed } from '../effects/action-failed.ts';
import { evaluateValues } from '../effects/effect-values.ts';
import type { ProcessServices } from '../process-services.ts';
import { enqueueNotifications, notifyJobOf, type NotifyStep } from './notify-job.ts';

/** Field types whose API value is what a `set` writes (a text, a number, an instant…): the record in memory stays exact. */
const SCALAR = new Set(['text', 'longtext', 'email', 'phone', 'url', 'select', 'boolean', 'integer', 'number', 'percent', 'date', 'datetime']);

/**
 * Whether an automation can join a coalesced run: its actions are `set`s of the record's own
 * scalar fields and `notify`s, and its `where` (if any) reads the record's own fields only.
 */
export function coalescible(entity: CompiledEntity, automation: CompiledAutomation, whereInMemory: boolean): boolean {
  if (!whereInMemory) return false;
  return automation.actions.every((action) => {
    if ('notify' in action) return true;
    if (!('set' in action)) return false;
    return Object.keys(action.set).every((key) => !key.includes('.') && Object.hasOwn(entity.fields, key) && SCALAR.has(entity.fields[key].type));
  });
}

/**
 * The automations of one write that only set the record's own fields and notify, run as one:
 * their `set`s are computed in order on the record in memory (each sees the values the
 * earlier ones set, as it would one write after another) and written by ONE update, and
 * their notifications are enqueued as ONE job, sent about the record as committed. The same
 * result as running them one by one (runEffects), with one update instead of one per
 * automation and one INSERT instead of each notification's statements: the chain of writes
 * it starts (update triggers) sees the changes together.
 */
export class CoalescedSets {
  readonly #steps: NotifyStep[] = [];
  readonly #patch: Record<string, unknown> = {};
  #record: Record<string, unknown>;

  constructor(
    private readonly services: ProcessServices,
    private readonly entity: CompiledEntity,
    private readonly id: string,
    record: Readonly<Record<string, unknown>>,
    private readonly old: Readonly<Record<string, unknown>> | undefined,
  ) {
    this.#record = { ...record };
  }

  /** The record as the steps so far leave it. */
  get record(): Readonly<Record<string, unknown>> {
    return this.#record;
  }

  add(automation: CompiledAutomation, key: string, context: LogicContext): void {
    for (const action of automation.actions) {
      if (!('set' in action)) continue;
      const values = evaluateValues(action.set, this.entity, this.#record, context);
      Object.assign(this.#patch, values);
      Object.assign(this.#record, values);
    }
    this.#steps.push({ automation, key });
  }

  /** Writes the sets (one update, as the system on the person's behalf, one step deeper), then enqueues the notifications. */
  async flush(trx: Kysely<any>, ctx: WriteContext, before: Readonly<Record<string, unknown>>): Promise<Readonly<Record<string, unknown>>> {
    if (!this.#steps.length) return this.#record;
    const source = `automation:${this.#steps.map((s) => s.automation.name).join('+')}`;
    const written = ctx.written ?? new Map<string, Record<string, unknown>>();
    const writer: WriteContext = {
      ...ctx,
      actor: SYSTEM_ACTOR,
      actorId: ctx.actorId,
      process: source,
      depth: (ctx.depth ?? 0) + 1,
      onBehalfOf: undefined,
      written,
    };
    const changed = Object.entries(this.#patch).filter(([name, value]) => JSON.stringify(before[name] ?? null) !== JSON.stringify(value ?? null));
    let record: Readonly<Record<string, unknown>> = this.#record;
    if (changed.length) {
      const first = this.#steps.find((s) => s.automation.actions.some((a) => 'set' in a))!.automation;
      try {
        await updateInTransaction(trx, writer, this.entity, this.id, Object.fromEntries(changed), undefined, '');
      } catch (error) {
        const index = first.actions.findIndex((a) => 'set' in a);
        throw actionFailed(
          error,
          { entity: this.entity, recordId: this.id, actions: first.actions, source: `automation:${first.name}`, key: '' },
          first.actions[index],
          index,
          ctx.model,
        );
      }
      record = written.get(this.id) ?? record;
    }
    // Their notifications go through the queue: one job for the write, sent once it commits.
    await enqueueNotifications(this.services, trx, notifyJobOf(this.#steps, this.id, this.old, ctx.now));
    return record;
  }
}

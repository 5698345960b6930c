import type { WriteHooks } from '../data/write/write-hooks.ts';

/** One part of the process engine (approvals, automations, reminders…): how it takes part in writes, and its life. */
export interface ProcessPart {
  /** Its share of the write hooks; the engine calls every part's, in order. */
  readonly hooks?: Partial<WriteHooks>;
  /** Registers job handlers and schedules; called once the database and the model are ready. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

import type { Kysely } from 'kysely';
import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices, SweepWindow } from '../process-services.ts';

/** Runs the registered sweeps over their windows (placeholder until the scheduler lands). */
export function createScheduler(services: Omit<ProcessServices, 'registerSweep'>): ProcessPart & {
  registerSweep(name: string, sweep: (trx: Kysely<any>, window: SweepWindow) => Promise<void>): void;
  /** Runs every sweep up to now (the tick the queue runs each minute; tests call it). */
  tick(): Promise<void>;
} {
  void services;
  return {
    registerSweep() {},
    async tick() {},
  };
}

import type { ProcessServices } from '../process-services.ts';

/** Runs metadata actions on a record (placeholder until the effects part lands). */
export function createEffects(services: ProcessServices): Pick<ProcessServices, 'runEffects'> {
  void services;
  return {
    async runEffects() {},
  };
}

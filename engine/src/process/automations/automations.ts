import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices } from '../process-services.ts';

/** Automations (placeholder until the automations part lands). */
export function createAutomations(services: ProcessServices): ProcessPart {
  void services;
  return {};
}

import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices } from '../process-services.ts';

/** Reminders (placeholder until the reminders part lands). */
export function createReminders(services: ProcessServices): ProcessPart {
  void services;
  return {};
}

import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices } from '../process-services.ts';

/** In-app and email notifications (placeholder until the notifications part lands). */
export function createNotifications(services: ProcessServices): ProcessPart & Pick<ProcessServices, 'notify' | 'notifyUsers'> {
  void services;
  return {
    async notify() {},
    async notifyUsers() {},
  };
}

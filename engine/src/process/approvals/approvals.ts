import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices } from '../process-services.ts';

/** Approvals (placeholder until the approvals part lands). */
export function createApprovals(services: ProcessServices): ProcessPart & Pick<ProcessServices, 'startApproval'> {
  void services;
  return {
    async startApproval() {
      throw new Error('approvals are not available yet');
    },
  };
}

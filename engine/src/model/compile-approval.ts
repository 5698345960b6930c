import type { ApprovalDocument } from '@loom/metadata';

/** A published `approval` document as the process engine runs it (refined as the engine grows). */
export type CompiledApproval = Readonly<ApprovalDocument>;

export function compileApproval(document: ApprovalDocument): CompiledApproval {
  return document;
}

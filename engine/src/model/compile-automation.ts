import type { AutomationDocument } from '@loom/metadata';

/** A published `automation` document as the process engine runs it (refined as the engine grows). */
export type CompiledAutomation = Readonly<AutomationDocument>;

export function compileAutomation(document: AutomationDocument): CompiledAutomation {
  return document;
}

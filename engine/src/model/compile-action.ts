import type { ActionDocument } from '@loom/metadata';

/** A published `action` document as the process engine runs it (refined as the engine grows). */
export type CompiledAction = Readonly<ActionDocument>;

export function compileAction(document: ActionDocument): CompiledAction {
  return document;
}

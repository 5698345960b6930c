import type { ReminderDocument } from '@loom/metadata';

/** A published `reminder` document as the process engine runs it (refined as the engine grows). */
export type CompiledReminder = Readonly<ReminderDocument>;

export function compileReminder(document: ReminderDocument): CompiledReminder {
  return document;
}

import type { RecordChange } from '../../data/write/write-hooks.ts';
import type { WriteContext } from '../../data/write/write-context.ts';
import type { CompiledAutomation } from '../../model/compile-automation.ts';

/** What makes this run's notifications and webhooks unique: the automation, the record, and the version the write made. */
export function occasionKey(automation: CompiledAutomation, change: RecordChange, ctx: WriteContext): string {
  const version = change.after?.version ?? change.before?.version ?? ctx.now.getTime();
  return `automation:${automation.name}:${change.id}:${change.op}:${String(version)}`;
}

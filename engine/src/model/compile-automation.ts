import type { AutomationDocument, MetadataDocument } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import type { CompiledEntity } from './compiled-model.ts';
import { parseCron, type CronSchedule } from './cron.ts';
import { checkProcessActions, conditionProblems } from './process-actions.ts';

/** When an automation runs. */
export type CompiledTrigger =
  | { readonly kind: 'create' }
  | { readonly kind: 'delete' }
  /** `fields`: only when one of them changed. */
  | { readonly kind: 'update'; readonly fields?: readonly string[] }
  | { readonly kind: 'schedule'; readonly cron: CronSchedule }
  /** At the date field's value plus `offsetMs` (negative: before). */
  | { readonly kind: 'dateField'; readonly field: string; readonly offsetMs: number };

/** A published `automation` document as the process engine runs it: the document and its trigger, parsed. */
export type CompiledAutomation = Readonly<AutomationDocument> & { readonly trigger: CompiledTrigger };

export function compileAutomation(document: AutomationDocument): CompiledAutomation {
  return { ...document, trigger: compileTrigger(document.on) };
}

function compileTrigger(on: AutomationDocument['on']): CompiledTrigger {
  if ('create' in on) return { kind: 'create' };
  if ('delete' in on) return { kind: 'delete' };
  if ('update' in on) return on.fields ? { kind: 'update', fields: on.fields } : { kind: 'update' };
  if ('schedule' in on) return { kind: 'schedule', cron: parseCron(on.schedule) };
  return { kind: 'dateField', field: on.dateField.field, offsetMs: offsetMs(on.dateField.offset ?? '0d') };
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "-30d" → -30 days in milliseconds (the schema's offset pattern: units m, h, d, w). */
export function offsetMs(offset: string): number {
  const match = /^([-+]?)(\d+)([mhdw])$/.exec(offset);
  if (!match) throw new Error(`"${offset}" is not an offset`);
  return (match[1] === '-' ? -1 : 1) * Number(match[2]) * UNIT_MS[match[3]];
}

/**
 * Checks every automation against the model, each problem at its JSON pointer: the trigger's
 * fields (`fields` of update, the date field of dateField) exist, a schedule is a cron
 * expression, `where` translates to SQL, and the actions name what exists
 * (process-actions.ts). Runs once names are linked (the entity itself is checked there).
 */
export function checkAutomations(
  docs: readonly { document: MetadataDocument; pointer: string }[],
  entities: ReadonlyMap<string, CompiledEntity>,
): ProblemItem[] {
  const approvals = new Map<string, string>();
  for (const { document } of docs) if (document.kind === 'approval') approvals.set(document.name, document.entity);
  const errors: ProblemItem[] = [];
  for (const { document, pointer } of docs) {
    if (document.kind !== 'automation') continue;
    const entity = entities.get(document.entity);
    if (!entity) continue;
    const on = document.on;
    if ('update' in on) {
      on.fields?.forEach((name, i) => {
        if (!Object.hasOwn(entity.fields, name)) errors.push({ path: `${pointer}/on/fields/${i}`, message: `"${name}" is not a field of ${entity.name}` });
      });
    }
    if ('schedule' in on) {
      try {
        parseCron(on.schedule);
      } catch (error) {
        errors.push({ path: `${pointer}/on/schedule`, message: `"${on.schedule}" ${(error as Error).message}` });
      }
    }
    if ('dateField' in on) {
      const field = Object.hasOwn(entity.fields, on.dateField.field) ? entity.fields[on.dateField.field] : undefined;
      if (!field) errors.push({ path: `${pointer}/on/dateField/field`, message: `"${on.dateField.field}" is not a field of ${entity.name}` });
      else if (!field.column || (field.logicType !== 'date' && field.logicType !== 'datetime')) {
        errors.push({ path: `${pointer}/on/dateField/field`, message: `"${on.dateField.field}" must be a stored date or datetime field` });
      }
    }
    if (document.where !== undefined) errors.push(...conditionProblems(entity, document.where, `${pointer}/where`, entities));
    // $old: the record before the write (update, delete) or before this run's own `set` (schedule, dateField).
    const old = !('create' in on);
    errors.push(...checkProcessActions(document.actions, entity, `${pointer}/actions`, { entities, approvals, old }));
  }
  return errors;
}

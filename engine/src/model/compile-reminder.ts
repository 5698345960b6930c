import type { MetadataDocument, ReminderDocument } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import type { CompiledEntity } from './compiled-model.ts';
import { conditionProblems } from './process-actions.ts';
import { resolveFieldPath } from './resolve-field-path.ts';

/** A period a reminder repeats on: whole months (months and years) or whole days (days and weeks). */
export type ReminderRepeat = { readonly unit: 'month' | 'day'; readonly count: number };

/** A published `reminder` document as the process engine runs it. */
export type CompiledReminder = Readonly<ReminderDocument> & {
  /** The offset as a PostgreSQL interval ("-30 days"), applied in local time (a day is a calendar day). */
  readonly offsetInterval: string;
  /** The offset in milliseconds (negative: before the date). */
  readonly offsetMs: number;
  /** "HH:MM" in the installation's time zone; absent: the field's own time (a datetime) or midnight (a date). */
  readonly time?: string;
  readonly repeat?: Readonly<ReminderDocument['repeat']>;
  readonly every?: ReminderRepeat;
  readonly channels: readonly ('inbox' | 'email')[];
};

const OFFSET_UNITS: Record<string, [string, number]> = { m: ['minutes', 60_000], h: ['hours', 3_600_000], d: ['days', 86_400_000], w: ['weeks', 604_800_000] };

export function compileReminder(document: ReminderDocument): CompiledReminder {
  const match = /^([-+]?)(\d+)([mhdw])$/.exec(document.at.offset ?? '0d') ?? ['', '', '0', 'd'];
  const sign = match[1] === '-' ? -1 : 1;
  const [unit, unitMs] = OFFSET_UNITS[match[3]];
  const amount = sign * Number(match[2]);
  return {
    ...document,
    offsetInterval: `${amount} ${unit}`,
    offsetMs: amount * unitMs,
    time: document.at.time,
    every: document.repeat ? repeatPeriod(document.repeat.every) : undefined,
    channels: document.channels ?? ['inbox'],
  };
}

function repeatPeriod(every: string): ReminderRepeat | undefined {
  const match = /^(\d+)(d|w|mo|y)$/.exec(every);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (match[2] === 'y') return { unit: 'month', count: 12 * n };
  if (match[2] === 'mo') return { unit: 'month', count: n };
  return { unit: 'day', count: match[2] === 'w' ? 7 * n : n };
}

/**
 * Checks every reminder against the model, each problem at its JSON pointer: `at.field` is a
 * stored date or datetime field, `when` translates to SQL (the sweep selects due records with
 * it), recipients' fields and the texts' `{{paths}}` name fields of the entity.
 */
export function checkReminders(docs: readonly { document: MetadataDocument; pointer: string }[], entities: ReadonlyMap<string, CompiledEntity>): ProblemItem[] {
  const errors: ProblemItem[] = [];
  for (const { document, pointer } of docs) {
    if (document.kind !== 'reminder') continue;
    const entity = entities.get(document.entity);
    if (!entity) continue;
    const field = Object.hasOwn(entity.fields, document.at.field) ? entity.fields[document.at.field] : undefined;
    if (!field) errors.push({ path: `${pointer}/at/field`, message: `"${document.at.field}" is not a field of ${entity.name}` });
    else if (!field.column || (field.logicType !== 'date' && field.logicType !== 'datetime')) {
      errors.push({ path: `${pointer}/at/field`, message: `"${document.at.field}" must be a stored date or datetime field` });
    }
    if (document.when !== undefined) errors.push(...conditionProblems(entity, document.when, `${pointer}/when`, entities));
    document.to.forEach((recipient, i) => {
      const path = 'field' in recipient ? recipient.field : undefined;
      if (
        path &&
        !resolveFieldPath(entity, path, entities) &&
        !(path.endsWith('.manager') && resolveFieldPath(entity, path.slice(0, -'.manager'.length), entities))
      ) {
        errors.push({
          path: `${pointer}/to/${i}/field`,
          message: `"${path}" names no field of ${entity.name} (a field, a lookup path such as "parent.owner", or a user field's ".manager")`,
        });
      }
      if ('var' in recipient && recipient.var.startsWith('$')) {
        errors.push({
          path: `${pointer}/to/${i}/var`,
          message: `a reminder has no "${recipient.var}": it runs at a time, not on a write; name a field instead`,
        });
      }
    });
    for (const [key, label] of [
      ['message', document.message],
      ['title', document.title],
    ] as const) {
      for (const [locale, text] of labelEntries(label)) {
        for (const path of placeholders(text)) {
          if (!resolveFieldPath(entity, path, entities)) {
            errors.push({ path: `${pointer}/${key}${locale === undefined ? '' : `/${locale}`}`, message: `{{${path}}} names no field of ${entity.name}` });
          }
        }
      }
    }
  }
  return errors;
}

function labelEntries(label: ReminderDocument['title']): [string | undefined, string][] {
  if (label === undefined) return [];
  if (typeof label === 'string') return [[undefined, label]];
  return Object.entries(label).filter((e): e is [string, string] => typeof e[1] === 'string');
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]);
}

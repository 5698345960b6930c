import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { EVERY_ROW, recordScope, recordTable } from '../../data/access/record-scope.ts';
import { compileCondition } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel, CompiledReminder } from '../../model/compiled-model.ts';
import type { SweepWindow } from '../process-services.ts';

const DAY_MS = 86_400_000;

/**
 * The SQL of the occurrences of a reminder that fall in a window, one row per record:
 * `record_id` and `due_at`. Computed from the data each time, never stored in advance, so
 * moving the date moves the reminder, and a deleted record or a `when` turned false has none.
 *
 * The due time is the date field's value, at the reminder's time of day (in the installation's
 * time zone) when it has one, plus the offset, counted in local time (so "-1d" at 09:00 stays
 * at 09:00 across a daylight-saving change). A repeating reminder is due at that time and
 * every period after it; in a window longer than a period (after a long downtime) only the
 * latest occurrence is delivered.
 */
export function dueRecordsSql(
  model: CompiledModel,
  entity: CompiledEntity,
  reminder: CompiledReminder,
  window: SweepWindow,
  timeZone: string,
): RawBuilder<unknown> {
  const field = entity.fields[reminder.at.field];
  const column = sql.ref(`r.${field.column!}`);
  const isDate = field.logicType === 'date';
  const time = reminder.time ?? '00:00';
  // The first occurrence in local time (timestamp without time zone).
  const base = isDate
    ? sql`(${column}::timestamp + ${time}::time)`
    : reminder.time
      ? sql`((${column} at time zone ${timeZone})::date + ${time}::time)`
      : sql`(${column} at time zone ${timeZone})`;
  const firstLocal = sql`(${base} + ${reminder.offsetInterval}::interval)`;
  const conditions: Expression<SqlBool>[] = [sql<SqlBool>`${column} is not null`];
  if (entity.softDelete) conditions.push(sql<SqlBool>`r.deleted_at is null`);
  if (reminder.when !== undefined) conditions.push(compileCondition(reminder.when, recordScope(model, entity, 'r', { now: window.to }, EVERY_ROW)));
  const inWindow = (due: RawBuilder<unknown>) => sql<SqlBool>`${due} > ${window.from} and ${due} <= ${window.to}`;

  if (!reminder.every) {
    const due = sql`(${firstLocal} at time zone ${timeZone})`;
    // The field's own range for the window, two days wider on each side (time of day, time
    // zone, daylight saving), so an index on the field serves the sweep; the exact test follows.
    const lo = new Date(window.from.getTime() - reminder.offsetMs - 2 * DAY_MS);
    const hi = new Date(window.to.getTime() - reminder.offsetMs + 2 * DAY_MS);
    conditions.push(isDate ? sql<SqlBool>`${column} between ${isoDate(lo)}::date and ${isoDate(hi)}::date` : sql<SqlBool>`${column} between ${lo} and ${hi}`);
    conditions.push(inWindow(due));
    return sql`select r.id as record_id, ${due} as due_at from ${recordTable(entity)} as r where ${sql.join(conditions, sql` and `)}`;
  }

  // Repeating: the occurrence number n at or before the window's end, and its neighbours
  // (month arithmetic is not exact division), of which the latest one in the window is kept.
  const { unit, count } = reminder.every;
  const toLocal = sql`(${window.to}::timestamptz at time zone ${timeZone})`;
  const elapsed =
    unit === 'month'
      ? sql`((extract(year from age(${toLocal}, ${firstLocal})) * 12 + extract(month from age(${toLocal}, ${firstLocal})))::int / ${count}::int)`
      : sql`(floor(extract(epoch from (${toLocal} - ${firstLocal})) / ${count * 86_400})::int)`;
  const step = unit === 'month' ? sql`interval '1 month'` : sql`interval '1 day'`;
  const occurrence = sql`((${firstLocal} + (g.n * ${count}::int) * ${step}) at time zone ${timeZone})`;
  return sql`select distinct on (r.id) r.id as record_id, ${occurrence} as due_at
    from ${recordTable(entity)} as r
    cross join lateral generate_series(greatest(${elapsed} - 1, 0), greatest(${elapsed} + 1, 0)) as g(n)
    where ${sql.join(conditions, sql` and `)} and ${inWindow(occurrence)}
    order by r.id, g.n desc`;
}

function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

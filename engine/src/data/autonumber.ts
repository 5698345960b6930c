import { sql, type Kysely } from 'kysely';

/**
 * Next value of an autonumber pattern such as "QT-{YYYY}-{0000}". The counter row
 * is updated inside the record's transaction: concurrent creates queue on its row
 * lock, and a rolled-back create gives its number back, so numbers have no gaps.
 * A pattern with date tokens restarts its counter in each period.
 */
export async function nextAutonumber(trx: Kysely<any>, entity: string, field: string, pattern: string, now: Date): Promise<string> {
  const withDate = pattern
    .replace(/\{YYYY\}/g, String(now.getUTCFullYear()))
    .replace(/\{YY\}/g, String(now.getUTCFullYear()).slice(-2))
    .replace(/\{MM\}/g, String(now.getUTCMonth() + 1).padStart(2, '0'))
    .replace(/\{DD\}/g, String(now.getUTCDate()).padStart(2, '0'));
  const period = withDate.replace(/\{0+\}/g, '#');
  const { rows } = await sql<{ value: number }>`
    insert into loom.autonumber_counters (entity, field, period, value) values (${entity}, ${field}, ${period}, 1)
    on conflict (entity, field, period) do update set value = loom.autonumber_counters.value + 1
    returning value`.execute(trx);
  const value = rows[0].value;
  return withDate.replace(/\{(0+)\}/g, (_m, zeros: string) => String(value).padStart(zeros.length, '0'));
}

import { sql, type Kysely } from 'kysely';

/**
 * Next value of an autonumber pattern such as "QT-{YYYY}-{0000}". The counter row
 * is updated inside the record's transaction: concurrent creates queue on its row
 * lock, and a rolled-back create gives its number back, so numbers have no gaps.
 * A pattern with date tokens restarts its counter in each period.
 */
export async function nextAutonumber(trx: Kysely<any>, entity: string, field: string, pattern: string, now: Date): Promise<string> {
  return (await nextAutonumbers(trx, entity, field, pattern, now, 1))[0];
}

/**
 * `count` consecutive values in one counter update (a bulk create): the row lock is taken
 * once, and the numbers are handed out in order, so records created together are numbered
 * in the order they were given and without gaps between them.
 */
export async function nextAutonumbers(trx: Kysely<any>, entity: string, field: string, pattern: string, now: Date, count: number): Promise<string[]> {
  if (count < 1) return [];
  const withDate = pattern
    .replace(/\{YYYY\}/g, String(now.getUTCFullYear()))
    .replace(/\{YY\}/g, String(now.getUTCFullYear()).slice(-2))
    .replace(/\{MM\}/g, String(now.getUTCMonth() + 1).padStart(2, '0'))
    .replace(/\{DD\}/g, String(now.getUTCDate()).padStart(2, '0'));
  const period = withDate.replace(/\{0+\}/g, '#');
  const { rows } = await sql<{ value: number }>`
    insert into loom.autonumber_counters (entity, field, period, value) values (${entity}, ${field}, ${period}, ${count})
    on conflict (entity, field, period) do update set value = loom.autonumber_counters.value + ${count}
    returning value`.execute(trx);
  const last = Number(rows[0].value);
  return Array.from({ length: count }, (_, i) => withDate.replace(/\{(0+)\}/g, (_m, zeros: string) => String(last - count + 1 + i).padStart(zeros.length, '0')));
}

import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';

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
  const { period, texts } = autonumberPeriod(pattern, now);
  const { rows } = await counterUpdate(entity, field, period, count).execute(trx);
  const last = Number(rows[0].value);
  return Array.from({ length: count }, (_, i) => formatAutonumber(pattern, texts, last - count + 1 + i));
}

/**
 * A pattern on a given day: `period`, the counter it numbers in (the pattern with its date
 * tokens filled in and each number group as `#`), and `texts`, the text around its number
 * groups (one more than the groups).
 */
export function autonumberPeriod(pattern: string, now: Date): { period: string; texts: string[] } {
  const withDate = pattern
    .replace(/\{YYYY\}/g, String(now.getUTCFullYear()))
    .replace(/\{YY\}/g, String(now.getUTCFullYear()).slice(-2))
    .replace(/\{MM\}/g, String(now.getUTCMonth() + 1).padStart(2, '0'))
    .replace(/\{DD\}/g, String(now.getUTCDate()).padStart(2, '0'));
  return { period: withDate.replace(/\{0+\}/g, '#'), texts: withDate.split(NUMBER_GROUP).filter((_, i) => i % 2 === 0) };
}

/**
 * The counter update taking the next value inside another statement (a data-modifying WITH
 * named `name`), and the autonumber it makes from it: a create that numbers its record in
 * its INSERT holds the counter row from that statement to its commit only. `period` and
 * `texts` are what autonumberPeriod answers for the create's day, as values (or placeholders
 * bound to them later): the statement's text depends on the pattern's number groups only.
 */
export function autonumberInStatement(name: string, entity: string, field: string, pattern: string, period: unknown, texts: readonly unknown[]): { counter: RawBuilder<unknown>; value: Expression<string> } {
  const number = sql`(${sql.ref(`${name}.value`)})::text`;
  // lpad cuts a longer text to the width; padStart never does, and a counter may outgrow its zeros.
  const parts = widths(pattern).flatMap((width, i) => [sql`${texts[i]}::text`, sql`lpad(${number}, greatest(${sql.lit(width)}, length(${number})), '0')`]);
  parts.push(sql`${texts[texts.length - 1]}::text`);
  return {
    counter: sql`${sql.id(name)} as (${counterUpdate(entity, field, period, 1)})`,
    value: sql<string>`(select concat(${sql.join(parts)}) from ${sql.table(name)})`,
  };
}

/** How many number groups the pattern has: one text more is bound with each statement. */
export function numberGroups(pattern: string): number {
  return widths(pattern).length;
}

const NUMBER_GROUP = /\{(0+)\}/;

function widths(pattern: string): number[] {
  return [...pattern.matchAll(/\{(0+)\}/g)].map((m) => m[1].length);
}

function formatAutonumber(pattern: string, texts: readonly string[], value: number): string {
  return widths(pattern).reduce((out, width, i) => out + String(value).padStart(width, '0') + texts[i + 1], texts[0]);
}

function counterUpdate(entity: string, field: string, period: unknown, count: number) {
  return sql<{ value: number }>`
    insert into loom.autonumber_counters (entity, field, period, value) values (${entity}, ${field}, ${period}, ${count})
    on conflict (entity, field, period) do update set value = loom.autonumber_counters.value + ${count}
    returning value`;
}

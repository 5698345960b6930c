import type { DateBucket } from '@loom/metadata';

/**
 * Calendar arithmetic in the installation's time zone, in JavaScript: period bounds and
 * bucket bounds become parameters (and drill-down filters), the same instants SQL buckets by.
 * A calendar date is 'YYYY-MM-DD'; months and years move like PostgreSQL intervals.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const out: Record<string, number> = {};
  for (const p of format.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out.year, m: out.month, d: out.day, h: out.hour, min: out.minute, s: out.second };
}

/** The calendar date it is at `now` in `timeZone`. */
export function todayIn(now: Date, timeZone: string): string {
  const p = parts(now, timeZone);
  return ymd(Date.UTC(p.y, p.m - 1, p.d));
}

/** The instant a calendar date begins in `timeZone` (ISO), for comparing datetime fields with date bounds. */
export function startOfDayIn(date: string, timeZone: string): string {
  const local = Date.parse(`${date}T00:00:00Z`);
  // The offset at the guess, then once more at the result: right across a daylight-saving change.
  let instant = local - offsetAt(local, timeZone);
  instant = local - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

function offsetAt(instant: number, timeZone: string): number {
  const p = parts(new Date(instant), timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - Math.floor(instant / 1000) * 1000;
}

/** The first day of the bucket holding `date` (weeks start on Monday, as date_trunc's do). */
export function bucketStart(date: string, unit: DateBucket): string {
  const t = new Date(`${date}T00:00:00Z`);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  if (unit === 'day') return date;
  if (unit === 'week') return ymd(t.getTime() - ((t.getUTCDay() + 6) % 7) * 86_400_000);
  if (unit === 'month') return ymd(Date.UTC(y, m, 1));
  if (unit === 'quarter') return ymd(Date.UTC(y, m - (m % 3), 1));
  return ymd(Date.UTC(y, 0, 1));
}

/** `date` moved by `count` buckets (from a bucket's first day, so no month-end clamping is needed). */
export function addBuckets(date: string, unit: DateBucket, count: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  if (unit === 'day') return ymd(t.getTime() + count * 86_400_000);
  if (unit === 'week') return ymd(t.getTime() + count * 7 * 86_400_000);
  const months = unit === 'month' ? count : unit === 'quarter' ? 3 * count : 12 * count;
  return ymd(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + months, t.getUTCDate()));
}

/** `date` moved by whole days, months or years ('d', 'w', 'M', 'y'), clamped to the month's end like PostgreSQL. */
export function shiftDate(date: string, amount: number, unit: 'd' | 'w' | 'M' | 'y'): string {
  const t = new Date(`${date}T00:00:00Z`);
  if (unit === 'd' || unit === 'w') return ymd(t.getTime() + amount * (unit === 'w' ? 7 : 1) * 86_400_000);
  const months = unit === 'M' ? amount : 12 * amount;
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return ymd(Date.UTC(y, m, Math.min(t.getUTCDate(), last)));
}

function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Cron expressions of schedule triggers: 5 fields (minute hour day-of-month month day-of-week)
 * or 6 with seconds first (seconds are accepted and ignored: schedules run by the minute).
 * Each field is `*`, a number, a range `a-b`, a step `*\/n` or `a-b/n`, or a list of those;
 * months and weekdays also take their English three-letter names; weekday 7 is Sunday.
 * Day-of-month and day-of-week combine as in classic cron: when both are restricted, a day
 * matching either one fires.
 */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly anyDay: boolean;
  readonly anyWeekday: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Parses a cron expression; throws an Error whose message says what is wrong. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length === 6) parts.shift();
  if (parts.length !== 5) throw new Error('must have 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first');
  const [minute, hour, day, month, weekday] = parts;
  const weekdays = parseField(weekday, 0, 7, WEEKDAYS, 'day-of-week');
  if (weekdays.has(7)) weekdays.add(0);
  weekdays.delete(7);
  return {
    minutes: parseField(minute, 0, 59, [], 'minute'),
    hours: parseField(hour, 0, 23, [], 'hour'),
    days: parseField(day, 1, 31, [], 'day-of-month'),
    months: parseField(month, 1, 12, MONTHS, 'month', 1),
    weekdays,
    anyDay: day === '*' || day === '?',
    anyWeekday: weekday === '*' || weekday === '?',
  };
}

function parseField(text: string, min: number, max: number, names: readonly string[], what: string, nameBase = 0): Set<number> {
  const values = new Set<number>();
  const value = (token: string) => {
    const named = names.indexOf(token.toLowerCase());
    const n = named >= 0 ? named + nameBase : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${what} "${token}" must be ${min}–${max}`);
    return n;
  };
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`${what} step "${stepText}" must be a whole number of at least 1`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [from, to] = [value(a), value(b)];
      if (from > to) throw new Error(`${what} range "${range}" runs backwards`);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

/** The wall-clock fields of an instant in a time zone. */
type WallClock = { minute: number; hour: number; day: number; month: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(at: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: WEEKDAYS.indexOf(parts.weekday.toLowerCase()),
  };
}

function matches(schedule: CronSchedule, clock: WallClock): boolean {
  if (!schedule.minutes.has(clock.minute) || !schedule.hours.has(clock.hour) || !schedule.months.has(clock.month)) return false;
  const day = schedule.days.has(clock.day);
  const weekday = schedule.weekdays.has(clock.weekday);
  if (schedule.anyDay && schedule.anyWeekday) return true;
  if (schedule.anyDay) return weekday;
  if (schedule.anyWeekday) return day;
  return day || weekday;
}

/** How far back a catch-up looks for a missed run: a schedule that fell due longer ago runs for its latest time only anyway. */
const MAX_LOOKBACK_MS = 366 * 86_400_000;

/**
 * The latest minute in (from, to] at which the schedule fires in `timeZone`, or undefined.
 * A sweep covering many due times (catching up after downtime) runs once, for the latest.
 */
export function lastFireTime(schedule: CronSchedule, from: Date, to: Date, timeZone: string): Date | undefined {
  const floor = Math.max(from.getTime(), to.getTime() - MAX_LOOKBACK_MS);
  for (let t = Math.floor(to.getTime() / 60_000) * 60_000; t > floor;) {
    const at = new Date(t);
    const clock = wallClock(at, timeZone);
    if (matches(schedule, clock)) return at;
    // An hour that cannot match is skipped whole: back to the minute before its start.
    const hourFits = schedule.hours.has(clock.hour) && schedule.months.has(clock.month) && matches({ ...schedule, minutes: new Set([clock.minute]) }, clock);
    t -= hourFits ? 60_000 : (clock.minute + 1) * 60_000;
  }
  return undefined;
}

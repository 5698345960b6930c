/**
 * `$now`, `$today` and their offsets (`$now-30d`, `$now+2h`, `$today-7d`).
 * Values are computed in JavaScript from the context clock and bound as parameters, so
 * SQL and json-logic-js see the very same instant; both databases run in UTC.
 */
const TIME_VAR = /^\$(now|today)(?:([+-])(\d{1,6})(min|h|d|w|M|y))?$/;
const MS: Record<string, number> = { min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export interface TimeVar {
  base: 'now' | 'today';
  amount: number;
  unit: 'min' | 'h' | 'd' | 'w' | 'M' | 'y' | undefined;
}

/** Parses a time variable, or undefined when `path` is not one (or `$today` with an hour offset). */
export function parseTimeVar(path: string): TimeVar | undefined {
  const match = TIME_VAR.exec(path);
  if (!match) return undefined;
  const base = match[1] as TimeVar['base'];
  const unit = match[4] as TimeVar['unit'];
  if (base === 'today' && (unit === 'min' || unit === 'h')) return undefined;
  const amount = unit ? Number(match[3]) * (match[2] === '-' ? -1 : 1) : 0;
  return { base, amount, unit };
}

/** `$now…` as 'YYYY-MM-DDTHH:mm:ss.sssZ', `$today…` as 'YYYY-MM-DD' (UTC calendar). */
export function timeVarValue(tv: TimeVar, now: Date): string {
  if (Number.isNaN(now.getTime())) throw new Error('the context clock is not a valid date');
  const start = tv.base === 'today' ? new Date(now.toISOString().slice(0, 10) + 'T00:00:00.000Z') : now;
  const moved = shift(start, tv);
  return tv.base === 'today' ? moved.toISOString().slice(0, 10) : moved.toISOString();
}

function shift(from: Date, tv: TimeVar): Date {
  if (!tv.unit) return new Date(from.getTime());
  if (tv.unit === 'M') return addMonths(from, tv.amount);
  if (tv.unit === 'y') return addMonths(from, 12 * tv.amount);
  return new Date(from.getTime() + tv.amount * MS[tv.unit]);
}

// Calendar months clamp to the last day, like PostgreSQL intervals: Jan 31 + 1M = Feb 28/29.
function addMonths(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const out = new Date(from.getTime());
  out.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return out;
}

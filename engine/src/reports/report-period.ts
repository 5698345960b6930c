import type { CompiledReport } from '../model/compiled-model.ts';
import { addBuckets, bucketStart, todayIn } from './zoned-time.ts';

/** Half-open calendar ranges [from, to) in the installation's time zone. */
export interface PeriodBounds {
  readonly current: { readonly from: string; readonly to: string };
  readonly previous: { readonly from: string; readonly to: string };
}

/**
 * The period a report's measures count (this month, this year…) and the one they are
 * compared with: the period before, or the same period a year earlier.
 */
export function periodBounds(period: NonNullable<CompiledReport['period']>, now: Date, timeZone: string): PeriodBounds {
  const from = bucketStart(todayIn(now, timeZone), period.unit);
  const to = addBuckets(from, period.unit, 1);
  if (period.compareTo === 'lastYear') return { current: { from, to }, previous: { from: addBuckets(from, 'year', -1), to: addBuckets(to, 'year', -1) } };
  return { current: { from, to }, previous: { from: addBuckets(from, period.unit, -1), to: from } };
}

import type { Formatters } from '../fields/formatters.ts';
import type { MeasureUnit } from '../fields/measure-format.ts';
import type { ReportRow } from './reports-api.ts';

// Values by their type are the fields registry's to format (fields/measure-format.ts).
export { formatMeasure, unitOf, type MeasureUnit } from '../fields/measure-format.ts';

/** An axis tick: short ("1.2M", "12万"), money without its symbol (the legend and tooltip carry it). */
export function formatTick(format: Formatters, unit: MeasureUnit, value: number): string {
  if (unit === 'percent') return format.percent(value * 100, 0);
  return format.number(value, { notation: 'compact', maximumFractionDigits: 1 });
}

/** A dimension as people read it: the server's label (an option, a record title, "Mar 2026"), else the raw value. */
export function dimensionText(row: ReportRow, key: string): string {
  const label = row.$label?.[key];
  if (label !== undefined && label !== '') return label;
  const value = row[key];
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

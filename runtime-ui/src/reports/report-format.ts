import type { Formatters } from '../fields/formatters.ts';
import type { ReportColumn, ReportRow } from './reports-api.ts';

/** How a measure's type is written: the units a chart axis shares (money with money, percentages with percentages). */
export type MeasureUnit = 'money' | 'percent' | 'count' | 'number' | 'date';

export function unitOf(column: Pick<ReportColumn, 'type'>): MeasureUnit {
  switch (column.type) {
    case 'money':
      return 'money';
    case 'percent':
      return 'percent';
    case 'integer':
      return 'count';
    case 'date':
    case 'datetime':
      return 'date';
    default:
      return 'number';
  }
}

/** A measure's value as people read it in the locale: money with its currency, 0.25 as 25%, counts whole. */
export function formatMeasure(format: Formatters, column: Pick<ReportColumn, 'type' | 'currency'>, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (column.type === 'date' || column.type === 'datetime') {
    const text = String(value);
    return column.type === 'date' || text.length === 10 ? format.date(text.slice(0, 10)) : format.dateTime(text);
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  switch (column.type) {
    case 'money':
      return format.money(n, column.currency, 2);
    case 'percent':
      return format.percent(n * 100, 1);
    case 'integer':
      return format.number(n, { maximumFractionDigits: 0 });
    default:
      return format.number(n, { maximumFractionDigits: 2 });
  }
}

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

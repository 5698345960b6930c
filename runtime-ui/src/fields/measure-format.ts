import type { Formatters } from './formatters.ts';

/** A computed value's column (a report measure, a KPI): its type is a field type, money with a currency. */
export interface MeasureColumn {
  readonly type: string;
  readonly currency?: string;
}

/** How a measure's type is written: the units a chart axis shares (money with money, percentages with percentages). */
export type MeasureUnit = 'money' | 'percent' | 'count' | 'number' | 'date';

export function unitOf(column: Pick<MeasureColumn, 'type'>): MeasureUnit {
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
export function formatMeasure(format: Formatters, column: MeasureColumn, value: unknown): string {
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

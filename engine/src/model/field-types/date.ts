import type { FieldType } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { readColumn, scalarColumn } from './scalar-column.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date, 'YYYY-MM-DD', checked to exist (no 2023-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3];
}

export const dateType: FieldType<any> = {
  type: 'date',
  columns: (_d, ctx) => scalarColumn('date', ctx),
  logicType: () => 'date',
  valueSchema: () => ({ type: ['string', 'null'], format: 'date' }),
  toColumns(value, _def, column) {
    if (value === null) return ok({ [column]: null });
    if (typeof value !== 'string' || !isCalendarDate(value)) return fail('must be a date like 2024-03-31');
    return ok({ [column]: value });
  },
  fromRow: (row, _d, column) => readColumn(row, column),
};

/** An instant in time: stored as timestamptz, answered in UTC ISO 8601. */
export const datetimeType: FieldType<any> = {
  type: 'datetime',
  columns: (_d, ctx) => scalarColumn('timestamptz', ctx),
  logicType: () => 'datetime',
  valueSchema: () => ({ type: ['string', 'null'], format: 'date-time' }),
  toColumns(value, _def, column) {
    if (value === null) return ok({ [column]: null });
    if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
      return fail('must be a date and time with a time zone, like 2024-03-31T09:30:00Z');
    }
    return ok({ [column]: new Date(value) });
  },
  fromRow(row, _d, column) {
    const value = row[column];
    return value instanceof Date ? value.toISOString() : (value ?? null);
  },
};

import type { FieldType } from './field-type.ts';
import { fail } from './field-type.ts';
import { readColumn } from './scalar-column.ts';

const RESULT_SCHEMA: Record<string, object> = {
  number: { type: ['number', 'null'] },
  text: { type: ['string', 'null'] },
  boolean: { type: ['boolean', 'null'] },
  date: { type: ['string', 'null'], format: 'date' },
  datetime: { type: ['string', 'null'], format: 'date-time' },
};

/**
 * Formula: a JSON Logic expression compiled to SQL by the record service, so it
 * can be filtered and sorted on; never stored.
 */
export const formulaType: FieldType<any> = {
  type: 'formula',
  columns: () => [],
  logicType: (def: { result: any }) => def.result,
  valueSchema: (def: { result: string }) => ({ ...RESULT_SCHEMA[def.result], readOnly: true }),
  toColumns: () => fail('is computed and cannot be written'),
  fromRow(row, def: { result: string }, column) {
    const value = readColumn(row, column);
    if (value instanceof Date) return value.toISOString();
    return def.result === 'number' && typeof value === 'string' ? Number(value) : value;
  },
  computed: true,
  settings: (def: { expr: unknown; result: string }) => ({ expr: def.expr, result: def.result }),
};

/** Rollup: an aggregate over the child records that point here, computed in SQL on read. */
export const rollupType: FieldType<any> = {
  type: 'rollup',
  columns: () => [],
  logicType: () => 'number',
  valueSchema: () => ({ type: ['number', 'null'], readOnly: true }),
  toColumns: () => fail('is computed and cannot be written'),
  fromRow(row, _def, column) {
    const value = readColumn(row, column);
    return typeof value === 'string' ? Number(value) : value;
  },
  computed: true,
  target: (def: { entity: string }) => def.entity,
  settings: (def: { via: string; fn: string }) => ({ via: def.via, fn: def.fn }),
};

/** Lines: child records edited with their parent, written in the parent's transaction. */
export const linesType: FieldType<any> = {
  type: 'lines',
  columns: () => [],
  logicType: () => undefined,
  valueSchema: () => ({ type: 'array', items: { type: 'object' } }),
  toColumns: () => fail('lines are written with their parent through the record service'),
  fromRow: () => undefined,
  target: (def: { entity: string }) => def.entity,
  settings: (def: { via: string }) => ({ via: def.via }),
};

import type { FieldType } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { readColumn, scalarColumn } from './scalar-column.ts';

const MAX_JSON_BYTES = 256 * 1024;

export const jsonType: FieldType<any> = {
  type: 'json',
  columns: (_d, ctx) => scalarColumn('jsonb', ctx),
  logicType: () => undefined,
  valueSchema: () => ({}),
  toColumns(value, _def, column) {
    if (value === null || value === undefined) return ok({ [column]: null });
    const text = JSON.stringify(value);
    if (Buffer.byteLength(text) > MAX_JSON_BYTES) return fail(`must be at most ${MAX_JSON_BYTES / 1024} KB of JSON`);
    return ok({ [column]: text });
  },
  fromRow: (row, _d, column) => readColumn(row, column),
};

/** Autonumber: a readable, gap-free number assigned on create (e.g. "QT-2024-0007"). */
export const autonumberType: FieldType<any> = {
  type: 'autonumber',
  columns: (_d, ctx) => scalarColumn('text', ctx),
  logicType: () => 'text',
  valueSchema: () => ({ type: ['string', 'null'], readOnly: true }),
  toColumns: (_v, _d, column) => ok({ [column]: undefined }),
  fromRow: (row, _d, column) => readColumn(row, column),
  computed: true,
  alwaysUnique: true,
  settings: (def: { pattern: string }) => ({ pattern: def.pattern }),
};

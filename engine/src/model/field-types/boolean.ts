import type { FieldType } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { readColumn, scalarColumn } from './scalar-column.ts';

export const booleanType: FieldType<any> = {
  type: 'boolean',
  columns: (_d, ctx) => scalarColumn('boolean', ctx),
  logicType: () => 'boolean',
  valueSchema: () => ({ type: ['boolean', 'null'] }),
  toColumns(value, _def, column) {
    if (value !== null && typeof value !== 'boolean') return fail('must be true or false');
    return ok({ [column]: value });
  },
  fromRow: (row, _d, column) => readColumn(row, column),
};

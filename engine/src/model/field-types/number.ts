import type { FieldType, JsonSchema } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { readColumn, scalarColumn } from './scalar-column.ts';

interface NumberDef {
  type: string;
  min?: number;
  max?: number;
  precision?: number;
  scale?: number;
}

const INT32 = 2 ** 31;

function inRange(value: number, def: NumberDef): string | undefined {
  if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
  if (def.max !== undefined && value > def.max) return `must be at most ${def.max}`;
  return undefined;
}

function floatType(type: string): FieldType<any> {
  return {
    type,
    columns: (_d, ctx) => scalarColumn('double precision', ctx),
    logicType: () => 'number',
    valueSchema: (def: NumberDef): JsonSchema => ({ type: ['number', 'null'], minimum: def.min, maximum: def.max }),
    toColumns(value, def: NumberDef, column) {
      if (value === null) return ok({ [column]: null });
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('must be a number');
      const range = inRange(value, def);
      return range ? fail(range) : ok({ [column]: value });
    },
    fromRow: (row, _d, column) => readColumn(row, column),
  };
}

export const numberType = floatType('number');
export const percentType = floatType('percent');

export const integerType: FieldType<any> = {
  type: 'integer',
  columns: (_d, ctx) => scalarColumn('integer', ctx),
  logicType: () => 'number',
  valueSchema: (def: NumberDef) => ({ type: ['integer', 'null'], minimum: def.min ?? -INT32, maximum: def.max ?? INT32 - 1 }),
  toColumns(value, def: NumberDef, column) {
    if (value === null) return ok({ [column]: null });
    if (typeof value !== 'number' || !Number.isInteger(value)) return fail('must be a whole number');
    if (value < -INT32 || value >= INT32) return fail('is out of range for a whole number');
    const range = inRange(value, def);
    return range ? fail(range) : ok({ [column]: value });
  },
  fromRow: (row, _d, column) => readColumn(row, column),
};

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Exact decimals travel as strings so no digit is lost to floating point. */
export function parseDecimal(value: unknown, precision: number, scale: number): { text: string } | { error: string } {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) return { error: 'must be a decimal number (a number or a string like "12.50")' };
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  if (fraction.length > scale) return { error: `must have at most ${scale} decimal places` };
  if (whole.replace(/^0+/, '').length > precision - scale) return { error: `must have at most ${precision - scale} digits before the decimal point` };
  return { text };
}

export const decimalType: FieldType<any> = {
  type: 'decimal',
  columns: (def: NumberDef, ctx) => scalarColumn(`numeric(${def.precision ?? 18},${def.scale ?? 2})`, ctx),
  logicType: () => 'number',
  valueSchema: () => ({ type: ['string', 'null'], pattern: DECIMAL.source }),
  inputSchema: () => ({ type: ['string', 'number', 'null'] }),
  toColumns(value, def: NumberDef, column) {
    if (value === null) return ok({ [column]: null });
    const parsed = parseDecimal(value, def.precision ?? 18, def.scale ?? 2);
    if ('error' in parsed) return fail(parsed.error);
    const range = inRange(Number(parsed.text), def);
    return range ? fail(range) : ok({ [column]: parsed.text });
  },
  fromRow: (row, _d, column) => readColumn(row, column),
  toLogic: (value) => (value === null || value === undefined ? null : Number(value)),
};

import { sql } from 'kysely';
import type { FieldType } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { readColumn, scalarColumn } from './scalar-column.ts';

interface SelectDef {
  type: 'select' | 'multiselect';
  options: { value: string }[];
  allowNew?: boolean;
  maxItems?: number;
}

const values = (def: SelectDef) => def.options.map((o) => o.value);

function checkOption(value: unknown, def: SelectDef): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) return 'must be a non-empty option value';
  if (!def.allowNew && !values(def).includes(value)) return `must be one of ${values(def).join(', ')} (got "${value}")`;
  return undefined;
}

export const selectType: FieldType<any> = {
  type: 'select',
  columns: (_d, ctx) => scalarColumn('text', ctx),
  logicType: () => 'text',
  valueSchema: (def: SelectDef) => (def.allowNew ? { type: ['string', 'null'] } : { type: ['string', 'null'], enum: [...values(def), null] }),
  toColumns(value, def: SelectDef, column) {
    if (value === null) return ok({ [column]: null });
    const problem = checkOption(value, def);
    return problem ? fail(problem) : ok({ [column]: value });
  },
  fromRow: (row, _d, column) => readColumn(row, column),
  settings: (def: SelectDef) => ({ options: def.options }),
};

export const multiselectType: FieldType<any> = {
  type: 'multiselect',
  columns: (_d, ctx) => scalarColumn('text[]', ctx),
  logicType: () => 'array',
  valueSchema: (def: SelectDef) => ({ type: 'array', items: def.allowNew ? { type: 'string' } : { enum: values(def) }, uniqueItems: true }),
  inputSchema: (def: SelectDef) => ({ type: ['array', 'null'], items: def.allowNew ? { type: 'string' } : { type: 'string' }, maxItems: def.maxItems ?? 100 }),
  toColumns(value, def: SelectDef, column) {
    if (value === null) return ok({ [column]: [] });
    if (!Array.isArray(value)) return fail('must be a list of option values');
    if (value.length > (def.maxItems ?? 100)) return fail(`must have at most ${def.maxItems ?? 100} values`);
    for (const item of value) {
      const problem = checkOption(item, def);
      if (problem) return fail(problem);
    }
    return ok({ [column]: [...new Set(value as string[])] });
  },
  fromRow: (row, _d, column) => (readColumn(row, column) as string[] | null) ?? [],
  jsonSql: (_d, column, base) => sql`coalesce(to_jsonb(${column(base)}), '[]'::jsonb)`,
  settings: (def: SelectDef) => ({ options: def.options }),
};

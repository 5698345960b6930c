import { sql } from 'kysely';
import { partColumn } from '../naming.ts';
import type { FieldType } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { parseDecimal } from './number.ts';

interface MoneyDef {
  type: 'money';
  currency?: string;
  currencies?: string[];
  min?: number;
  max?: number;
  scale?: number;
}

const CURRENCY = /^[A-Z]{3}$/;

/** Money is an exact amount plus its ISO 4217 currency: `{ "amount": "1200.00", "currency": "CNY" }`. */
export const moneyType: FieldType<any> = {
  type: 'money',
  columns: (def: MoneyDef, ctx) => [
    { name: ctx.column, sqlType: `numeric(18,${def.scale ?? 2})`, nullable: true, field: ctx.field },
    { name: partColumn(ctx.column, 'cur'), sqlType: 'text', nullable: true, field: ctx.field },
  ],
  logicType: () => 'number',
  valueSchema: () => ({
    type: ['object', 'null'],
    properties: { amount: { type: 'string' }, currency: { type: 'string', pattern: CURRENCY.source } },
    required: ['amount', 'currency'],
    additionalProperties: false,
  }),
  inputSchema: () => ({
    type: ['object', 'number', 'string', 'null'],
    properties: { amount: { type: ['string', 'number'] }, currency: { type: 'string' } },
    additionalProperties: false,
  }),
  toColumns(value, def: MoneyDef, column) {
    const cur = partColumn(column, 'cur');
    if (value === null) return ok({ [column]: null, [cur]: null });
    // A bare number or string is an amount in the field's default currency.
    const input = typeof value === 'object' ? (value as { amount?: unknown; currency?: unknown }) : { amount: value };
    const currency = input.currency ?? def.currency;
    if (typeof currency !== 'string' || !CURRENCY.test(currency)) return fail('needs a currency: a 3-letter ISO code such as "CNY"');
    if (def.currencies && !def.currencies.includes(currency)) return fail(`currency must be one of ${def.currencies.join(', ')}`);
    const parsed = parseDecimal(input.amount, 18, def.scale ?? 2);
    if ('error' in parsed) return fail(`amount ${parsed.error}`);
    const amount = Number(parsed.text);
    if (def.min !== undefined && amount < def.min) return fail(`amount must be at least ${def.min}`);
    if (def.max !== undefined && amount > def.max) return fail(`amount must be at most ${def.max}`);
    return ok({ [column]: parsed.text, [cur]: currency });
  },
  fromRow(row, _def, column) {
    const amount = row[column];
    if (amount === null || amount === undefined) return null;
    return { amount, currency: row[partColumn(column, 'cur')] };
  },
  jsonSql: (_def, column, base) =>
    sql`case when ${column(base)} is null then null else jsonb_build_object('amount', ${column(base)}::text, 'currency', ${column(partColumn(base, 'cur'))}) end`,
  settings: (def: MoneyDef) => ({ currency: def.currency, currencies: def.currencies, scale: def.scale ?? 2 }),
  toLogic: (value) => (value && typeof value === 'object' ? Number((value as { amount: string }).amount) : (value ?? null)),
};

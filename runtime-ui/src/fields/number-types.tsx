import type { UiField } from '@loom/metadata';
import type { FilterEditor, UiFieldType, ValueContext } from './field-type.ts';
import { moneyParts, numberText } from './value-parts.ts';

const numberRange = (): FilterEditor => ({ kind: 'range', input: 'number', bound: (raw) => Number(raw) });

/** Money reads the same everywhere: in its own currency, else the field's, else a plain amount. */
export function moneyText(field: UiField, value: unknown, ctx: ValueContext): string {
  const { amount, currency } = moneyParts(field, value);
  return ctx.format.money(amount, currency, field.scale);
}

const numeric = (text: UiFieldType['text']): Pick<UiFieldType, 'text' | 'view' | 'numeric' | 'filter'> => ({
  text,
  view: (field, value, ctx) => <span className="lf-num">{text(field, value, ctx)}</span>,
  numeric: true,
  filter: numberRange,
});

const toNumber = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** Money without an amount is empty; the amount goes as a decimal string, so no cent is lost to a float. */
function writeMoney(value: object): unknown {
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  if (amount === undefined || amount === null || amount === '') return null;
  return currency ? { amount: String(amount), currency } : { amount: String(amount) };
}

export const numberTypes: Readonly<Record<string, UiFieldType>> = {
  integer: { ...numeric((_f, value, ctx) => numberText(value, ctx)), widget: 'integer', width: 104, bulk: 'number' },
  number: { ...numeric((_f, value, ctx) => numberText(value, ctx)), widget: 'number', width: 104, bulk: 'number' },
  decimal: {
    ...numeric((field, value, ctx) => numberText(value, ctx, field.scale ?? 2)),
    widget: 'decimal',
    width: 104,
    bulk: 'number',
    logic: (value) => (typeof value === 'string' ? toNumber(value) : value),
  },
  money: {
    ...numeric(moneyText),
    widget: 'money',
    width: 130,
    write: writeMoney,
    logic: (value) => (value && typeof value === 'object' ? toNumber((value as { amount?: unknown }).amount) : value),
  },
  percent: {
    ...numeric((field, value, ctx) => ctx.format.percent(Number(value), field.scale)),
    cell(field, value, ctx) {
      const n = Number(value);
      return (
        <span className="percent">
          <span className="percent-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(100, n))}%` }} />
          </span>
          {ctx.format.percent(n, field.scale)}
        </span>
      );
    },
    widget: 'percent',
    width: 112,
    bulk: 'number',
  },
};

import { useState } from 'react';
import type { Formatters } from '../../fields/formatters.ts';
import type { WidgetProps } from '../form-context.ts';
import { startingCurrency } from './money-currency.ts';

export interface Money {
  readonly amount?: string;
  readonly currency?: string;
}

/** The typed text while editing (or when it is not a number yet), else the formatted amount. */
function shownAmount(amount: string | undefined, currency: string | undefined, editing: boolean, format: Formatters): string {
  if (amount === undefined || amount === '') return '';
  if (editing || !Number.isFinite(Number(amount))) return amount;
  return format.money(amount, currency);
}

const COMMON = ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD'];

/** The currencies a money field offers: its list, else its default plus the common ones. */
export function currencyChoices(currencies: readonly string[] | undefined, fallback: string | undefined, current: string | undefined): string[] {
  const list = currencies?.length ? [...currencies] : [...new Set([fallback, ...COMMON].filter((c): c is string => !!c))];
  if (current && !list.includes(current)) list.push(current);
  return list;
}

/**
 * Amount (kept as typed decimal text) and a currency from the field's allowed list. While
 * the amount is not being edited it reads as money reads everywhere else ("¥104,000.00",
 * through the field registry's formatter); on focus it turns back into the typed text.
 */
export function MoneyInput(props: WidgetProps<Money>) {
  const { id, field, value, onChange, readOnly, ctx, invalid, compact } = props;
  const [editing, setEditing] = useState(false);
  const currency = value?.currency ?? startingCurrency(field, ctx.entity, ctx.data);
  const choices = currencyChoices(field.currencies, currency, value?.currency);
  const set = (next: Money) =>
    onChange(next.amount === undefined || next.amount === '' ? (next.currency !== currency ? { currency: next.currency } : undefined) : next);
  return (
    <div className={`lf-money${invalid ? ' is-invalid' : ''}${compact ? ' is-compact' : ''}`}>
      <input
        id={id}
        className="lf-money-amount"
        type="text"
        inputMode="decimal"
        aria-label={compact ? field.label : ctx.t('amount')}
        readOnly={readOnly}
        value={shownAmount(value?.amount, currency, editing, ctx.format)}
        onFocus={() => setEditing(true)}
        onBlur={() => setEditing(false)}
        onChange={(e) => set({ amount: e.target.value.trim(), currency })}
      />
      {choices.length > 1 && !readOnly ? (
        <select
          className="lf-money-currency"
          aria-label={ctx.t('currency')}
          value={currency ?? ''}
          onChange={(e) => set({ amount: value?.amount, currency: e.target.value || undefined })}
        >
          {!currency && <option value="">—</option>}
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <span className="lf-money-currency is-fixed">{currency ?? '—'}</span>
      )}
    </div>
  );
}

import { describe, expect, it } from 'vitest';
import type { UiBundle, UiField, UiLocale } from '@loom/metadata';
import { bundle, field } from '../__tests__/test-bundle.ts';
import { makeTranslate } from '../i18n/catalog.ts';
import { fieldText } from './field-value.tsx';
import { makeFormatters } from './formatters.ts';

/** A contract-like entity: money in CNY, received money summed from receipts, receivable = amount − received. */
const receipt = {
  ...bundle.entities.customer,
  name: 'receipt',
  fields: { amount: field('amount', 'money', { currency: 'CNY' }), count: field('count', 'integer'), rate: field('rate', 'decimal', { scale: 2 }) },
};
const deal = {
  ...bundle.entities.customer,
  name: 'deal',
  fields: {
    amount: field('amount', 'money', { currency: 'CNY' }),
    bare: field('bare', 'money'),
    paid: { ...field('paid', 'rollup', { readOnly: true, entity: 'receipt', via: 'deal' }), fn: 'sum', field: 'amount' } as UiField,
    receipts: { ...field('receipts', 'rollup', { readOnly: true, entity: 'receipt', via: 'deal' }), fn: 'count' } as UiField,
    receivable: { ...field('receivable', 'formula', { readOnly: true, result: 'number' }), expr: { '-': [{ var: 'amount' }, { var: 'paid' }] } } as UiField,
    share: { ...field('share', 'formula', { readOnly: true, result: 'number' }), expr: { '*': [{ var: 'amount' }, 0.1] } } as UiField,
  },
};
const withDeals: UiBundle = { ...bundle, entities: { ...bundle.entities, receipt, deal } };
const ctxFor = (locale: UiLocale) => ({ bundle: withDeals, format: makeFormatters(locale), t: makeTranslate(locale) });
const en = ctxFor('en');
const zh = ctxFor('zh-CN');
const f = deal.fields;

describe('money', () => {
  it('shows its own currency, the standard symbol of the locale', () => {
    expect(fieldText(f.amount, { amount: '104000.00', currency: 'CNY' }, zh)).toBe('¥104,000.00');
    expect(fieldText(f.amount, { amount: '104000.00', currency: 'CNY' }, en)).toBe('CN¥104,000.00');
    expect(fieldText(f.amount, { amount: '1200.5', currency: 'USD' }, en)).toBe('$1,200.50');
    expect(fieldText(f.amount, { amount: '1200.5', currency: 'USD' }, zh)).toBe('US$1,200.50');
  });

  it("takes the field's currency when the value has none, and is never silently dollars", () => {
    expect(fieldText(f.amount, '52000', zh)).toBe('¥52,000.00');
    expect(fieldText(f.amount, { amount: '52000' }, en)).toBe('CN¥52,000.00');
    expect(fieldText(f.bare, '52000', en)).toBe('52,000.00');
    expect(fieldText(f.bare, { amount: '52000.5' }, zh)).toBe('52,000.50');
  });

  it('reads a roll-up and a formula over money as money in that currency', () => {
    expect(fieldText(f.paid, 52000, zh)).toBe('¥52,000.00');
    expect(fieldText(f.paid, 52000, en)).toBe('CN¥52,000.00');
    expect(fieldText(f.receivable, 52000, zh)).toBe('¥52,000.00');
    // A view column carries a copy of the field: it is still found by name and definition.
    expect(fieldText({ ...f.receivable }, -1.5, en)).toBe('-CN¥1.50');
    expect(fieldText(f.share, 10400, en)).toBe('10,400');
    expect(fieldText(f.receipts, 3, en)).toBe('3');
  });
});

describe('numbers, percentages and dates', () => {
  it('writes numbers in the locale', () => {
    expect(fieldText(field('n', 'integer'), 1234567, zh)).toBe('1,234,567');
    expect(fieldText(field('n', 'number'), 1234.5, en)).toBe('1,234.5');
    expect(fieldText(field('d', 'decimal', { scale: 2 }), '3', en)).toBe('3.00');
    expect(fieldText(field('d', 'decimal'), '3.14159', en)).toBe('3.14');
  });

  it('writes a 0–100 percentage with its sign', () => {
    expect(fieldText(field('p', 'percent'), 12.5, en)).toBe('12.5%');
    expect(fieldText(field('p', 'percent'), 35, zh)).toBe('35%');
  });

  it('writes a date the same day in every time zone, in the locale', () => {
    expect(fieldText(field('d', 'date'), '2026-03-01', en)).toBe('Mar 1, 2026');
    expect(fieldText(field('d', 'date'), '2026-03-01', zh)).toBe('2026年3月1日');
    expect(makeFormatters('en').relative('2026-01-01T00:00:00Z', Date.parse('2026-01-03T00:00:00Z'))).toBe('2 days ago');
    expect(makeFormatters('zh-CN').relative('2026-01-01T00:00:00Z', Date.parse('2026-01-02T00:00:00Z'))).toBe('昨天');
  });

  it('writes yes and no, options and empty values', () => {
    expect(fieldText(field('b', 'boolean'), true, zh)).toBe('是');
    expect(fieldText(field('b', 'boolean'), false, en)).toBe('No');
    expect(fieldText(bundle.entities.quote.fields.status, 'accepted', en)).toBe('Accepted');
    expect(fieldText(field('x', 'text'), '', en)).toBe('');
    expect(fieldText(field('x', 'money'), null, en)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { computeRow, lineColumns, liveRollup, newRow, numeric, sumColumns, totalColumns } from './lines-math.ts';
import { bundle, quote, quoteLine } from '../__tests__/test-bundle.ts';

const ctx = { user: bundle.user };

describe('lines', () => {
  it('shows the child fields except system fields and the lookup back to the parent', () => {
    expect(lineColumns(quoteLine, 'quote').map((c) => c.name)).toEqual(['product', 'description', 'qty', 'price', 'amount', 'lineTotal']);
  });

  it('computes formula columns from the row (quantity × price)', () => {
    expect(computeRow(quoteLine, { qty: '2', price: '3.10' }, ctx).lineTotal).toBeCloseTo(6.2);
    expect(computeRow(quoteLine, { qty: '2' }, ctx).lineTotal).toBeNull();
  });

  it('leaves rows alone when the bundle carries no formula expression', () => {
    const plain = { ...quoteLine, fields: { ...quoteLine.fields, lineTotal: { ...quoteLine.fields.lineTotal, expr: undefined } } };
    const row = { qty: '2', price: '3' };
    expect(computeRow(plain, row, ctx)).toBe(row);
  });

  it('totals computed numbers and the fields the parent sums, not unit prices', () => {
    const columns = lineColumns(quoteLine, 'quote');
    expect(totalColumns(quote, quoteLine, columns)).toEqual(['amount', 'lineTotal']);
    const rows = [
      { qty: '2', price: '3.10', amount: '6.20' },
      { qty: '1', price: '0.10', amount: '0.10' },
    ].map((r) => computeRow(quoteLine, r, ctx));
    const totals = sumColumns(rows, ['amount', 'lineTotal']);
    expect(totals.amount.sum).toBeCloseTo(6.3);
    expect(totals.lineTotal.sum).toBeCloseTo(6.3);
  });

  it('sums money with the first currency and reads numbers from any value', () => {
    expect(sumColumns([{ m: { amount: '1.5', currency: 'USD' } }, { m: { amount: '2', currency: 'USD' } }, {}], ['m'])).toEqual({
      m: { sum: 3.5, currency: 'USD' },
    });
    expect(numeric('')).toBeNull();
    expect(numeric('abc')).toBeNull();
    expect(numeric({ amount: '4' })).toBe(4);
  });

  it('starts a new row with the child defaults', () => {
    expect(newRow(lineColumns(quoteLine, 'quote'))).toEqual({ qty: '1' });
  });

  it('computes a parent rollup from the rows being edited, when the bundle says how', () => {
    const rows = [{ amount: '6.20' }, { amount: '0.10' }, {}];
    expect(liveRollup(quote.fields.total, quoteLine, rows, ctx)).toBeCloseTo(6.3);
    expect(liveRollup({ ...quote.fields.total, fn: 'count' } as never, quoteLine, rows, ctx)).toBe(3);
    expect(liveRollup({ ...quote.fields.total, fn: 'max' } as never, quoteLine, rows, ctx)).toBe(6.2);
    expect(liveRollup({ ...quote.fields.total, fn: undefined } as never, quoteLine, rows, ctx)).toBeUndefined();
    expect(liveRollup({ ...quote.fields.total, filter: { '==': [1, 1] } } as never, quoteLine, rows, ctx)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createBody, isWritable, patchBody, writeLines, writeValue } from './record-payload.ts';
import { bundle, field, quote, quoteLine } from '../__tests__/test-bundle.ts';

const names = ['number', 'title', 'customer', 'status', 'validUntil', 'amount', 'lines', 'total', 'owner'];

describe('record bodies', () => {
  it('never writes computed, system or read-only fields (owner excepted)', () => {
    expect(isWritable(quote.fields.number)).toBe(false);
    expect(isWritable(quote.fields.total)).toBe(false);
    expect(isWritable(quote.fields.id)).toBe(false);
    expect(isWritable(quote.fields.owner)).toBe(true);
    expect(isWritable(field('x', 'text', { readOnly: true }))).toBe(false);
  });

  it('writes values as the API takes them', () => {
    expect(writeValue(quote.fields.customer, { id: 'c1', name: 'Acme' })).toBe('c1');
    expect(writeValue(quote.fields.title, '')).toBeNull();
    expect(writeValue(quote.fields.amount, { amount: 12.5, currency: 'USD' })).toEqual({ amount: '12.5', currency: 'USD' });
    expect(writeValue(quote.fields.amount, { currency: 'USD' })).toBeNull();
    expect(writeValue(field('where', 'geo'), { lat: '34.7', lng: 113.6 })).toEqual({ lat: 34.7, lng: 113.6 });
    expect(writeValue(field('where', 'geo'), { address: 'somewhere' })).toBeNull();
    expect(writeValue(field('tags', 'multiselect'), [])).toBeNull();
  });

  it('creates with the filled writable fields and the lines rows, never the link back', () => {
    const body = createBody(bundle, quote, names, {
      number: 'QT-1',
      title: 'Pumps',
      customer: 'c1',
      validUntil: undefined,
      lines: [{ quote: 'q?', product: { id: 'p1' }, qty: '2', price: '3.10', lineTotal: 6.2, description: '' }],
      total: '6.20',
    });
    expect(body).toEqual({ title: 'Pumps', customer: 'c1', lines: [{ product: 'p1', qty: '2', price: '3.10' }] });
  });

  it('patches only what changed; lines go as the full set with ids', () => {
    const initial = { title: 'Pumps', customer: 'c1', lines: [{ id: 'l1', qty: '1', price: '2.00' }] };
    expect(patchBody(bundle, quote, names, initial, { ...initial })).toEqual({});
    expect(patchBody(bundle, quote, names, initial, { ...initial, title: 'Valves' })).toEqual({ title: 'Valves' });
    const lines = [{ id: 'l1', qty: '3', price: '2.00' }, { qty: '1', price: '5' }];
    expect(patchBody(bundle, quote, names, initial, { ...initial, lines })).toEqual({ lines: [{ id: 'l1', qty: '3', price: '2.00' }, { qty: '1', price: '5' }] });
    expect(patchBody(bundle, quote, names, initial, { ...initial, customer: undefined })).toEqual({ customer: null });
  });

  it('clears a kept row’s emptied field but leaves new rows without empty fields', () => {
    expect(writeLines(quoteLine, 'quote', [{ id: 'l1', description: '' }, { description: '' }])).toEqual([{ id: 'l1', description: null }, {}]);
  });
});

import { describe, expect, it } from 'vitest';
import { createBody, isWritable, linesOnto, patchBody, patchLines, writeLines, writeValue } from './record-payload.ts';
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

  it('patches only what changed; lines only when a row changed', () => {
    const initial = { title: 'Pumps', customer: 'c1', lines: [{ id: 'l1', qty: '1', price: '2.00' }] };
    expect(patchBody(bundle, quote, names, initial, { ...initial })).toEqual({});
    expect(patchBody(bundle, quote, names, initial, { ...initial, lines: [{ id: 'l1', qty: '1', price: '2.00' }] })).toEqual({});
    expect(patchBody(bundle, quote, names, initial, { ...initial, title: 'Valves' })).toEqual({ title: 'Valves' });
    const lines = [
      { id: 'l1', qty: '3', price: '2.00' },
      { qty: '1', price: '5' },
    ];
    expect(patchBody(bundle, quote, names, initial, { ...initial, lines })).toEqual({
      lines: [
        { id: 'l1', qty: '3' },
        { qty: '1', price: '5' },
      ],
    });
    expect(patchBody(bundle, quote, names, initial, { ...initial, customer: undefined })).toEqual({ customer: null });
  });

  it('names every loaded row: unchanged by id alone, edited with its changed fields, removed as $delete', () => {
    const loaded = Array.from({ length: 600 }, (_, i) => ({ id: `l${i}`, quote: 'q1', description: `row ${i}`, qty: '1.00', price: '2.00', lineTotal: 2 }));
    const edited = loaded.filter((r) => r.id !== 'l3').map((r) => (r.id === 'l5' ? { ...r, qty: '4', lineTotal: 8 } : r));
    const body = patchBody(bundle, quote, names, { lines: loaded }, { lines: edited });
    const rows = body.lines as Record<string, unknown>[];
    expect(rows).toHaveLength(600);
    expect(rows[0]).toEqual({ id: 'l0' });
    expect(rows.find((r) => r.id === 'l5')).toEqual({ id: 'l5', qty: '4' });
    expect(rows.filter((r) => r.id === 'l3')).toEqual([{ id: 'l3', $delete: true }]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(600);
  });

  it('removing a row is a change even when nothing else is', () => {
    const loaded = [
      { id: 'l1', qty: '1' },
      { id: 'l2', qty: '2' },
    ];
    expect(patchLines(quoteLine, 'quote', loaded, [loaded[1]])).toEqual([{ id: 'l2' }, { id: 'l1', $delete: true }]);
    expect(patchLines(quoteLine, 'quote', loaded, [...loaded])).toBeUndefined();
  });

  it('clears a kept row’s emptied field but leaves new rows without empty fields', () => {
    expect(patchLines(quoteLine, 'quote', [{ id: 'l1', description: 'x' }], [{ id: 'l1', description: '' }, { description: '' }])).toEqual([
      { id: 'l1', description: null },
      {},
    ]);
    expect(writeLines(quoteLine, 'quote', [{ description: '', qty: '2' }])).toEqual([{ qty: '2' }]);
  });

  it('overwriting keeps rows added by someone else and forgets rows they deleted', () => {
    const rows = [{ id: 'l1' }, { id: 'l2', qty: '3' }, { id: 'l3', $delete: true }, { id: 'gone' }, { id: 'gone2', $delete: true }, { qty: '1' }];
    expect(linesOnto(rows, ['l1', 'l2', 'l3', 'new'])).toEqual([
      { id: 'l1' },
      { id: 'l2', qty: '3' },
      { id: 'l3', $delete: true },
      { qty: '1' },
      { id: 'new' },
    ]);
    // An edited row someone else deleted stays, so the server names it.
    expect(linesOnto([{ id: 'gone', qty: '2' }], [])).toEqual([{ id: 'gone', qty: '2' }]);
  });
});

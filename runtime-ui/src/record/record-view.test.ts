import { describe, expect, it } from 'vitest';
import type { UiView } from '@loom/metadata';
import { makeFormatters } from '../i18n/i18n.tsx';
import { bundle, customer, field, quote, quoteForm } from '../__tests__/test-bundle.ts';
import { formatValue, recordTitle, refId } from './format-value.ts';
import { keyFields, statusField } from './key-fields.ts';
import { absorbRefs } from './record-load.ts';
import { unknownRefs } from './history-titles.ts';
import { relatedColumns, relatedQuery, valueAt } from './related-query.ts';

const ctx = { format: makeFormatters('en'), bundle, titles: new Map([['c1', 'Acme Ltd']]), yes: 'Yes', no: 'No' };

describe('values on the record page', () => {
  it('formats each type for people', () => {
    expect(formatValue(quote.fields.amount, { amount: '1200.5', currency: 'CNY' }, ctx)).toBe('CN¥1,200.50');
    expect(formatValue(quote.fields.status, 'accepted', ctx)).toBe('Accepted');
    expect(formatValue(field('d', 'decimal', { scale: 2 }), '3', ctx)).toBe('3.00');
    expect(formatValue(field('p', 'percent'), 12.5, ctx)).toBe('12.5%');
    expect(formatValue(field('b', 'boolean'), false, ctx)).toBe('No');
    expect(formatValue(quote.fields.validUntil, '2026-03-01', ctx)).toBe('Mar 1, 2026');
    expect(formatValue(quote.fields.customer, 'c1', ctx)).toBe('Acme Ltd');
    expect(formatValue(quote.fields.customer, { id: 'c2', name: 'Beta' }, ctx)).toBe('Beta');
    expect(formatValue(quote.fields.owner, 'u1', ctx)).toBe('Ann Lee');
    expect(formatValue(field('r', 'rollup'), '2700.00', ctx)).toBe('2,700.00');
    expect(formatValue(field('g', 'geo'), { lat: 1, lng: 2 }, ctx)).toBe('1, 2');
    expect(formatValue(field('h', 'richtext'), '<p>Hello <b>there</b></p>', ctx)).toBe('Hello there');
    expect(formatValue(field('x', 'text'), '', ctx)).toBe('');
  });

  it('names a record by its title field', () => {
    expect(recordTitle(bundle, 'quote', { number: 'QT-2026-0001' })).toBe('QT-2026-0001');
    expect(refId({ id: 'a' })).toBe('a');
    expect(refId(3)).toBeUndefined();
  });

  it('turns expanded lookups back into ids and remembers their titles', () => {
    const titles = new Map<string, string>();
    const data = absorbRefs(bundle, quote, { customer: { id: 'c9', name: 'Gamma' }, owner: { id: 'u2', name: 'Bo', email: 'bo@x' }, title: 'T' }, titles);
    expect(data).toEqual({ customer: 'c9', owner: 'u2', title: 'T' });
    expect(titles).toEqual(
      new Map([
        ['c9', 'Gamma'],
        ['u2', 'Bo'],
      ]),
    );
  });

  it('puts the status chip beside the title and picks a lookup, an amount and a date as key facts', () => {
    expect(statusField(quote, quoteForm)?.name).toBe('status');
    expect(keyFields(quote, quoteForm).map((f) => f.name)).toEqual(['customer', 'amount', 'validUntil', 'title']);
  });
});

describe('related lists', () => {
  const view: UiView = {
    name: 'quote.all',
    entity: 'quote',
    label: 'Quotes',
    sort: [],
    pageSize: 50,
    default: true,
    columns: [
      { path: 'title', label: 'Subject', field: quote.fields.title },
      { path: 'customer', label: 'Customer', field: quote.fields.customer, expand: 'customer' },
      { path: 'customer.grade', label: 'Customer › Grade', field: customer.fields.grade, expand: 'customer' },
      { path: 'status', label: 'Status', field: quote.fields.status },
      { path: 'owner', label: 'Owner', field: quote.fields.owner, expand: 'owner' },
    ],
  };
  const withView = { ...bundle, views: { 'quote.all': view }, entities: { ...bundle.entities, quote: { ...quote, defaultView: 'quote.all' } } };

  it('shows the default view without the lookup back to this record, title first', () => {
    const columns = relatedColumns(withView, { entity: 'quote', field: 'customer', label: 'Quotes' });
    expect(columns.map((c) => c.path)).toEqual(['number', 'title', 'status', 'owner']);
    expect(relatedQuery(columns, 5)).toEqual({ limit: 5, count: true, expand: 'owner' });
  });

  it('reads values along lookup paths', () => {
    expect(valueAt({ customer: { grade: 'A' } }, 'customer.grade')).toBe('A');
    expect(valueAt({ customer: 'c1' }, 'customer.grade')).toBeUndefined();
  });
});

describe('history', () => {
  it('finds lookup ids in changes whose names are not known yet', () => {
    const entries: { changes: Record<string, [unknown, unknown]> }[] = [
      { changes: { customer: ['c1', 'c2'], title: ['a', 'b'] } },
      { changes: { customer: [null, 'c3'], owner: ['u1', 'u9'] } },
    ];
    expect(unknownRefs(bundle, quote, entries, new Map([['c1', 'Acme']]))).toEqual(new Map([['customer', new Set(['c2', 'c3'])]]));
  });
});

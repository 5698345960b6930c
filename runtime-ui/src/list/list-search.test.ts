import { describe, expect, it } from 'vitest';
import { listSearchParams, parseListSearch, validateListSearch } from './list-search.ts';

describe('parseListSearch', () => {
  it('reads what the list writes: search, sort, columns, filter chips and the saved view', () => {
    const search = {
      q: 'acme',
      sort: ['-amount', 'name'],
      cols: ['name', 'account.tier'],
      filter: [
        { kind: 'oneOf', path: 'grade', values: ['A'] },
        { kind: 'range', path: 'amount', min: '100' },
        { kind: 'ref', path: 'customer', id: 'c1', title: 'Acme' },
        { kind: 'flag', path: 'active', value: false },
        { kind: 'contains', path: 'name', text: 'x' },
      ],
      saved: 'a1b2-c3',
    } as const;
    expect(parseListSearch(listSearchParams(search) as Record<string, unknown>)).toEqual(search);
  });

  it('takes the address as URLSearchParams gives it: text, with the filter as JSON', () => {
    const raw = Object.fromEntries(new URLSearchParams('q=x&sort=-amount,name&cols=name&filter=[{"kind":"oneOf","path":"grade","values":["A"]}]'));
    expect(parseListSearch(raw)).toEqual({ q: 'x', sort: ['-amount', 'name'], cols: ['name'], filter: [{ kind: 'oneOf', path: 'grade', values: ['A'] }] });
  });

  it('drops what a hand-edited address gets wrong, keeping the rest, and never throws', () => {
    const raw = {
      q: 'x'.repeat(500),
      sort: 'name,-,drop table;,-amount',
      cols: 42,
      filter: '[{"kind":"oneOf","path":"grade","values":[1]},{"kind":"nope","path":"a"},{"kind":"range","path":"amount","max":"9"},null,"x"]',
      saved: '../etc',
      extra: 'ignored',
    };
    expect(parseListSearch(raw)).toEqual({ sort: ['name', '-amount'], filter: [{ kind: 'range', path: 'amount', max: '9' }] });
    for (const filter of ['{', '"text"', '{"kind":"raw"}', '[{"kind":"contains","path":"a b","text":"x"}]']) expect(parseListSearch({ filter })).toEqual({});
    expect(parseListSearch({ q: 123 })).toEqual({ q: '123' });
  });

  it('writes lists as comma-separated text and leaves empty values out', () => {
    expect(validateListSearch({ q: '', sort: ['a', 'b'], cols: [], filter: [] })).toEqual({ sort: 'a,b' });
  });
});

import { describe, expect, it } from 'vitest';
import type { UiView } from '@loom/metadata';
import { customer } from '../__tests__/test-bundle.ts';
import { listQueryOf, resolveListSetup } from './list-setup.ts';

const view: UiView = {
  name: 'customer.all',
  entity: 'customer',
  label: 'All customers',
  columns: [{ path: 'name', label: 'Name', field: customer.fields.name }],
  sort: ['-createdAt'],
  filter: { '!=': [{ var: 'grade' }, 'Z'] },
} as unknown as UiView;

describe('resolveListSetup', () => {
  it('is the view as defined when the address says nothing', () => {
    expect(resolveListSetup(view, customer, {})).toEqual({ shown: ['name'], sort: ['-createdAt'], clauses: [], q: '', saved: undefined });
  });

  it('keeps the address choices that fit the view and drops the others', () => {
    const setup = resolveListSetup(view, customer, {
      q: ' acme ',
      cols: ['grade', 'nope'],
      sort: ['-grade', 'nope'],
      filter: [
        { kind: 'oneOf', path: 'grade', values: ['A'] },
        { kind: 'range', path: 'name', min: '1' },
        { kind: 'contains', path: 'missing', text: 'x' },
      ],
    });
    expect(setup).toMatchObject({ shown: ['grade'], sort: ['-grade'], clauses: [{ kind: 'oneOf', path: 'grade', values: ['A'] }], q: 'acme' });
  });

  it('asks the server for the view filter ANDed with the chips, and the search only where the entity is searchable', () => {
    const setup = resolveListSetup(view, customer, { q: 'acme', filter: [{ kind: 'oneOf', path: 'grade', values: ['A'] }] });
    const query = listQueryOf(view, customer, setup);
    expect(query).toMatchObject({ entity: 'customer', q: 'acme', sort: ['-createdAt'], expand: [] });
    expect(JSON.stringify(query.filter)).toContain('"grade"');
    expect(JSON.stringify(query.filter)).toContain('"Z"');
    expect(resolveListSetup(view, { ...customer, searchable: false }, { q: 'acme' }).q).toBe('');
  });
});

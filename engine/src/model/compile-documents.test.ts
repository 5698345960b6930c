import { describe, expect, it } from 'vitest';
import { compileModel, compileModelOrThrow } from './compile-model.ts';
import { isAutonumberField, isLinesField, isLookupField } from './field-types/field-predicates.ts';

const entity = (name: string, fields: Record<string, unknown>) => ({
  kind: 'entity',
  name,
  label: name,
  titleField: 'title',
  fields: { title: { type: 'text' }, ...fields },
});
const sources = (docs: unknown[]) => docs.map((document, i) => ({ document, pointer: `/documents/${i}` }));

const documents = [
  entity('order', {
    number: { type: 'autonumber', pattern: 'O-{0000}' },
    items: { type: 'lines', entity: 'orderItem', via: 'order' },
    stage: { type: 'select', options: [{ value: 'new' }] },
  }),
  entity('orderItem', { order: { type: 'lookup', entity: 'order', required: true, onDelete: 'cascade' } }),
  { kind: 'view', name: 'orders', entity: 'order', columns: ['title', 'number'] },
  {
    kind: 'form',
    name: 'orderForm',
    entity: 'order',
    sections: [{ fields: ['title'] }, { related: 'orderItem.order', columns: 2 }],
    fieldRules: { title: { readOnlyWhen: { '==': [{ var: 'stage' }, 'new'] } } },
  },
  { kind: 'role', name: 'clerk', entities: { order: { read: 'own', fields: { title: 'read' } } } },
  { kind: 'report', name: 'byStage', entity: 'order', groupBy: ['stage'], measures: [{ fn: 'count' }] },
  { kind: 'dashboard', name: 'home', widgets: [{ report: 'byStage' }] },
  { kind: 'menu', name: 'main', items: [{ view: 'orders' }, { group: 'More', items: [{ report: 'byStage' }, { dashboard: 'home', label: 'Home' }] }] },
];

describe('compiled views, forms, roles and menus', () => {
  const model = compileModelOrThrow(sources(documents));

  it('fill in what the documents leave out', () => {
    expect(model.views.get('orders')).toEqual({
      kind: 'view',
      name: 'orders',
      entity: 'order',
      columns: ['title', 'number'],
      sort: ['-updatedAt'],
      pageSize: 50,
      default: false,
    });
    const grant = model.roles.get('clerk')!.grants.get('order')!;
    expect(grant).toMatchObject({ read: 'own', create: false, update: 'none', delete: 'none' });
    expect(grant.fields.get('title')).toBe('read');
    expect(grant.fields.get('constructor')).toBeUndefined();
  });

  it('resolve what they name: a related list in two parts, a report and a dashboard to the entities they aggregate', () => {
    const form = model.forms.get('orderForm')!;
    expect(form.sections).toEqual([
      { columns: 1, collapsed: false, fields: ['title'] },
      { columns: 2, collapsed: false, related: { entity: 'orderItem', field: 'order' } },
    ]);
    expect([...form.fieldRules.keys()]).toEqual(['title']);
    expect(model.menus.get('main')!.items).toEqual([
      { kind: 'view', view: 'orders' },
      {
        kind: 'group',
        label: 'More',
        items: [
          { kind: 'report', report: 'byStage', entity: 'order' },
          { kind: 'dashboard', dashboard: 'home', entities: ['order'], label: 'Home' },
        ],
      },
    ]);
  });

  it('are frozen, like the entities and their fields', () => {
    expect(Object.isFrozen(model.views.get('orders'))).toBe(true);
    expect(Object.isFrozen(model.forms.get('orderForm')!.sections[1].related)).toBe(true);
    expect(Object.isFrozen(model.entities.get('order')!.fields.title)).toBe(true);
  });

  it('give each field its type settings, narrowed by the predicates', () => {
    const order = model.entities.get('order')!;
    const items = order.fields.items;
    expect(isLinesField(items) && [items.target, items.via]).toEqual(['orderItem', 'order']);
    const number = order.fields.number;
    expect(isAutonumberField(number) && [number.pattern, number.unique]).toEqual(['O-{0000}', true]);
    const link = model.entities.get('orderItem')!.fields.order;
    expect(isLookupField(link) && [link.target, link.onDelete]).toEqual(['order', 'cascade']);
  });

  it('refuse a menu naming a report that does not exist', () => {
    const result = compileModel(sources([...documents.slice(0, 2), { kind: 'menu', name: 'main', items: [{ report: 'nothing' }] }]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ path: '/documents/2/items/0/report', message: 'no report named "nothing"' }]);
  });
});

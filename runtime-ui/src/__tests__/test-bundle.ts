import type { UiBundle, UiEntity, UiField, UiForm } from '@loom/metadata';

/** A tiny UI bundle for unit tests: a quote with lines, a customer, and their forms. */
export function field(name: string, type: UiField['type'], extra: Partial<UiField> = {}): UiField {
  return { name, type, label: name[0].toUpperCase() + name.slice(1), required: false, readOnly: false, system: false, sortable: true, ...extra };
}

function entity(name: string, titleField: string, fields: UiField[], extra: Partial<UiEntity> = {}): UiEntity {
  const system = [
    field('id', 'text', { system: true, readOnly: true }),
    field('version', 'integer', { system: true, readOnly: true }),
    field('createdAt', 'datetime', { system: true, readOnly: true }),
  ];
  const all = [...fields, ...system];
  return {
    name,
    label: name,
    pluralLabel: `${name}s`,
    titleField,
    owned: false,
    searchable: true,
    permissions: { create: true, update: true, delete: true, share: false },
    fields: Object.fromEntries(all.map((f) => [f.name, f])),
    fieldOrder: all.map((f) => f.name),
    referencedBy: [],
    ...extra,
  };
}

export const quoteLine = entity('quoteLine', 'description', [
  field('quote', 'lookup', { entity: 'quote', required: true }),
  field('product', 'lookup', { entity: 'product' }),
  field('description', 'text'),
  field('qty', 'decimal', { required: true, default: '1', scale: 2 }),
  field('price', 'decimal', { required: true, scale: 2 }),
  field('amount', 'decimal', { scale: 2 }),
  { ...field('lineTotal', 'formula', { readOnly: true, result: 'number' }), expr: { '*': [{ var: 'qty' }, { var: 'price' }] } } as UiField,
]);

export const quote = entity('quote', 'number', [
  field('number', 'autonumber', { readOnly: true }),
  field('title', 'text', { required: true }),
  field('customer', 'lookup', { entity: 'customer', required: true }),
  field('status', 'select', {
    options: [
      { value: 'draft', label: 'Draft', color: 'gray' },
      { value: 'accepted', label: 'Accepted', color: 'green' },
    ],
  }),
  field('validUntil', 'date'),
  field('amount', 'money', { currency: 'CNY' }),
  field('lines', 'lines', { entity: 'quoteLine', via: 'quote' }),
  { ...field('total', 'rollup', { readOnly: true, entity: 'quoteLine', via: 'quote' }), fn: 'sum', field: 'amount' } as UiField,
  field('owner', 'user', { system: true }),
]);

export const customer = entity('customer', 'name', [field('name', 'text', { required: true }), field('grade', 'select')]);

export const quoteForm: UiForm = {
  name: 'quote.default',
  entity: 'quote',
  label: 'Quote',
  sections: [
    { title: 'Quote', columns: 2, fields: ['number', 'title', 'customer', 'status', 'validUntil', 'amount'], collapsed: false },
    { title: 'Lines', columns: 1, fields: ['lines', 'total'], collapsed: false },
    { title: 'Secret', columns: 1, fields: ['amount'], visibleWhen: { in: ['finance', { var: '$user.roles' }] }, collapsed: false },
  ],
  schema: { type: 'object', properties: {}, required: ['title', 'customer'] },
  uiSchema: {},
  fieldRules: {
    lines: { readOnlyWhen: { in: [{ var: 'status' }, ['accepted']] } },
    validUntil: { requiredWhen: { '==': [{ var: 'status' }, 'accepted'] }, visibleWhen: { '!=': [{ var: 'status' }, 'draft'] } },
  },
};

export const bundle: UiBundle = {
  revision: 1,
  locale: 'en',
  user: { id: 'u1', email: 'ann@example.com', name: 'Ann Lee', admin: false, roles: ['sales'] },
  menus: [],
  entities: { quote, quoteLine, customer },
  views: {},
  forms: { 'quote.default': quoteForm },
};

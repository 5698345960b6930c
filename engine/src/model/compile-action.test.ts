import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../pack/load-pack.ts';
import { compileModel, compileModelOrThrow } from './compile-model.ts';

const entity = (name: string, fields: Record<string, unknown>) => ({
  kind: 'entity',
  name,
  label: name,
  titleField: 'title',
  fields: { title: { type: 'text' }, ...fields },
});
const sources = (docs: unknown[]) => docs.map((document, i) => ({ document, pointer: `/documents/${i}` }));

const base = [
  entity('order', {
    amount: { type: 'money' },
    total: { type: 'rollup', entity: 'orderItem', via: 'order', fn: 'sum', field: 'qty' },
    items: { type: 'lines', entity: 'orderItem', via: 'order' },
    status: { type: 'select', options: [{ value: 'new' }, { value: 'done' }] },
    invoice: { type: 'lookup', entity: 'invoice' },
  }),
  entity('orderItem', { order: { type: 'lookup', entity: 'order', required: true, onDelete: 'cascade' }, qty: { type: 'decimal' } }),
  entity('invoice', {
    order: { type: 'lookup', entity: 'order' },
    sum: { type: 'money' },
    count: { type: 'integer' },
    rows: { type: 'lines', entity: 'invoiceRow', via: 'invoice' },
  }),
  entity('invoiceRow', { invoice: { type: 'lookup', entity: 'invoice', required: true, onDelete: 'cascade' }, qty: { type: 'decimal' } }),
];
const errorsOf = (docs: unknown[]) => {
  const result = compileModel(sources([...base, ...docs]));
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('compiled record actions', () => {
  it('the CRM pack compiles: several targets, lines, maps back and limits', () => {
    const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
    const model = compileModelOrThrow(pack.changes.map((c) => ({ document: (c as { put: unknown }).put, pointer: c.pointer })));
    const lead = model.actions.get('lead_to_customer')!;
    expect(lead.type).toBe('convert');
    if (lead.type !== 'convert') return;
    expect(lead.targets.map((t) => [t.name, t.entity])).toEqual([
      ['customer', 'customer'],
      ['contact', 'contact'],
      ['opportunity', 'opportunity'],
    ]);
    expect(lead.targets[2].map).toContainEqual({ field: 'contact', from: { kind: 'created', name: 'contact' } });
    const quote = model.actions.get('quote_to_contract')!;
    expect(quote.type === 'convert' && quote.targets[0].lines[0]).toMatchObject({ source: 'lines', target: 'lines' });
    expect(quote.type === 'convert' && quote.targets[0].map).toContainEqual({ field: 'quote', from: { kind: 'id' } });
    expect(model.actions.get('claim_from_pool')!.limits[0].max).toBeGreaterThan(0);
    expect([...model.roles.get('sales')!.actions]).toContain('claim_from_pool');
  });

  it('single-target form stays valid and resolves its map', () => {
    const model = compileModelOrThrow(
      sources([
        ...base,
        {
          kind: 'action',
          name: 'invoice',
          entity: 'order',
          label: 'Invoice',
          type: 'convert',
          target: 'invoice',
          map: { order: 'id', sum: 'amount', count: 'total' },
          lines: { items: { target: 'rows', map: { qty: 'qty' } } },
          set: { invoice: { var: '$created.invoice' }, status: 'done' },
        },
      ]),
    );
    const action = model.actions.get('invoice')!;
    expect(action.type === 'convert' && action.targets).toEqual([
      {
        name: 'invoice',
        entity: 'invoice',
        map: [
          { field: 'order', from: { kind: 'id' } },
          { field: 'sum', from: { kind: 'path', path: 'amount' } },
          { field: 'count', from: { kind: 'path', path: 'total' } },
        ],
        lines: [{ source: 'items', target: 'rows', map: [{ field: 'qty', from: { kind: 'path', path: 'qty' } }] }],
      },
    ]);
  });

  it('refuses fields that do not exist, wrong types, lines that are not lines, unknown created records, with pointers', () => {
    const errors = errorsOf([
      {
        kind: 'action',
        name: 'bad',
        entity: 'order',
        label: 'Bad',
        type: 'convert',
        targets: [
          {
            target: 'invoice',
            map: { order: 'status', sum: 'title', nope: 'title', count: 'missing' },
            lines: { title: { target: 'rows', map: {} }, items: { target: 'sum', map: {} } },
          },
          { target: 'invoice', map: { order: '$created.other' } },
        ],
        set: { invoice: { var: '$created.ghost' }, total: 1 },
      },
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/documents/4/targets/0/map/order: order.status cannot fill invoice.order: one is a lookup and the other is not',
        '/documents/4/targets/0/map/sum: order.title cannot fill invoice.sum: a text value does not fit a money field',
        '/documents/4/targets/0/map/nope: "nope" is not a field of invoice',
        '/documents/4/targets/0/map/count: "missing" is not a field of order',
        '/documents/4/targets/0/lines/title: "title" is not a lines field of order',
        '/documents/4/targets/0/lines/items/target: "sum" is not a lines field of invoice',
        '/documents/4/targets/1/name: another target of this action is also named "invoice"; give each a distinct "name"',
        '/documents/4/targets/1/map/order: "$created.other": no earlier target of this action is named "other"',
        '/documents/4/set/invoice: "$created.ghost": this action creates no record named "ghost"',
        '/documents/4/set/total: "total" of order is computed or kept by the system; an action cannot write it',
      ]),
    );
  });

  it('checks update sets, inputs and limits', () => {
    const errors = errorsOf([
      {
        kind: 'action',
        name: 'close',
        entity: 'order',
        label: 'Close',
        type: 'update',
        set: { status: 'done', ghost: 1 },
        input: ['status', 'phantom'],
        limits: [
          { count: { where: { '==': [{ var: 'nowhere' }, 1] } }, max: 1, message: 'too many' },
          { count: { where: { frobnicate: [{ var: 'status' }] } }, max: 1, message: 'too many' },
        ],
      },
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/documents/4/set/ghost: "ghost" is not a field of order',
        '/documents/4/input/0: "status" is already given its value by the action; it cannot also come from the input',
        '/documents/4/input/1: "phantom" is not a field of order',
        '/documents/4/limits/0/count/where/==/0: "nowhere" is not a field of order',
        expect.stringMatching(/^\/documents\/4\/limits\/1\/count\/where: operator "frobnicate" is not supported/),
      ]),
    );
  });

  it('a role granting an action that does not exist is an error', () => {
    expect(errorsOf([{ kind: 'role', name: 'clerk', entities: { order: { read: 'all' } }, actions: ['nothing_here'] }])).toEqual([
      '/documents/4/actions/0: no action named "nothing_here"',
    ]);
  });
});

import { Ajv2020, type SchemaObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fieldTypes, getCommonSchema, getKindSchema, metadataKinds } from './schemas.ts';
import type { MetadataKind } from './types.ts';
import { compileAllSchemas, validateDocument } from './validate-document.ts';

/** The examples of /work/shared/spec/METADATA.md, one per kind. */
const examples: Record<MetadataKind, Record<string, unknown>> = {
  entity: {
    kind: 'entity',
    name: 'customer',
    label: { en: 'Customer', 'zh-CN': '客户' },
    titleField: 'name',
    owned: true,
    fields: {
      name: { type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true, maxLength: 200, search: true },
      grade: { type: 'select', options: [{ value: 'A' }, { value: 'B' }, { value: 'C' }], default: 'C' },
      phone: { type: 'phone' },
      tags: { type: 'multiselect', options: [], allowNew: true },
      parent: { type: 'lookup', entity: 'customer', onDelete: 'setNull' },
      revenue: { type: 'money', currency: 'CNY' },
      margin: { type: 'formula', result: 'number', expr: { '-': [{ var: 'revenue' }, { var: 'cost' }] } },
      paid: { type: 'rollup', entity: 'receipt', via: 'customer', fn: 'sum', field: 'amount' },
    },
    indexes: [['grade', 'updatedAt']],
    unique: [['name']],
    duplicates: [{ fields: ['phone'], mode: 'warn' }],
    rules: [{ name: 'positive_revenue', assert: { '>=': [{ var: 'revenue' }, 0] }, message: { en: 'Revenue cannot be negative', 'zh-CN': '收入不能为负' } }],
  },
  form: {
    kind: 'form',
    name: 'customer.default',
    entity: 'customer',
    sections: [
      { title: { en: 'Basics', 'zh-CN': '基本信息' }, columns: 2, fields: ['name', 'grade', 'phone', 'tags'] },
      { title: 'Money', fields: ['revenue', 'margin'], visibleWhen: { in: ['$role:finance', { var: '$user.roles' }] } },
      { related: 'contact.customer' },
    ],
    fieldRules: { lostReason: { visibleWhen: { '==': [{ var: 'stage' }, 'lost'] }, requiredWhen: { '==': [{ var: 'stage' }, 'lost'] } } },
  },
  view: {
    kind: 'view',
    name: 'customer.mine',
    entity: 'customer',
    columns: ['name', 'grade', 'owner', 'updatedAt'],
    filter: { '==': [{ var: 'owner' }, { var: '$user.id' }] },
    sort: ['-updatedAt'],
  },
  approval: {
    kind: 'approval',
    name: 'contract_approval',
    entity: 'contract',
    entry: { '>': [{ var: 'amount' }, 100000] },
    lock: true,
    steps: [
      { name: 'manager', approvers: { managerOf: 'owner' } },
      { name: 'finance', approvers: { role: 'finance' }, mode: 'any', when: { '>': [{ var: 'amount' }, 500000] } },
    ],
    onApproved: [{ set: { status: 'approved' } }],
    onRejected: [{ set: { status: 'rejected' } }],
  },
  reminder: {
    kind: 'reminder',
    name: 'service_contract_expiry',
    entity: 'serviceContract',
    at: { field: 'endDate', offset: '-30d', time: '09:00' },
    when: { '==': [{ var: 'status' }, 'active'] },
    to: [{ field: 'owner' }, { role: 'service_manager' }],
    message: { 'zh-CN': '服务合同 {{name}} 将于 {{endDate}} 到期', en: 'Service contract {{name}} ends on {{endDate}}' },
    channels: ['inbox', 'email'],
  },
  automation: {
    kind: 'automation',
    name: 'pool_reclaim',
    entity: 'customer',
    on: { schedule: '0 2 * * *' },
    where: { '<': [{ var: 'lastFollowUpAt' }, { var: '$now-30d' }] },
    actions: [{ set: { owner: null, inPool: true } }, { notify: { to: [{ var: '$old.owner' }], message: '…' } }],
  },
  action: {
    kind: 'action',
    name: 'quote_to_contract',
    entity: 'quote',
    label: { en: 'Create contract', 'zh-CN': '下推合同' },
    type: 'convert',
    target: 'contract',
    map: { customer: 'customer', amount: 'total', quote: 'id' },
    lines: { lines: { target: 'lines', map: { product: 'product', qty: 'qty', price: 'price' } } },
    visibleWhen: { '==': [{ var: 'status' }, 'accepted'] },
  },
  report: {
    kind: 'report',
    name: 'funnel',
    entity: 'opportunity',
    filter: { '!=': [{ var: 'stage' }, 'lost'] },
    groupBy: ['stage'],
    measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }],
    params: { from: { type: 'date' } },
    chart: { type: 'funnel' },
  },
  dashboard: {
    kind: 'dashboard',
    name: 'sales_home',
    widgets: [
      { report: 'funnel', w: 6 },
      { report: 'collections_by_month', w: 6 },
    ],
  },
  menu: {
    kind: 'menu',
    name: 'crm',
    label: { en: 'CRM', 'zh-CN': '客户管理' },
    items: [
      { dashboard: 'sales_home' },
      { group: { en: 'Sales', 'zh-CN': '销售' }, items: [{ view: 'customer.mine' }, { view: 'customer.pool' }, { view: 'opportunity.open' }] },
      { approvals: true },
      { report: 'funnel' },
    ],
    roles: ['sales', 'sales_manager'],
  },
  role: {
    kind: 'role',
    name: 'sales',
    entities: {
      customer: { read: 'team', create: true, update: 'own', delete: 'none', fields: { revenue: 'read' } },
      contract: { read: 'own', create: true, update: 'own', delete: 'none' },
    },
  },
  pack: {
    kind: 'pack',
    name: 'crm',
    version: '1.2.0',
    label: { en: 'Standard CRM', 'zh-CN': '标准CRM' },
    requires: { loom: '^1.0.0', packs: {} },
    contents: [
      'entities/*.json',
      'forms/*.json',
      'views/*.json',
      'approvals/*.json',
      'reminders/*.json',
      'automations/*.json',
      'actions/*.json',
      'reports/*.json',
      'dashboards/*.json',
      'roles/*.json',
    ],
    data: ['data/*.json'],
  },
};

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The customer entity with `fields` replaced or extended. */
function entityWith(fields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { ...clone(examples.entity), fields: { name: { type: 'text' }, ...fields }, ...extra };
}

function errorsOf(doc: unknown) {
  const result = validateDocument(doc);
  if (result.ok) throw new Error('expected the document to be invalid');
  return result.errors;
}

describe('schemas', () => {
  it('compile in ajv strict mode without warnings', () => {
    const warnings: unknown[] = [];
    const logger = { log: () => {}, warn: (...args: unknown[]) => warnings.push(args), error: (...args: unknown[]) => warnings.push(args) };
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, logger });
    addFormats.default(ajv);
    ajv.addVocabulary(['errorMessage', 'patternErrorMessage']);
    ajv.addSchema(getCommonSchema() as SchemaObject);
    for (const kind of metadataKinds) ajv.compile(getKindSchema(kind) as SchemaObject);
    for (const name of Object.keys(getCommonSchema().$defs as object)) {
      ajv.compile({ $ref: `https://loom.dev/schemas/common.schema.json#/$defs/${name}` });
    }
    expect(warnings).toEqual([]);
    expect(() => compileAllSchemas()).not.toThrow();
  });

  it('carry an $id per kind and list every field type', () => {
    for (const kind of metadataKinds) {
      const schema = getKindSchema(kind);
      expect(schema.$id).toBe(`https://loom.dev/schemas/${kind}.schema.json`);
      expect((schema.properties as Record<string, { const?: string }>).kind.const).toBe(kind);
    }
    const defs = getKindSchema('entity').$defs as Record<string, { properties?: { type?: { enum?: string[] } } }>;
    expect(defs.fieldDefinition.properties?.type?.enum).toEqual([...fieldTypes]);
    for (const type of fieldTypes) expect(defs[`${type}Field`]).toBeDefined();
  });

  it('are frozen, and getKindSchema rejects unknown kinds', () => {
    expect(Object.isFrozen(getKindSchema('view'))).toBe(true);
    expect(() => getKindSchema('widget' as MetadataKind)).toThrow(/unknown metadata kind "widget"/i);
  });
});

describe('validateDocument: valid documents', () => {
  it.each(metadataKinds)('accepts the METADATA.md example of %s', (kind) => {
    const result = validateDocument(clone(examples[kind]));
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.document.kind).toBe(kind);
  });

  it('accepts every field type with its options', () => {
    const doc = entityWith({
      a: { type: 'text', minLength: 2, maxLength: 20, pattern: '^[A-Z]+$' },
      b: { type: 'longtext', maxLength: 5000 },
      c: { type: 'richtext' },
      d: { type: 'integer', min: 0, max: 10 },
      e: { type: 'number' },
      f: { type: 'percent', max: 100 },
      g: { type: 'decimal', precision: 20, scale: 4 },
      h: { type: 'money', currency: 'EUR', currencies: ['EUR', 'USD'], scale: 2, min: 0 },
      i: { type: 'boolean', default: false },
      j: { type: 'date', min: '2020-01-01' },
      k: { type: 'datetime', max: '2030-01-01T00:00:00Z' },
      l: { type: 'multiselect', options: [{ value: 'x', label: 'X', color: '#ff0000' }], maxItems: 3 },
      m: { type: 'email' },
      n: { type: 'url', maxLength: 2000 },
      o: { type: 'lines', entity: 'quoteLine', via: 'quote' },
      p: { type: 'user', onDelete: 'restrict' },
      q: { type: 'file', accept: ['application/pdf', 'image/*'], maxSize: 1048576 },
      r: { type: 'image' },
      s: { type: 'geo' },
      t: { type: 'autonumber', pattern: 'QT-{YYYY}-{0000}' },
      u: { type: 'rollup', entity: 'receipt', via: 'customer', fn: 'count', filter: { '==': [1, 1] } },
      v: { type: 'json', default: { any: ['thing'] } },
      w: { type: 'formula', expr: { var: 'name' }, result: 'text', stored: true },
    });
    const result = validateDocument(doc);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('accepts an entity extension without label, titleField or fields', () => {
    const result = validateDocument({ kind: 'entity', name: 'customerExtra', extends: 'customer', rules: [] });
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

describe('validateDocument: errors', () => {
  it('rejects a non-object and an unknown kind with one error at /kind', () => {
    expect(errorsOf([])).toEqual([{ path: '', message: 'a metadata document must be a JSON object' }]);
    expect(errorsOf({ kind: 'widget', name: 'x' })).toEqual([{ path: '/kind', message: `unknown kind "widget"; expected one of ${metadataKinds.join(', ')}` }]);
    expect(errorsOf({ name: 'x' })).toEqual([{ path: '/kind', message: `missing required property "kind"; expected one of ${metadataKinds.join(', ')}` }]);
  });

  it('reports an unknown field type once, listing the types', () => {
    expect(errorsOf(entityWith({ shade: { type: 'colour', maxLength: 5 } }))).toEqual([
      { path: '/fields/shade/type', message: `unknown field type "colour"; expected one of ${fieldTypes.join(', ')}` },
    ]);
  });

  it('reports a lookup without entity at the missing property', () => {
    expect(errorsOf(entityWith({ parent: { type: 'lookup' } }))).toEqual([{ path: '/fields/parent/entity', message: 'missing required property "entity"' }]);
  });

  it('reports field names with invalid characters or too long', () => {
    const long = `a${'b'.repeat(50)}`;
    expect(errorsOf(entityWith({ 'Bad Name': { type: 'text' }, [long]: { type: 'text' } }))).toEqual([
      {
        path: '/fields/Bad Name',
        message: 'invalid name "Bad Name": must be camelCase: start with a lowercase letter, then only letters and digits (no spaces, underscores or dashes)',
      },
      { path: `/fields/${long}`, message: `invalid name "${long}": must be at most 50 characters long` },
    ]);
  });

  it('reports unknown properties, with a suggestion for near misses', () => {
    expect(errorsOf(entityWith({ code: { type: 'text', foo: 1, maxLenght: 3 } }))).toEqual([
      { path: '/fields/code/foo', message: 'unknown property "foo"' },
      { path: '/fields/code/maxLenght', message: 'unknown property "maxLenght" (did you mean "maxLength"?)' },
    ]);
    expect(errorsOf({ ...clone(examples.view), colums: [] })).toEqual([{ path: '/colums', message: 'unknown property "colums" (did you mean "columns"?)' }]);
  });

  it('lists the allowed values of an enum (lookup onDelete)', () => {
    expect(errorsOf(entityWith({ parent: { type: 'lookup', entity: 'customer', onDelete: 'nullify' } }))).toEqual([
      { path: '/fields/parent/onDelete', message: 'invalid value "nullify"; expected one of setNull, cascade, restrict' },
    ]);
  });

  it('requires select options unless allowNew', () => {
    expect(errorsOf(entityWith({ grade: { type: 'select' } }))).toEqual([{ path: '/fields/grade/options', message: 'missing required property "options"' }]);
    expect(errorsOf(entityWith({ grade: { type: 'select', options: [] } }))).toEqual([
      { path: '/fields/grade/options', message: 'must have at least one option (or set allowNew to true)' },
    ]);
    expect(validateDocument(entityWith({ grade: { type: 'select', options: [], allowNew: true } })).ok).toBe(true);
  });

  it('reports several errors at once, in several documents parts', () => {
    const doc = entityWith(
      { parent: { type: 'lookup', onDelete: 'nullify' }, total: { type: 'rollup', entity: 'line', via: 'quote', fn: 'sum' } },
      { titleField: 'Name', owned: 'yes', indexes: [['grade', 'grade']] },
    );
    expect(errorsOf(doc)).toEqual(
      expect.arrayContaining([
        { path: '/titleField', message: expect.stringContaining('must be camelCase') },
        { path: '/owned', message: 'must be true or false' },
        { path: '/indexes/0/1', message: 'duplicate of item 0' },
        { path: '/fields/parent/entity', message: 'missing required property "entity"' },
        { path: '/fields/parent/onDelete', message: 'invalid value "nullify"; expected one of setNull, cascade, restrict' },
        { path: '/fields/total/field', message: 'missing required property "field" (needed unless fn is "count")' },
      ]),
    );
    expect(errorsOf(doc)).toHaveLength(6);
  });

  it('requires titleField, label and fields unless the entity extends another', () => {
    expect(errorsOf({ kind: 'entity', name: 'thing' })).toEqual([
      { path: '/label', message: 'missing required property "label"' },
      { path: '/titleField', message: 'missing required property "titleField"' },
      { path: '/fields', message: 'missing required property "fields"' },
    ]);
  });

  it('checks field options: autonumber, decimal, money, file', () => {
    expect(
      errorsOf(
        entityWith({
          no: { type: 'autonumber', pattern: 'QT-{YYYY}' },
          amount: { type: 'decimal', precision: 40, scale: -1 },
          price: { type: 'money', currency: 'eur' },
          scan: { type: 'file', accept: ['pdf'], maxSize: 0 },
        }),
      ),
    ).toEqual([
      { path: '/fields/no/pattern', message: expect.stringContaining('exactly one counter') },
      { path: '/fields/amount/precision', message: 'must be at most 38' },
      { path: '/fields/amount/scale', message: 'must be at least 0' },
      { path: '/fields/price/currency', message: 'must be a currency code of three uppercase letters, such as "EUR"' },
      { path: '/fields/scan/accept/0', message: 'must be a MIME type such as "application/pdf" or "image/*"' },
      { path: '/fields/scan/maxSize', message: 'must be at least 1' },
    ]);
  });

  it('collapses exactly-one-of shapes into one message', () => {
    const approval = clone(examples.approval) as { steps: Record<string, unknown>[] };
    approval.steps[0].approvers = { role: 'x', users: ['u1'] };
    approval.steps[1].mode = { ratio: 1.5 };
    expect(errorsOf(approval)).toEqual([
      { path: '/steps/0/approvers', message: 'must have exactly one of role, users, managerOf or field' },
      { path: '/steps/1/mode/ratio', message: 'must be at most 1' },
    ]);
    const form = clone(examples.form) as { sections: Record<string, unknown>[] };
    form.sections[2] = { related: 'contact.customer', fields: ['name'] };
    form.sections[1] = { title: 'Empty' };
    expect(errorsOf(form)).toEqual([
      { path: '/sections/1', message: 'a section must have either fields or related (not both)' },
      { path: '/sections/2', message: 'a section must have either fields or related (not both)' },
    ]);
  });

  it('validates automations, actions and menus', () => {
    expect(errorsOf({ ...clone(examples.automation), on: { create: true, schedule: '0 2 * * *' } })).toEqual([
      { path: '/on', message: 'must have exactly one trigger: create, update, delete, schedule or dateField' },
    ]);
    expect(errorsOf({ ...clone(examples.automation), on: { fields: ['owner'], create: true }, actions: [{ sett: {} }] })).toEqual([
      { path: '/on/update', message: 'missing required property "update" (needed when "fields" is present)' },
      { path: '/actions/0/sett', message: 'unknown property "sett" (did you mean "set"?)' },
    ]);
    expect(errorsOf({ kind: 'action', name: 'claim', entity: 'customer', label: 'Claim', type: 'update', target: 'x' })).toEqual([
      { path: '/set', message: 'missing required property "set"' },
      { path: '/target', message: 'property "target" is not allowed here' },
    ]);
    expect(errorsOf({ kind: 'menu', name: 'm', items: [{ group: 'G' }, { view: 'a', report: 'b' }] })).toEqual([
      { path: '/items/0/items', message: 'missing required property "items" (needed when "group" is present)' },
      { path: '/items/1', message: 'a menu item must have exactly one of dashboard, view, report, approvals or group' },
    ]);
  });

  it('validates roles, reports and packs', () => {
    const role = { kind: 'role', name: 'r', entities: { customer: { read: 'everyone', create: 'yes', fields: { revenue: 'edit' } } } };
    expect(errorsOf(role)).toEqual([
      { path: '/entities/customer/read', message: 'invalid value "everyone"; expected one of none, own, team, subordinates, all, master' },
      { path: '/entities/customer/create', message: 'must be true or false' },
      { path: '/entities/customer/fields/revenue', message: 'invalid value "edit"; expected one of hidden, read, write' },
    ]);
    const report = { ...clone(examples.report), measures: [{ fn: 'median' }, { fn: 'avg' }], chart: { type: 'donut' } };
    expect(errorsOf(report)).toEqual([
      {
        path: '/measures/0/fn',
        message:
          'invalid value "median"; expected one of count, sum, avg, min, max, countDistinct, ratio, percentOfTotal, cumulativePercent, previous, change, formula',
      },
      { path: '/measures/1/field', message: 'missing required property "field" (needed unless fn is "count")' },
      { path: '/chart/type', message: 'invalid value "donut"; expected one of bar, line, pie, funnel, table' },
    ]);
    expect(errorsOf({ ...clone(examples.pack), version: '1.2', contents: ['../secrets/*.json'] })).toEqual([
      { path: '/version', message: 'must be a semantic version such as "1.2.0"' },
      { path: '/contents/0', message: expect.stringContaining('must be a relative path or glob inside the pack folder') },
    ]);
  });

  it('validates reminders: time of day, recipients, channels', () => {
    const reminder = {
      ...clone(examples.reminder),
      at: { field: 'endDate', offset: '30 days', time: '9:00' },
      to: [{ field: 'owner', role: 'x' }],
      channels: ['inbox', 'email', 'inbox'],
    };
    expect(errorsOf(reminder)).toEqual([
      { path: '/at/offset', message: 'must be a signed duration such as "-30d", "+2h" or "0d" (units m, h, d, w)' },
      { path: '/at/time', message: 'must be a time of day "HH:MM" (24-hour), such as "09:00"' },
      { path: '/to/0', message: 'must have exactly one of field, role, user or var' },
      { path: '/channels/2', message: 'duplicate of item 0' },
    ]);
  });

  it('reports bad labels and JSON pointers with escaped characters', () => {
    const doc = entityWith({}, { label: { english: 'Customer' }, pluralLabel: 3 });
    expect(errorsOf(doc)).toEqual([
      { path: '/label/english', message: 'invalid name "english": must be a locale code such as "en" or "zh-CN"' },
      { path: '/pluralLabel', message: 'must be a string or an object' },
    ]);
    expect(errorsOf(entityWith({ 'a/b': { type: 'text' } }))[0].path).toBe('/fields/a~1b');
  });
});

describe('validateDocument: nesting depth', () => {
  /** {"!": {"!": … {"var": "x"} …}} with `levels` objects in all, as text (JSON.stringify recurses). */
  const nested = (levels: number) => JSON.parse(`${'{"!":'.repeat(levels - 1)}{"var":"x"}${'}'.repeat(levels - 1)}`);
  const withRule = (assert: unknown) => entityWith({}, { rules: [{ name: 'r', assert, message: 'm' }] });

  it('accepts 64 levels, counting the document as the first', () => {
    // The document, its rules and the rule are 3 levels; the expression's objects come next.
    expect(validateDocument(withRule(nested(61))).ok).toBe(true);
  });

  it('refuses one level more, at the pointer of the first value too deep, before ajv sees it', () => {
    expect(errorsOf(withRule(nested(62)))).toEqual([
      { path: `/rules/0/assert${'/!'.repeat(61)}`, message: 'is nested deeper than 64 levels of objects and arrays, which no metadata needs' },
    ]);
    // A hundred thousand levels: answered at once, without exhausting the stack (ajv, like JSON.stringify, would).
    const started = performance.now();
    expect(errorsOf(withRule(nested(100_000)))).toEqual([{ path: `/rules/0/assert${'/!'.repeat(61)}`, message: expect.stringContaining('deeper than 64') }]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('counts arrays as levels too, and escapes the keys of the pointer', () => {
    let value: unknown = 1;
    for (let i = 0; i < 70; i++) value = i % 2 ? [value] : { 'a/b': value };
    const errors = errorsOf({ kind: 'view', name: 'v', entity: 'e', label: 'V', columns: ['x'], filter: value });
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toMatch(/^\/filter(\/0\/a~1b)+/);
    expect(errors[0].path.split('/')).toHaveLength(65);
  });
});

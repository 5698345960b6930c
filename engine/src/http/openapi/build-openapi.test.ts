import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './build-openapi.ts';
import { componentNames } from './component-names.ts';
import { testModel } from '../../../test/fixtures/openapi-test-model.ts';
import { bulkBodySchema, createBodySchema, listResponseSchema, patchBodySchema, problemSchema, recordSchema, type JsonSchema } from './record-schemas.ts';

const model = testModel();
const entity = (name: string) => model.entities.get(name)!;
const ID = '0190f5b4-7c1e-7a3e-9d2b-3f4a5b6c7d8e';
const OTHER_ID = '0190f5b4-7c1e-7a3e-9d2b-3f4a5b6c7d8f';

/** The ajv the HTTP layer is expected to use: strict, all errors, union types, formats. */
function compile(schema: JsonSchema) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

function errorsOf(schema: JsonSchema, value: unknown): ErrorObject[] {
  const validate = compile(schema);
  return validate(value) ? [] : (validate.errors ?? []);
}

const at = (errors: ErrorObject[], instancePath: string) => errors.filter((e) => e.instancePath === instancePath);

describe('buildOpenApi', () => {
  const doc = buildOpenApi(model, { version: '1.0.0', serverUrl: 'http://localhost:3000' }) as any;

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('has the record routes of every entity, with stable unique operationIds', () => {
    const ids: string[] = [];
    for (const name of model.entities.keys()) {
      const base = `/api/data/${name}`;
      expect(Object.keys(doc.paths[base])).toEqual(['get', 'post']);
      expect(doc.paths[`${base}/{id}`]).toMatchObject({ get: {}, patch: {}, delete: {} });
      expect(doc.paths[`${base}/bulk`].post.operationId).toBe(`bulk_${name}`);
      expect(doc.paths[`${base}/{id}/history`].get.operationId).toBe(`history_${name}`);
      expect(doc.paths[`${base}/{id}/related/{relation}`].get.operationId).toBe(`related_${name}`);
      expect(doc.paths[base].get.operationId).toBe(`list_${name}`);
    }
    for (const item of Object.values(doc.paths) as any[]) {
      for (const op of ['get', 'put', 'post', 'patch', 'delete']) if (item[op]) ids.push(item[op].operationId);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes the fixed routes as the routes describe themselves', () => {
    const health = { get: { operationId: 'health', responses: {} } };
    const withRoutes = buildOpenApi(model, { version: '1.0.0', routePaths: { '/api/health': health } }) as any;
    expect(withRoutes.paths['/api/health']).toEqual(health);
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/data/'))).toBe(true);
  });

  it('names the component schemas after the entities, with English titles', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'Customer', 'CustomerCreate', 'CustomerPatch', 'CustomerList', 'QuoteLine']),
    );
    for (const key of Object.keys(doc.components.schemas)) expect(key).toMatch(/^[a-zA-Z0-9.\-_]+$/);
    expect(doc.components.schemas.Customer.title).toBe('Customer');
    expect(doc.components.schemas.Quote.title).toBe('Quote');
    expect(doc.components.schemas.Customer.properties.name.title).toBe('Name');
    expect(doc.components.schemas.Quote.properties.lines.items).toEqual({ $ref: '#/components/schemas/QuoteLine' });
  });

  it('lists query parameters, If-Match and problem responses', () => {
    const list = doc.paths['/api/data/customer'].get;
    expect(list.parameters.map((p: any) => p.$ref.split('/').pop())).toEqual(['filter', 'q', 'sort', 'limit', 'cursor', 'fields', 'expand', 'count']);
    expect(doc.components.parameters.limit.schema).toMatchObject({ minimum: 1, maximum: 500, default: 50 });
    expect(doc.paths['/api/data/customer/{id}'].patch.parameters).toEqual([{ $ref: '#/components/parameters/ifMatch' }]);
    expect(Object.keys(doc.paths['/api/data/customer/{id}'].patch.responses)).toEqual(['200', '400', '404', '409', '413', '422', '503']);
    expect(doc.components.responses.Conflict.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('enumerates the relations that point at an entity', () => {
    const related = doc.paths['/api/data/customer/{id}/related/{relation}'].get;
    const relation = related.parameters.find((p: any) => p.name === 'relation');
    expect(relation.schema.enum).toEqual(['contact.customer', 'customer.parent', 'quote.customer']);
    expect(related.description).toContain('`contact.customer`');
    expect(doc.paths['/api/data/contact/{id}/related/{relation}'].get.description).toContain('none');
  });
});

describe('componentNames', () => {
  it('falls back to Entity_<name> when a plain name is taken', () => {
    const names = componentNames(
      testModel([
        { name: 'customer', titleField: 'id', fields: {} },
        { name: 'customerList', titleField: 'id', fields: {} },
        { name: 'problem', titleField: 'id', fields: {} },
      ]),
    );
    expect(names.get('customer')!.list).toBe('CustomerList');
    expect(names.get('customerList')).toEqual({
      record: 'Entity_customerList',
      create: 'Entity_customerList_Create',
      patch: 'Entity_customerList_Patch',
      list: 'Entity_customerList_List',
    });
    expect(names.get('problem')!.record).toBe('Entity_problem');
  });
});

describe('createBodySchema', () => {
  const schema = createBodySchema(entity('customer'), model);
  const good = {
    name: 'Acme',
    grade: 'A',
    tags: ['vip'],
    phone: '+86 371 1234 5678',
    email: 'a@acme.test',
    website: 'https://acme.test',
    notes: 'long',
    profile: '<p>hi</p>',
    employees: 12,
    score: 3.5,
    discount: 10,
    revenue: { amount: '12.50', currency: 'CNY' },
    credit: 1200.5,
    active: true,
    founded: '2020-02-29',
    lastContact: '2024-03-31T09:30:00Z',
    parent: ID,
    accountManager: ID,
    logo: ID,
    contract: null,
    location: { lat: 34.75, lng: 113.62, address: 'Zhengzhou' },
    extra: { any: ['json'] },
    owner: ID,
  };

  it('accepts a good record', () => {
    expect(errorsOf(schema, good)).toEqual([]);
    expect(errorsOf(schema, { name: 'Acme', revenue: 99 })).toEqual([]);
  });

  it('requires required fields without a default, and leaves out what cannot be written', () => {
    expect(schema.required).toEqual(['name']);
    for (const name of ['id', 'version', 'createdAt', 'code', 'margin', 'quoted', 'rating']) expect(schema.properties).not.toHaveProperty(name);
    expect(schema.properties).toHaveProperty('owner');
  });

  it('rejects a wrong type at the field', () => {
    const errors = errorsOf(schema, { ...good, employees: 'twelve' });
    expect(at(errors, '/employees')).toHaveLength(1);
    expect(errors.every((e) => e.instancePath === '/employees')).toBe(true);
    expect(at(errorsOf(schema, { ...good, location: { lat: 200, lng: 0 } }), '/location/lat')).toHaveLength(1);
    expect(at(errorsOf(schema, { ...good, grade: 'Z' }), '/grade')).toHaveLength(1);
    expect(at(errorsOf(schema, { ...good, name: null }), '/name')).toHaveLength(1);
  });

  it('rejects a missing required field', () => {
    const { name: _name, ...rest } = good;
    const errors = errorsOf(schema, rest);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ instancePath: '', keyword: 'required', params: { missingProperty: 'name' } });
  });

  it('rejects unknown and read-only properties', () => {
    const errors = errorsOf(schema, { ...good, bogus: 1, code: 'C-0001' });
    expect(errors.map((e) => [e.instancePath, e.keyword, e.params.additionalProperty])).toEqual([
      ['', 'additionalProperties', 'bogus'],
      ['', 'additionalProperties', 'code'],
    ]);
  });

  it('takes lines as child rows, new rows with their required fields', () => {
    const quote = createBodySchema(entity('quote'), model);
    expect(quote.required).toEqual(['customer', 'lines']);
    const line = { product: 'Widget', quantity: 2, price: { amount: '3.10', currency: 'CNY' } };
    expect(errorsOf(quote, { customer: ID, lines: [line, { id: OTHER_ID, quantity: 3 }] })).toEqual([]);
    expect(at(errorsOf(quote, { customer: ID, lines: [{ ...line, quantity: 'x' }] }), '/lines/0/quantity')).toHaveLength(1);
    const missing = errorsOf(quote, { customer: ID, lines: [line, { product: 'Gadget' }] });
    expect(at(missing, '/lines/1').find((e) => e.keyword === 'required')?.params).toEqual({ missingProperty: 'quantity' });
    expect(at(errorsOf(quote, { customer: ID, lines: [{ ...line, quote: ID }] }), '/lines/0')[0].params).toEqual({ additionalProperty: 'quote' });
    expect(at(errorsOf(quote, { customer: ID, lines: [] }), '/lines')[0].keyword).toBe('minItems');
    expect(at(errorsOf(quote, { customer: ID, lines: Array(1001).fill(line) }), '/lines')[0].keyword).toBe('maxItems');
  });
});

describe('patchBodySchema', () => {
  const schema = patchBodySchema(entity('customer'), model);

  it('requires nothing and takes an optional version', () => {
    expect(schema.required).toBeUndefined();
    expect(errorsOf(schema, {})).toEqual([]);
    expect(errorsOf(schema, { employees: 3, version: 4 })).toEqual([]);
    expect(at(errorsOf(schema, { version: 'x' }), '/version')).toHaveLength(1);
    expect(at(errorsOf(schema, { employees: 1.5 }), '/employees')).toHaveLength(1);
  });
});

describe('bulkBodySchema', () => {
  const schema = bulkBodySchema(entity('customer'), model);

  it('accepts create, update and delete operations', () => {
    const body = {
      operations: [
        { op: 'create', data: { name: 'A' } },
        { op: 'update', id: ID, data: { employees: 2 }, version: 1 },
        { op: 'delete', id: ID },
      ],
    };
    expect(errorsOf(schema, body)).toEqual([]);
  });

  it('reports problems inside the operation they belong to', () => {
    const errors = errorsOf(schema, { operations: [{ op: 'create', data: { name: 'A', employees: 'x' } }, { op: 'delete' }, { op: 'merge' }] });
    expect(at(errors, '/operations/0/data/employees')).toHaveLength(1);
    expect(at(errors, '/operations/1').find((e) => e.keyword === 'required')?.params).toEqual({ missingProperty: 'id' });
    expect(at(errors, '/operations/2/op')[0].keyword).toBe('enum');
    expect(at(errorsOf(schema, { operations: Array(1001).fill({ op: 'delete', id: ID }) }), '/operations')[0].keyword).toBe('maxItems');
  });
});

describe('recordSchema and listResponseSchema', () => {
  it('describes records as answered, lookups as ids or expanded objects', () => {
    const schema = recordSchema(entity('contact'), model);
    const record = {
      id: ID,
      version: 1,
      createdAt: '2024-03-31T09:30:00.000Z',
      updatedAt: '2024-03-31T09:30:00.000Z',
      createdBy: null,
      updatedBy: null,
      name: 'Li',
      customer: ID,
    };
    expect(errorsOf(schema, record)).toEqual([]);
    expect(
      errorsOf(schema, {
        ...record,
        customer: { id: ID, name: 'Acme', revenue: { amount: '1.00', currency: 'CNY' } },
        createdBy: { id: ID, name: 'Ann', email: null },
      }),
    ).toEqual([]);
    expect(errorsOf(schema, { ...record, customer: { id: ID, nope: 1 } }).some((e) => e.instancePath === '/customer')).toBe(true);
    expect(at(errorsOf(schema, { ...record, extra: 1 }), '')[0].keyword).toBe('additionalProperties');
    expect(at(errorsOf(schema, { name: 'Li' }), '').map((e) => e.params.missingProperty)).toEqual(['id', 'version']);
  });

  it('compiles for every entity, inlined, with strict ajv', () => {
    for (const e of model.entities.values()) {
      for (const s of [recordSchema(e, model), listResponseSchema(e, model), createBodySchema(e, model), patchBodySchema(e, model), bulkBodySchema(e, model)]) {
        expect(() => compile(s)).not.toThrow();
      }
    }
    expect(errorsOf(listResponseSchema(entity('contact'), model), { data: [], next: null, total: 0 })).toEqual([]);
  });

  it('describes problem+json', () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad request',
      status: 400,
      detail: '1 problem',
      code: 'LOOM_ERR_HTTP_BAD_REQUEST',
      errors: [{ path: '/name', message: 'is required' }],
    };
    expect(errorsOf(problemSchema(), problem)).toEqual([]);
  });
});

import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import { fieldTypeOf } from '../../model/field-types/index.ts';
import { toSnake } from '../../model/naming.ts';
import { systemFieldDefinitions } from '../../model/system-fields.ts';

/**
 * A small compiled model for the OpenAPI tests, built the way model/compile-entity.ts
 * builds one (system fields first, each field through its type) but without validating
 * or linking documents, so these tests do not depend on the metadata package.
 */

type Def = Record<string, unknown> & { type: string };

interface EntityInput {
  name: string;
  label?: unknown;
  titleField: string;
  owned?: boolean;
  softDelete?: boolean;
  description?: string;
  fields: Record<string, Def>;
}

function compileField(entity: string, name: string, def: Def, system: boolean, label?: unknown): CompiledField {
  const type = fieldTypeOf(def.type);
  const column = toSnake(name);
  const columns = type.columns(def as any, { entity, field: name, column, tableOf: (e: string) => toSnake(e) });
  return {
    kind: 'field',
    name,
    baseColumn: column,
    type: def.type,
    label: (label ?? def.label ?? name) as CompiledField['label'],
    system,
    required: def.required === true,
    readOnly: system || def.readOnly === true || type.computed === true,
    unique: def.unique === true,
    search: def.search === true,
    columns,
    column: columns[0]?.name,
    logicType: type.logicType(def as any),
    target: type.target?.(def as any),
    definition: def as unknown as CompiledField['definition'],
  };
}

function compileEntity(input: EntityInput): CompiledEntity {
  const fields: Record<string, CompiledField> = {};
  for (const [name, def, label] of systemFieldDefinitions(input.owned === true)) {
    fields[name] = compileField(input.name, name, def as unknown as Def, true, label);
  }
  for (const [name, def] of Object.entries(input.fields)) fields[name] = compileField(input.name, name, def, false);
  const fieldList = Object.values(fields);
  return {
    kind: 'entity',
    name: input.name,
    label: (input.label ?? input.name) as CompiledEntity['label'],
    titleField: input.titleField,
    owned: input.owned === true,
    table: toSnake(input.name),
    fields,
    fieldList,
    searchFields: fieldList.filter((f) => f.search).map((f) => f.name),
    rules: [],
    uniqueSets: [],
    tableSpec: { schema: 'records', name: toSnake(input.name), entity: input.name, primaryKey: 'id', columns: [], indexes: [] } as unknown as CompiledEntity['tableSpec'],
    document: { kind: 'entity', ...input } as unknown as CompiledEntity['document'],
  };
}

export function testModel(inputs: EntityInput[] = TEST_ENTITIES): CompiledModel {
  const entities = new Map(inputs.map((e) => [e.name, compileEntity(e)]));
  return { kind: 'model', revision: 1, entities, documents: new Map() };
}

/** Every field type appears at least once; quote/quoteLine cover lines, contact a second lookup. */
export const TEST_ENTITIES: EntityInput[] = [
  {
    name: 'customer',
    label: { en: 'Customer', 'zh-CN': '客户' },
    description: 'A company we sell to.',
    titleField: 'name',
    owned: true,
    fields: {
      name: { type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true, maxLength: 200, search: true },
      grade: { type: 'select', required: true, default: 'C', options: [{ value: 'A' }, { value: 'B' }, { value: 'C' }] },
      tags: { type: 'multiselect', options: [], allowNew: true },
      phone: { type: 'phone' },
      email: { type: 'email', description: 'Main contact address.' },
      website: { type: 'url' },
      notes: { type: 'longtext' },
      profile: { type: 'richtext' },
      employees: { type: 'integer', min: 0 },
      score: { type: 'number' },
      discount: { type: 'percent', min: 0, max: 100 },
      revenue: { type: 'money', currency: 'CNY' },
      credit: { type: 'decimal', precision: 12, scale: 2 },
      active: { type: 'boolean', default: true },
      founded: { type: 'date' },
      lastContact: { type: 'datetime' },
      parent: { type: 'lookup', entity: 'customer' },
      accountManager: { type: 'user' },
      logo: { type: 'image' },
      contract: { type: 'file' },
      location: { type: 'geo' },
      code: { type: 'autonumber', pattern: 'C-{0000}' },
      margin: { type: 'formula', result: 'number', expr: { '-': [{ var: 'score' }, 1] } },
      quoted: { type: 'rollup', entity: 'quote', via: 'customer', fn: 'count' },
      extra: { type: 'json' },
      rating: { type: 'integer', readOnly: true },
    },
  },
  {
    name: 'contact',
    label: 'Contact',
    titleField: 'name',
    softDelete: true,
    fields: {
      name: { type: 'text', required: true },
      customer: { type: 'lookup', entity: 'customer' },
    },
  },
  {
    name: 'quote',
    label: { 'zh-CN': '报价', en: 'Quote' },
    titleField: 'number',
    owned: true,
    fields: {
      number: { type: 'autonumber', pattern: 'QT-{0000}' },
      customer: { type: 'lookup', entity: 'customer', required: true },
      lines: { type: 'lines', entity: 'quoteLine', via: 'quote', required: true },
      lineCount: { type: 'rollup', entity: 'quoteLine', via: 'quote', fn: 'count' },
    },
  },
  {
    name: 'quoteLine',
    label: 'Quote line',
    titleField: 'product',
    fields: {
      quote: { type: 'lookup', entity: 'quote', required: true, onDelete: 'cascade' },
      product: { type: 'text', required: true },
      quantity: { type: 'integer', required: true, min: 1 },
      price: { type: 'money', currency: 'CNY' },
    },
  },
];

import { RECORDS_SCHEMA, SYSTEM_SCHEMA, type ReferentialAction } from '../table-spec.ts';
import type { FieldType } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { readColumn } from './scalar-column.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ACTIONS: Record<string, ReferentialAction> = { setNull: 'SET NULL', cascade: 'CASCADE', restrict: 'RESTRICT' };

function idValue(value: unknown, column: string) {
  if (value === null) return ok({ [column]: null });
  // An expanded object sent back as-is is accepted by its id.
  const id = value && typeof value === 'object' ? (value as { id?: unknown }).id : value;
  if (typeof id !== 'string' || !UUID.test(id)) return fail('must be the id (a UUID) of a record');
  return ok({ [column]: id.toLowerCase() });
}

/** Many-to-one link to a record of another entity: a foreign key with an index. */
export const lookupType: FieldType<any> = {
  type: 'lookup',
  columns(def: { entity: string; onDelete?: string }, ctx) {
    const table = ctx.tableOf(def.entity) ?? def.entity;
    return [
      {
        name: ctx.column,
        sqlType: 'uuid',
        nullable: true,
        field: ctx.field,
        references: { schema: RECORDS_SCHEMA, table, column: 'id', onDelete: ACTIONS[def.onDelete ?? 'setNull'] },
      },
    ];
  },
  logicType: () => 'text',
  valueSchema: () => ({ type: ['string', 'null'], format: 'uuid' }),
  inputSchema: () => ({ type: ['string', 'object', 'null'] }),
  toColumns: (value, _def, column) => idValue(value, column),
  fromRow: (row, _d, column) => readColumn(row, column),
  target: (def: { entity: string }) => def.entity,
  settings: (def: { onDelete?: string }) => ({ onDelete: def.onDelete ?? 'setNull' }),
  link(def: { entity: string }, ctx) {
    return ctx.tableOf(def.entity) ? [] : [{ path: '/entity', message: `lookup target entity "${def.entity}" does not exist` }];
  },
};

/** A link to a person using Loom. */
export const userType: FieldType<any> = {
  type: 'user',
  columns(def: { onDelete?: string }, ctx) {
    return [
      {
        name: ctx.column,
        sqlType: 'uuid',
        nullable: true,
        field: ctx.field,
        references: { schema: SYSTEM_SCHEMA, table: 'users', column: 'id', onDelete: ACTIONS[def.onDelete ?? 'setNull'] },
      },
    ];
  },
  logicType: () => 'text',
  valueSchema: () => ({ type: ['string', 'null'], format: 'uuid' }),
  inputSchema: () => ({ type: ['string', 'object', 'null'] }),
  toColumns: (value, _def, column) => idValue(value, column),
  fromRow: (row, _d, column) => readColumn(row, column),
};

/** The record id: a UUID assigned by the engine. */
export const idType: FieldType<any> = {
  type: 'id',
  columns: (_d, ctx) => [{ name: ctx.column, sqlType: 'uuid', nullable: false, field: ctx.field }],
  logicType: () => 'text',
  valueSchema: () => ({ type: 'string', format: 'uuid' }),
  toColumns: (value, _def, column) => idValue(value, column),
  fromRow: (row, _d, column) => readColumn(row, column),
  computed: true,
  shownAs: 'text',
};

import type { FieldDefinition } from '@loom/metadata';
import type { RawBuilder } from 'kysely';
import type { LogicType } from '../../logic/types.ts';
import type { ColumnSpec } from '../table-spec.ts';

export type JsonSchema = Record<string, unknown>;

/** What a field type needs to know about the rest of the model while compiling. */
export interface FieldCompileContext {
  readonly entity: string;
  readonly field: string;
  /** Base SQL column name for the field (snake_case of its name). */
  readonly column: string;
  /** Table name of another entity, or undefined when it does not exist. */
  tableOf(entity: string): string | undefined;
}

/** What a write needs besides the value: the clock and the previous stored values. */
export interface WriteContext {
  readonly now: Date;
  readonly creating: boolean;
}

export type WriteResult = { ok: true; values: Record<string, unknown> } | { ok: false; message: string };

/**
 * A field type is one object: its storage, its JSON shape, and the conversion
 * between the two. Adding a type means adding one of these to the registry; nothing
 * else in the engine switches on the type name.
 */
export interface FieldType<D extends FieldDefinition = FieldDefinition> {
  readonly type: D['type'];
  /** Columns that store the field; empty for computed fields and child rows. */
  columns(def: D, ctx: FieldCompileContext): ColumnSpec[];
  /** The field's type inside JSON Logic (filters, rules, formulas); undefined when unusable there. */
  logicType(def: D): LogicType | undefined;
  /** JSON Schema of the value in responses. */
  valueSchema(def: D): JsonSchema;
  /** JSON Schema of the value accepted on write (defaults to valueSchema). */
  inputSchema?(def: D): JsonSchema;
  /** Checks and converts one input value to column values; null clears the field. */
  toColumns(value: unknown, def: D, column: string, ctx: WriteContext): WriteResult;
  /** Reads the API value from a row that holds the field's columns. */
  fromRow(row: Record<string, unknown>, def: D, column: string): unknown;
  /**
   * What `fromRow` answers, computed by the database as a jsonb expression over the stored
   * columns (`column(name)` refers to one), so a write can record the value in the same
   * statement that stores it. Single-column types may leave it out: the column's own JSON
   * is used (data/read/value-json-sql.ts).
   */
  jsonSql?(def: D, column: (name: string) => RawBuilder<unknown>, baseColumn: string): RawBuilder<unknown>;
  /** The value as JSON Logic sees it (rules, conditions). */
  toLogic?(value: unknown, def: D): unknown;
  /** Computed types: the value is produced by the database or the engine, never written. */
  readonly computed?: boolean;
  /** Another entity the field refers to. */
  target?(def: D): string | undefined;
  /** Definition checks that need the rest of the model: messages at paths relative to the field. */
  link?(def: D, ctx: FieldCompileContext): { path: string; message: string }[];
  /** Settings lifted out of the definition onto the compiled field, typed (compiled-field.ts: `pattern`, `via`, `options`…). */
  settings?(def: D): Record<string, unknown>;
  /** Every value is unique by construction (an autonumber), so the column gets a unique index. */
  readonly alwaysUnique?: boolean;
  /** The type screens show the field as, when not its own (the record id is plain text). */
  readonly shownAs?: string;
}

export const ok = (values: Record<string, unknown>): WriteResult => ({ ok: true, values });
export const fail = (message: string): WriteResult => ({ ok: false, message });

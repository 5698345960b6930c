import type { EntityDocument, FieldDefinition, Label, MetadataDocument } from '@loom/metadata';
import type { LogicType } from '../logic/types.ts';
import type { ColumnSpec, IndexSpec, TableSpec } from './table-spec.ts';

/**
 * The compiled model: validated, linked, deep-frozen. Every other part of the
 * engine (schema, data, http) reads this, never raw metadata.
 */
export interface CompiledField {
  readonly kind: 'field';
  readonly name: string;
  readonly type: string;
  readonly label: Label;
  readonly system: boolean;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly unique: boolean;
  readonly search: boolean;
  /** Storage columns; empty for computed fields (formula, rollup) and child rows (lines). */
  readonly columns: readonly ColumnSpec[];
  /** snake_case of the name: the field's storage columns start with it (precomputed for the row readers' hot path). */
  readonly baseColumn: string;
  /** The column that represents the field in filters and sorting, when it has one. */
  readonly column?: string;
  /** The field's type inside JSON Logic; absent when the field cannot be used there. */
  readonly logicType?: LogicType;
  /** Another entity this field points to (lookup, lines, rollup). */
  readonly target?: string;
  readonly definition: Readonly<FieldDefinition>;
}

export interface CompiledRule {
  readonly name: string;
  readonly assert: unknown;
  readonly message: Label;
}

/**
 * A detail entity's link to its master (master-detail): who may read, update or delete a
 * detail record follows who may read or write its master record (data/record-access.ts).
 */
export interface MasterLink {
  /** The detail's lookup field naming the master record (required, never set null). */
  readonly field: string;
  /** The master entity. */
  readonly entity: string;
  /** The access to the master record that creating, updating or deleting a detail needs. */
  readonly write: 'update' | 'read';
  /**
   * The lookup is required, so every detail has a master and its access is wholly the
   * master's: roles grant the detail `master` or `none`. An optional master lookup makes
   * `master` one scope beside the others, and a record without a master is covered by those.
   */
  readonly exclusive: boolean;
}

export interface CompiledEntity {
  readonly kind: 'entity';
  readonly name: string;
  readonly label: Label;
  readonly titleField: string;
  readonly owned: boolean;
  /** Deleting hides the record (`deleted_at` set) and it can be restored; reads see live records only. */
  readonly softDelete: boolean;
  /** Set when the entity is a detail of another (a master lookup, or the child of a lines field). */
  readonly master?: MasterLink;
  readonly table: string;
  readonly fields: Readonly<Record<string, CompiledField>>;
  /** Fields in declaration order, system fields first. */
  readonly fieldList: readonly CompiledField[];
  readonly searchFields: readonly string[];
  readonly rules: readonly CompiledRule[];
  /** Unique field sets, checked with a clear message before the index would refuse the row. */
  readonly uniqueSets: readonly (readonly string[])[];
  readonly tableSpec: TableSpec;
  readonly document: Readonly<EntityDocument>;
}

export interface CompiledModel {
  readonly kind: 'model';
  /** Increases with every publish; 0 before the first. */
  readonly revision: number;
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  /** Every document by kind, then name (forms, views, menus… for the UI bundle and later processes). */
  readonly documents: ReadonlyMap<string, ReadonlyMap<string, Readonly<MetadataDocument>>>;
}

export type { ColumnSpec, IndexSpec, TableSpec };

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value as object)) deepFreeze((value as any)[key]);
  }
  return value;
}

/** The model before anything is published. */
export function emptyModel(): CompiledModel {
  return Object.freeze({ kind: 'model', revision: 0, entities: new Map(), documents: new Map() }) as CompiledModel;
}

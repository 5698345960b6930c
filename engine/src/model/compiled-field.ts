import type {
  FieldBase,
  FieldOfType,
  FieldType as MetadataFieldType,
  FormulaResult,
  Label,
  LogicExpression,
  OnDelete,
  RollupFn,
  SelectOption,
} from '@loom/metadata';
import type { LogicType } from '../logic/types.ts';
import type { ColumnSpec } from './table-spec.ts';

/** Every field type's definition by name; `id` is the engine's own (the record id, never declared). */
type Definitions = { [T in MetadataFieldType]: FieldOfType<T> } & { id: FieldBase & { type: 'id' } };

/** The name of a field type: the tag of CompiledField. */
export type FieldTypeName = keyof Definitions;

/** What every compiled field has, whatever its type. */
interface CompiledFieldBase {
  readonly kind: 'field';
  readonly name: string;
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
}

/** Settings a type lifts out of its definition, typed, so readers need no casts. */
interface TypeSettings {
  autonumber: { readonly pattern: string };
  lookup: { readonly target: string; readonly onDelete: OnDelete };
  lines: { readonly target: string; readonly via: string };
  rollup: { readonly target: string; readonly via: string; readonly fn: RollupFn };
  formula: { readonly expr: LogicExpression; readonly result: FormulaResult };
  select: { readonly options: readonly SelectOption[] };
  multiselect: { readonly options: readonly SelectOption[] };
  money: { readonly currency?: string; readonly currencies?: readonly string[]; readonly scale: number };
  file: { readonly accept?: readonly string[]; readonly maxSize?: number };
  image: { readonly accept?: readonly string[]; readonly maxSize?: number };
}

/** One field of one type: `CompiledFieldOf<'lines'>` has `via` and `target`. */
export type CompiledFieldOf<T extends FieldTypeName> = T extends FieldTypeName
  ? CompiledFieldBase & {
      readonly type: T;
      /** The field as declared (the field type's own functions read it). */
      readonly definition: Readonly<Definitions[T]>;
    } & (T extends keyof TypeSettings ? TypeSettings[T] : unknown)
  : never;

/**
 * A compiled field, discriminated on `type`. Outside model/field-types nothing compares
 * the type name: narrow with the predicates of field-types/field-predicates.ts.
 */
export type CompiledField = CompiledFieldOf<FieldTypeName>;

import type { CompiledField, CompiledFieldOf } from '../compiled-field.ts';

/*
 * The only questions about a field's type asked outside this folder. Each narrows
 * CompiledField, so `isLinesField(field) && field.via` needs no cast.
 */

/** Child rows edited with their parent: no column, read and written through the record service. */
export function isLinesField(field: CompiledField): field is CompiledFieldOf<'lines'> {
  return field.type === 'lines';
}

/** A link to a record of another entity. */
export function isLookupField(field: CompiledField): field is CompiledFieldOf<'lookup'> {
  return field.type === 'lookup';
}

/** A link to a person using Loom. */
export function isUserField(field: CompiledField): field is CompiledFieldOf<'user'> {
  return field.type === 'user';
}

/** A lookup or a user: the value is an id that `expand` may replace with what it names. */
export function isReferenceField(field: CompiledField): field is CompiledFieldOf<'lookup' | 'user'> {
  return field.type === 'lookup' || field.type === 'user';
}

/** A number the engine assigns on create from the field's pattern. */
export function isAutonumberField(field: CompiledField): field is CompiledFieldOf<'autonumber'> {
  return field.type === 'autonumber';
}

export function isFormulaField(field: CompiledField): field is CompiledFieldOf<'formula'> {
  return field.type === 'formula';
}

export function isRollupField(field: CompiledField): field is CompiledFieldOf<'rollup'> {
  return field.type === 'rollup';
}

/** An uploaded file (any file, or an image): the value is the id of a stored file. */
export function isFileField(field: CompiledField): field is CompiledFieldOf<'file' | 'image'> {
  return field.type === 'file' || field.type === 'image';
}

/** A field whose values are picked from its options. */
export function isChoiceField(field: CompiledField): field is CompiledFieldOf<'select' | 'multiselect'> {
  return field.type === 'select' || field.type === 'multiselect';
}

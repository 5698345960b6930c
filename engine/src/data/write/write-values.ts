import { problemAt, type ProblemItem } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { CompiledEntity, CompiledField } from '../../model/compiled-model.ts';
import { fieldTypeOf } from '../../model/field-types/index.ts';
import { isLinesField } from '../../model/field-types/field-predicates.ts';

/** System fields a caller may set; the rest are Loom's to fill. */
const WRITABLE_SYSTEM = new Set(['owner']);

export interface WriteValues {
  /** Column → value for the stored fields the input touched. */
  columns: Record<string, unknown>;
  /** Field → the API value after conversion (for history). */
  fields: Record<string, unknown>;
  /** Child rows per lines field. */
  lines: Record<string, unknown[]>;
}

/**
 * Converts an input object to column values through each field's type, collecting
 * every problem with its JSON pointer instead of stopping at the first.
 */
export function toWriteValues(entity: CompiledEntity, input: unknown, creating: boolean, pointer: string, errors: ProblemItem[], now: Date): WriteValues {
  const result: WriteValues = { columns: {}, fields: {}, lines: {} };
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    errors.push({ path: pointer || '/', message: 'must be an object of field values' });
    return result;
  }
  const data = { ...(input as Record<string, unknown>) };
  delete data.version; // optimistic concurrency token, read by the caller
  const defaulted = creating ? applyDefaults(entity, data) : new Set<string>();
  for (const [name, value] of Object.entries(data)) {
    const at = `${pointer}/${name}`;
    const field: CompiledField | undefined = Object.hasOwn(entity.fields, name) ? entity.fields[name] : undefined;
    if (!field) {
      errors.push({ path: at, message: `${entity.name} has no field "${name}"` });
      continue;
    }
    if (isLinesField(field)) {
      if (!Array.isArray(value)) errors.push({ path: at, message: 'must be a list of rows' });
      else if (value.length > 1000) errors.push({ path: at, message: 'must have at most 1000 rows' });
      else result.lines[name] = value;
      continue;
    }
    const writable = !field.readOnly || WRITABLE_SYSTEM.has(name) || (defaulted.has(name) && !field.system && !fieldTypeOf(field.type).computed);
    if (!writable) {
      errors.push({ path: at, message: `"${name}" is set by Loom and cannot be written` });
      continue;
    }
    if (value === undefined) continue;
    // A field's type names its columns from the field's base column (geo: base__lat, base__lng, …).
    const converted = fieldTypeOf(field.type).toColumns(value, field.definition, field.baseColumn, { now, creating });
    if (!converted.ok) {
      errors.push({ path: at, message: converted.message });
      continue;
    }
    Object.assign(result.columns, converted.values);
    result.fields[name] = value;
  }
  return result;
}

/** Fills defaults for fields the input leaves out; returns their names (a read-only field may get its default). */
function applyDefaults(entity: CompiledEntity, data: Record<string, unknown>): Set<string> {
  const defaulted = new Set<string>();
  for (const field of entity.fieldList) {
    const fallback = field.definition.default;
    if (fallback !== undefined && data[field.name] === undefined) {
      data[field.name] = structuredClone(fallback);
      defaulted.add(field.name);
    }
  }
  return defaulted;
}

/** Required fields must hold a value: on create every one, on update the ones the patch touches. */
export function checkRequired(entity: CompiledEntity, values: WriteValues, creating: boolean, pointer: string, errors: ProblemItem[]) {
  for (const field of entity.fieldList) {
    if (!field.required || field.system) continue;
    if (isLinesField(field)) {
      if (creating && !values.lines[field.name]?.length) errors.push(problemAt(`${pointer}/${field.name}`, message('data.needsRow', { field })));
      continue;
    }
    if (!field.column || (!creating && !(field.column in values.columns))) continue;
    const value = values.columns[field.column];
    const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty && !errors.some((e) => e.path === `${pointer}/${field.name}`)) errors.push(problemAt(`${pointer}/${field.name}`, message('data.required', { field })));
  }
}

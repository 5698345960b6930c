import type { UiColumn, UiEntity, UiView } from '@loom/metadata';
import { columnWidthOf, fitsInLists, isMultiValued, isNumericField, isReferenceField } from '../fields/field-traits.ts';

/** Lookup and user fields are asked for expanded, so cells show a name rather than an id. */
export const isReference = isReferenceField;

/** Every column a user may pick for a list: the view's own, then the entity's other fields. */
export function availableColumns(view: UiView, entity: UiEntity): UiColumn[] {
  const columns: UiColumn[] = [...view.columns];
  const taken = new Set(columns.map((c) => c.path));
  for (const name of entity.fieldOrder) {
    const field = entity.fields[name];
    if (!field || taken.has(name) || !fitsInLists(field) || name === 'id' || name === 'version') continue;
    columns.push({ path: name, label: field.label, field, expand: isReference(field) ? name : undefined });
  }
  return columns;
}

/** The lookup and user fields to `expand` for these columns. */
export function expandFor(columns: readonly UiColumn[]): string[] {
  const expand = new Set<string>();
  for (const column of columns) {
    if (column.expand) expand.add(column.expand);
    else if (!column.path.includes('.') && isReference(column.field)) expand.add(column.path);
  }
  return [...expand];
}

/** Sorting goes to the server, which sorts by the entity's own sortable fields. */
export function isSortable(column: UiColumn): boolean {
  return column.field.sortable && !column.path.includes('.') && !isMultiValued(column.field);
}

/** A record's value at a column path ("account.tier" reads the expanded account). */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const step of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** A pleasant starting width per field type (px); chips fit their longest option. */
export const columnWidth = columnWidthOf;

export const isNumeric = isNumericField;

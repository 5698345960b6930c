import type { UiBundle, UiColumn, UiEntity, UiField, UiView } from '@loom/metadata';

/** Field types a list can show in a column (the rest are too big or structured for a cell). */
const NOT_IN_LISTS = new Set(['lines', 'json', 'richtext', 'longtext', 'file', 'image', 'geo']);

/** Lookup and user fields are asked for expanded, so cells show a name rather than an id. */
export function isReference(field: UiField): boolean {
  return field.type === 'lookup' || field.type === 'user';
}

/** Every column a user may pick for a list: the view's own, then the entity's other fields. */
export function availableColumns(view: UiView, entity: UiEntity): UiColumn[] {
  const columns: UiColumn[] = [...view.columns];
  const taken = new Set(columns.map((c) => c.path));
  for (const name of entity.fieldOrder) {
    const field = entity.fields[name];
    if (!field || taken.has(name) || NOT_IN_LISTS.has(field.type) || name === 'id' || name === 'version') continue;
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
  return column.field.sortable && !column.path.includes('.') && column.field.type !== 'multiselect';
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

/** The text naming a referenced record: its title field, or a user's name. */
export function referenceTitle(bundle: UiBundle, field: UiField, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return String(value);
  const object = value as Record<string, unknown>;
  if (field.type === 'user') return String(object.name ?? object.email ?? object.id ?? '');
  const target = field.entity ? bundle.entities[field.entity] : undefined;
  const title = target ? object[target.titleField] : undefined;
  return title === null || title === undefined ? String(object.id ?? '') : String(title);
}

/** Roughly how wide a chip's text is in pixels (12 px type; CJK characters are full width). */
function chipTextWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 13 : 7;
  return width;
}

/** A pleasant starting width per field type (px); chips fit their longest option. */
export function columnWidth(field: UiField): number {
  if ((field.type === 'select' || field.type === 'multiselect') && field.options?.length) {
    const longest = Math.max(...field.options.map((o) => chipTextWidth(o.label)));
    return Math.min(field.type === 'select' ? 200 : 240, Math.max(110, 62 + longest));
  }
  switch (field.type) {
    case 'boolean':
      return 88;
    case 'integer':
    case 'number':
    case 'decimal':
      return 104;
    case 'formula':
      return 124;
    case 'percent':
      return 112;
    case 'money':
      return 130;
    case 'date':
      return 124;
    case 'datetime':
      return 140;
    case 'select':
      return 124;
    case 'multiselect':
      return 180;
    case 'autonumber':
      return 110;
    case 'email':
    case 'url':
      return 190;
    case 'phone':
      return 136;
    case 'lookup':
    case 'user':
      return 150;
    default:
      return 160;
  }
}

export function isNumeric(field: UiField): boolean {
  return ['integer', 'number', 'percent', 'decimal', 'money'].includes(field.type) || (field.type === 'formula' && field.result === 'number');
}

import type { UiBundle, UiColumn, UiField, UiRelation } from '@loom/metadata';
import type { Query } from '../api/index.ts';
import { fitsInLists, isReferenceField } from '../fields/field-traits.ts';

/** A column of a related list: a field path of the related entity and the field it ends at. */
export interface RelatedColumn {
  readonly path: string;
  readonly label: string;
  readonly field: UiField;
  readonly expand?: string;
}

/**
 * The columns of a related list: the related entity's default view without the lookup back
 * to this record (every row has the same value there), title first, at most `max`.
 */
export function relatedColumns(bundle: UiBundle, relation: UiRelation, max = 5): RelatedColumn[] {
  const entity = bundle.entities[relation.entity];
  if (!entity) return [];
  const view = entity.defaultView ? bundle.views[entity.defaultView] : undefined;
  const back = (path: string) => path === relation.field || path.startsWith(`${relation.field}.`);
  let columns: RelatedColumn[] = (view?.columns ?? [])
    .filter((c: UiColumn) => !back(c.path) && c.path.split('.').length <= 2)
    .map((c) => ({ path: c.path, label: c.label, field: c.field, expand: c.expand }));
  if (!columns.length) {
    columns = entity.fieldOrder
      .map((n) => entity.fields[n])
      .filter((f) => f && !f.system && f.name !== relation.field && fitsInLists(f))
      .map((f) => ({ path: f.name, label: f.label, field: f, expand: isReferenceField(f) ? f.name : undefined }));
  }
  const title = entity.fields[entity.titleField];
  if (title && !columns.some((c) => c.path === title.name)) columns.unshift({ path: title.name, label: title.label, field: title });
  else if (title) columns = [columns.find((c) => c.path === title.name)!, ...columns.filter((c) => c.path !== title.name)];
  return columns.slice(0, max);
}

/** The related route's query for those columns: lookups expanded, newest first, one small page with a count. */
export function relatedQuery(columns: readonly RelatedColumn[], limit: number, cursor?: string): Query {
  const expand = [...new Set(columns.map((c) => c.expand).filter((e): e is string => !!e))];
  const query: Query = { limit, count: true };
  if (expand.length) query.expand = expand.join(',');
  if (cursor) query.cursor = cursor;
  return query;
}

/** The value at a column's path in a row ("account.tier" reads the expanded account). */
export function valueAt(row: Record<string, unknown>, path: string): unknown {
  let value: unknown = row;
  for (const step of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  return value;
}

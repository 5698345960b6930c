import type { Label, LogicExpression, ViewDocument } from '@loom/metadata';

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_SORT = ['-updatedAt'];

/** A list view of an entity, its names checked by link-documents.ts and its defaults filled in. */
export interface CompiledView {
  readonly kind: 'view';
  readonly name: string;
  readonly entity: string;
  /** Absent when the view has none of its own: screens show the entity's plural label. */
  readonly label?: Label;
  /** Field names or lookup paths ("account.tier"). */
  readonly columns: readonly string[];
  readonly filter?: LogicExpression;
  /** Field paths, "-" first for descending; newest changes first when the document says nothing. */
  readonly sort: readonly string[];
  readonly pageSize: number;
  /** The entity's default view. */
  readonly default: boolean;
}

export function compileView(doc: ViewDocument): CompiledView {
  return {
    kind: 'view',
    name: doc.name,
    entity: doc.entity,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
    columns: doc.columns,
    ...(doc.filter !== undefined ? { filter: doc.filter } : {}),
    sort: doc.sort ?? DEFAULT_SORT,
    pageSize: doc.pageSize ?? DEFAULT_PAGE_SIZE,
    default: doc.default === true,
  };
}

import type { UiColumn, UiView } from '@loom/metadata';
import { isContextVar, logicVars } from '../logic/index.ts';
import type { CompiledEntity, CompiledView } from '../model/compiled-model.ts';
import { isReferenceField } from '../model/field-types/field-predicates.ts';
import { entityLabels } from './ui-entity.ts';
import { readablePath, type UiContext } from './ui-context.ts';
import { fieldLabel, uiField } from './ui-field.ts';
import { resolveLabel } from './resolve-label.ts';

/**
 * A view as the actor may use it: columns they cannot see are left out, sort keys they
 * cannot read too. A view whose own filter names a field they cannot read is not theirs
 * at all (undefined): the list would refuse that filter.
 */
export function uiView(ctx: UiContext, view: CompiledView): UiView | undefined {
  const entity = ctx.readable.get(view.entity);
  if (!entity) return undefined;
  if (view.filter !== undefined && !filterIsReadable(ctx, entity, view.filter)) return undefined;
  const columns = view.columns.map((path) => uiColumn(ctx, entity, path)).filter((c): c is UiColumn => c !== undefined);
  const sort = view.sort.filter((key) => isSortable(ctx, entity, key.replace(/^-/, '')));
  const label = view.label === undefined ? entityLabels(ctx, entity).pluralLabel : resolveLabel(view.label, ctx.locale, view.name);
  const out: Record<string, unknown> = {
    name: view.name,
    entity: view.entity,
    label,
    columns,
    sort,
    pageSize: view.pageSize,
    default: view.default,
  };
  if (view.filter !== undefined) out.filter = view.filter;
  return out as unknown as UiView;
}

/**
 * "account.tier" → label "Account › Tier", the tier field, and `expand: "account"`.
 * A lookup or user column expands itself, so the list can show the record's title or
 * the user's name instead of an id. Undefined when the actor cannot see the path.
 */
export function uiColumn(ctx: UiContext, entity: CompiledEntity, path: string): UiColumn | undefined {
  const steps = readablePath(ctx, entity, path);
  if (!steps) return undefined;
  const last = steps[steps.length - 1].field;
  const label = steps.map((s) => fieldLabel(s.field, ctx.locale)).join(' › ');
  const column: { path: string; label: string; field: UiColumn['field']; expand?: string } = { path, label, field: uiField(last, ctx.locale) };
  if (steps.length > 1) column.expand = steps[0].field.name;
  else if (isReferenceField(last)) column.expand = last.name;
  return column;
}

function isSortable(ctx: UiContext, entity: CompiledEntity, path: string): boolean {
  const steps = readablePath(ctx, entity, path);
  const logicType = steps?.[steps.length - 1].field.logicType;
  return logicType !== undefined && logicType !== 'array';
}

function filterIsReadable(ctx: UiContext, entity: CompiledEntity, filter: unknown): boolean {
  return logicVars(filter).every((v) => isContextVar(v.path) || readablePath(ctx, entity, v.path) !== undefined);
}

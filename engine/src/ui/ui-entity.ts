import type { UiEntity, UiEntityPermissions, UiField, UiForm, UiRelation, UiView } from '@loom/metadata';
import { effectiveGrant } from '../data/access/entity-grant.ts';
import type { CompiledEntity } from '../model/compiled-model.ts';
import { isLinesField, isLookupField } from '../model/field-types/field-predicates.ts';
import type { UiContext } from './ui-context.ts';
import { uiField } from './ui-field.ts';
import { resolveLabel } from './resolve-label.ts';
import { uiActions } from './ui-actions.ts';

/** An entity's label and plural label in the context's locale (the plural falls back to the label). */
export function entityLabels(ctx: UiContext, entity: CompiledEntity): { label: string; pluralLabel: string } {
  const label = resolveLabel(entity.label, ctx.locale, entity.name);
  const plural = entity.pluralLabel;
  return { label, pluralLabel: plural === undefined ? label : resolveLabel(plural, ctx.locale, entity.name) };
}

/** One readable entity: its visible fields (system fields last), what the actor may do, where it is referenced. */
export function uiEntity(ctx: UiContext, entity: CompiledEntity, views: readonly UiView[], forms: readonly UiForm[]): UiEntity {
  const ordered = [...entity.fieldList.filter((f) => !f.system), ...entity.fieldList.filter((f) => f.system)];
  const fields: Record<string, UiField> = {};
  for (const field of ordered) fields[field.name] = uiField(field, ctx.locale);
  const out: Record<string, unknown> = {
    name: entity.name,
    ...entityLabels(ctx, entity),
    titleField: entity.titleField,
    owned: entity.owned,
    searchable: entity.searchFields.length > 0,
    permissions: permissions(ctx, entity),
    fields,
    fieldOrder: ordered.map((f) => f.name),
    referencedBy: referencedBy(ctx, entity),
    actions: uiActions(ctx, entity),
  };
  if (entity.icon) out.icon = entity.icon;
  const defaultView = views.find((v) => v.default) ?? views[0];
  if (defaultView) out.defaultView = defaultView.name;
  if (forms[0]) out.defaultForm = forms[0].name;
  return out as unknown as UiEntity;
}

function permissions(ctx: UiContext, entity: CompiledEntity): UiEntityPermissions {
  const grant = effectiveGrant(ctx.model, ctx.model.entities.get(entity.name)!, ctx.actor);
  const update = grant.all || grant.scopes.update.size > 0;
  return { create: grant.canCreate, update, delete: grant.all || grant.scopes.delete.size > 0, share: entity.owned && update };
}

/**
 * Lookups of readable entities that point here and that the actor can see. The child rows
 * of this entity's own `lines` fields are edited inline, so their link back is left out.
 */
function referencedBy(ctx: UiContext, entity: CompiledEntity): UiRelation[] {
  const lines = new Set(entity.fieldList.filter(isLinesField).map((f) => `${f.target}.${f.via}`));
  const relations: UiRelation[] = [];
  for (const other of [...ctx.readable.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const field of other.fieldList) {
      if (!isLookupField(field) || field.target !== entity.name || lines.has(`${other.name}.${field.name}`)) continue;
      relations.push({ entity: other.name, field: field.name, label: entityLabels(ctx, other).pluralLabel });
    }
  }
  return relations;
}

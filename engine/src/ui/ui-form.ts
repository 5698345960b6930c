import type { FieldRule, UiForm, UiFormSection, UiRelation } from '@loom/metadata';
import type { CompiledEntity, CompiledForm, CompiledFormSection } from '../model/compiled-model.ts';
import { isLookupField } from '../model/field-types/field-predicates.ts';
import { formJsonSchema } from './form-json-schema.ts';
import type { UiContext } from './ui-context.ts';
import { entityLabels } from './ui-entity.ts';
import { resolveLabel, resolveOptionalLabel } from './resolve-label.ts';

/**
 * A form as the actor may use it: fields hidden from them are left out of its sections,
 * sections left empty are dropped, and a related list appears only when the actor may
 * read that entity and see its lookup. Undefined when the actor cannot read the entity.
 */
export function uiForm(ctx: UiContext, form: CompiledForm): UiForm | undefined {
  const entity = ctx.readable.get(form.entity);
  if (!entity) return undefined;
  const sections = form.sections.map((s) => uiSection(ctx, entity, s)).filter((s): s is UiFormSection => s !== undefined);
  const fieldNames = [...new Set(sections.flatMap((s) => s.fields ?? []))];
  const { schema, uiSchema } = formJsonSchema(ctx, entity, fieldNames);
  const fieldRules: Record<string, FieldRule> = {};
  for (const [name, rule] of form.fieldRules) if (fieldNames.includes(name)) fieldRules[name] = rule;
  const label = form.label === undefined ? entityLabels(ctx, entity).label : resolveLabel(form.label, ctx.locale, form.name);
  return { name: form.name, entity: form.entity, label, sections, schema, uiSchema, fieldRules } as UiForm;
}

function uiSection(ctx: UiContext, entity: CompiledEntity, section: CompiledFormSection): UiFormSection | undefined {
  const title = resolveOptionalLabel(section.title, ctx.locale);
  const out: Record<string, unknown> = { ...(title ? { title } : {}), columns: section.columns, collapsed: section.collapsed };
  if (section.visibleWhen !== undefined) out.visibleWhen = section.visibleWhen;
  if (section.related !== undefined) {
    const related = relation(ctx, entity, section.related);
    if (!related) return undefined;
    out.related = related;
    if (!title) out.title = related.label;
  } else {
    const fields = (section.fields ?? []).filter((name) => Object.hasOwn(entity.fields, name));
    if (!fields.length) return undefined;
    out.fields = fields;
  }
  return out as unknown as UiFormSection;
}

/** The related list when that entity is readable, its lookup visible and pointing at this entity. */
function relation(ctx: UiContext, entity: CompiledEntity, related: NonNullable<CompiledFormSection['related']>): UiRelation | undefined {
  const other = ctx.readable.get(related.entity);
  const field = other && Object.hasOwn(other.fields, related.field) ? other.fields[related.field] : undefined;
  if (!other || !field || !isLookupField(field) || field.target !== entity.name) return undefined;
  return { entity: other.name, field: field.name, label: entityLabels(ctx, other).pluralLabel };
}

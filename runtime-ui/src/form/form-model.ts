import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type { UiBundle, UiEntity, UiForm } from '@loom/metadata';
import type { RuleState } from './form-rules.ts';

/** The form to use for an entity: its default form, else any form of the entity. */
export function formFor(bundle: UiBundle, entityName: string): UiForm | undefined {
  const entity = bundle.entities[entityName];
  if (entity?.defaultForm && bundle.forms[entity.defaultForm]) return bundle.forms[entity.defaultForm];
  return Object.values(bundle.forms).find((f) => f.entity === entityName);
}

/** The fields a form shows, in section order (related-list sections have none). */
export function formFields(form: UiForm): string[] {
  const out: string[] = [];
  for (const s of form.sections) for (const f of s.fields ?? []) if (!out.includes(f)) out.push(f);
  return out;
}

/** Fields shown across the whole width of a section (tables, editors, maps). */
export const WIDE_TYPES = new Set(['lines', 'richtext', 'longtext', 'geo', 'json']);

/**
 * The schema and uiSchema RJSF renders for the current data: `requiredWhen` adds to
 * `required`, hidden fields are never required, `readOnlyWhen` makes fields read-only,
 * and every field is drawn by the one Loom field component.
 */
export function effectiveSchemas(form: UiForm, entity: UiEntity, rules: RuleState): { schema: RJSFSchema; uiSchema: UiSchema } {
  const base = form.schema as RJSFSchema;
  const properties = (base.properties ?? {}) as Record<string, RJSFSchema>;
  const required = new Set<string>([...((base.required as string[] | undefined) ?? []), ...rules.required]);
  for (const name of rules.hidden) required.delete(name);
  for (const name of rules.readOnly) required.delete(name);
  const schema: RJSFSchema = { ...base, required: [...required].filter((n) => n in properties) };
  const baseUi = form.uiSchema as UiSchema;
  const order = Array.isArray(baseUi['ui:order']) ? [...(baseUi['ui:order'] as string[])] : Object.keys(properties);
  if (!order.includes('*')) order.push('*');
  const uiSchema: UiSchema = { ...baseUi, 'ui:order': order };
  for (const name of Object.keys(properties)) {
    const own = (baseUi[name] ?? {}) as UiSchema;
    const readOnly = own['ui:readonly'] === true || rules.readOnly.has(name) || entity.fields[name]?.readOnly === true;
    uiSchema[name] = { ...own, 'ui:field': 'loom', ...(readOnly ? { 'ui:readonly': true } : {}) };
  }
  return { schema, uiSchema };
}

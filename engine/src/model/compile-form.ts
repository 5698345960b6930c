import type { FormDocument, FormSection, Label, LogicExpression } from '@loom/metadata';

/** When a field of a form shows, must be filled or may not be changed (JSON Logic over the record). */
export interface CompiledFieldRule {
  readonly visibleWhen?: LogicExpression;
  readonly requiredWhen?: LogicExpression;
  readonly readOnlyWhen?: LogicExpression;
}

/** One section: fields of the form's entity, or the related list of another entity's lookup pointing here. */
export interface CompiledFormSection {
  readonly title?: Label;
  /** 1..4. */
  readonly columns: number;
  readonly collapsed: boolean;
  readonly visibleWhen?: LogicExpression;
  readonly fields?: readonly string[];
  /** `"<entity>.<lookupField>"` split in two: link-documents.ts checked that the lookup points at the form's entity. */
  readonly related?: { readonly entity: string; readonly field: string };
}

/** A record form, its names checked by link-documents.ts and its defaults filled in. */
export interface CompiledForm {
  readonly kind: 'form';
  readonly name: string;
  readonly entity: string;
  /** Absent when the form has none of its own: screens show the entity's label. */
  readonly label?: Label;
  readonly sections: readonly CompiledFormSection[];
  /** By field name. */
  readonly fieldRules: ReadonlyMap<string, CompiledFieldRule>;
}

export function compileForm(doc: FormDocument): CompiledForm {
  return {
    kind: 'form',
    name: doc.name,
    entity: doc.entity,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
    sections: doc.sections.map(compileSection),
    fieldRules: new Map(Object.entries(doc.fieldRules ?? {})),
  };
}

function compileSection(section: FormSection): CompiledFormSection {
  const out: { -readonly [K in keyof CompiledFormSection]: CompiledFormSection[K] } = { columns: section.columns ?? 1, collapsed: section.collapsed === true };
  if (section.title !== undefined) out.title = section.title;
  if (section.visibleWhen !== undefined) out.visibleWhen = section.visibleWhen;
  if (section.related !== undefined) {
    const dot = section.related.lastIndexOf('.');
    out.related = { entity: section.related.slice(0, dot), field: section.related.slice(dot + 1) };
  } else {
    out.fields = section.fields ?? [];
  }
  return out;
}

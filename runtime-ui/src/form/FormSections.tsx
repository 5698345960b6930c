import { useState, type ReactNode } from 'react';
import type { FieldTemplateProps, ObjectFieldTemplateProps } from '@rjsf/utils';
import type { UiField, UiFormSection } from '@loom/metadata';
import { isWideField } from '../fields/field-traits.ts';
import type { FormCtx } from './form-context.ts';
import { Icon } from '../ui/Icon.tsx';

/** A titled card; collapsible when it has a title. Shared by the form and the record page. */
export function SectionCard({
  title,
  columns,
  collapsed,
  children,
  aside,
  forceOpen,
}: {
  title?: string;
  columns: number;
  collapsed?: boolean;
  children: ReactNode;
  aside?: ReactNode;
  forceOpen?: boolean;
}) {
  const [open, setOpen] = useState(!collapsed || !!forceOpen);
  // Opens when asked to (it holds a field with an error), and may be closed again after.
  const [wasForced, setWasForced] = useState(forceOpen);
  if (forceOpen !== wasForced) {
    setWasForced(forceOpen);
    if (forceOpen) setOpen(true);
  }
  const cols = Math.min(4, Math.max(1, columns || 1));
  return (
    <section className={`lf-section${open ? '' : ' is-collapsed'}`}>
      {title && (
        <header className="lf-section-head">
          <button type="button" className="lf-section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
            <Icon name={open ? 'chevron-down' : 'chevron-right'} size={16} />
            <h2>{title}</h2>
          </button>
          {aside}
        </header>
      )}
      {open && <div className={`lf-grid cols-${cols}`}>{children}</div>}
    </section>
  );
}

/** Where a field sits in a section's grid: tables and editors take the full width. */
export function gridItemClass(field: UiField | undefined): string {
  return `lf-grid-item${isWideField(field) ? ' is-wide' : ''}`;
}

function FieldSection({ section, index, props }: { section: UiFormSection; index: number; props: ObjectFieldTemplateProps }) {
  const ctx = props.registry.formContext as FormCtx;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  const shown = (section.fields ?? []).filter((name) => byName.has(name) && !ctx.rules.hidden.has(name));
  if (!shown.length) return null;
  const hasErrors = shown.some((name) => (props.errorSchema as Record<string, unknown> | undefined)?.[name] !== undefined);
  return (
    <SectionCard key={index} title={section.title} columns={section.columns} collapsed={section.collapsed} forceOpen={hasErrors}>
      {shown.map((name) => (
        <div key={name} className={`${gridItemClass(ctx.entity.fields[name])}${ctx.entity.fields[name]?.label === section.title ? ' is-titled' : ''}`}>
          {byName.get(name)!.content}
        </div>
      ))}
    </SectionCard>
  );
}

/** The root object of a form: its fields grouped into the form's sections (related lists belong to the record page). */
export function FormSectionsTemplate(props: ObjectFieldTemplateProps) {
  const ctx = props.registry.formContext as FormCtx;
  if (props.fieldPathId.path.length > 0) {
    return <div className="lf-grid cols-1">{props.properties.filter((p) => !p.hidden).map((p) => p.content)}</div>;
  }
  const placed = new Set(ctx.form.sections.flatMap((s) => s.fields ?? []));
  const loose = props.properties.filter((p) => !placed.has(p.name) && !p.hidden && !ctx.rules.hidden.has(p.name));
  return (
    <div className="lf-sections">
      {ctx.form.sections.map((section, i) =>
        section.fields && !ctx.rules.hiddenSections.has(i) ? <FieldSection key={i} section={section} index={i} props={props} /> : null,
      )}
      {loose.length > 0 && (
        <SectionCard columns={2}>
          {loose.map((p) => (
            <div key={p.name} className={gridItemClass(ctx.entity.fields[p.name])}>
              {p.content}
            </div>
          ))}
        </SectionCard>
      )}
    </div>
  );
}

/** Labels, help and errors are drawn by the Loom field itself. */
export function BareFieldTemplate(props: FieldTemplateProps) {
  return props.hidden ? <div hidden>{props.children}</div> : props.children;
}

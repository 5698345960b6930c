import { useMemo } from 'react';
import type { UiEntity, UiForm } from '@loom/metadata';
import { useUiBundle } from '../app/bundle-context.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { FormCtx } from '../form/form-context.ts';
import { evaluateRules } from '../form/form-rules.ts';
import type { FormText } from '../form/form-text.ts';
import { gridItemClass, SectionCard } from '../form/FormSections.tsx';
import { LinesTable } from '../form/LinesTable.tsx';
import { isLinesField } from '../fields/field-traits.ts';
import { FieldValue } from './FieldValue.tsx';
import type { Data } from './record-load.ts';

interface Props {
  readonly entity: UiEntity;
  readonly form: UiForm;
  readonly record: Data;
  readonly lines: Record<string, Data[]>;
  readonly titles: Map<string, string>;
  readonly t: FormText;
}

/** The form's field sections, read-only, with formatted values; conditions apply as in the form. */
export function RecordDetails({ entity, form, record, lines, titles, t }: Props) {
  const { format } = useI18n();
  const bundle = useUiBundle();
  const ruleContext = useMemo(() => ({ user: bundle.user }), [bundle.user]);
  const rules = useMemo(() => evaluateRules(form, entity, record, ruleContext), [form, entity, record, ruleContext]);
  const ctx: FormCtx = { bundle, entity, form, rules, data: record, ruleContext, titles, rememberTitle: () => {}, t, format };
  return (
    <div className="lf-sections">
      {form.sections.map((section, i) => {
        if (!section.fields || rules.hiddenSections.has(i)) return null;
        const shown = section.fields.filter((name) => entity.fields[name] && !rules.hidden.has(name));
        if (!shown.length) return null;
        return (
          <SectionCard key={i} title={section.title} columns={section.columns} collapsed={section.collapsed}>
            {shown.map((name) => {
              const field = entity.fields[name];
              return (
                <div key={name} className={`${gridItemClass(field)}${field.label === section.title ? ' is-titled' : ''}`}>
                  <div className="lr-field" data-field={name}>
                    <div className="lr-label">{field.label}</div>
                    <div className="lr-value">
                      {isLinesField(field) ? (
                        <LinesTable
                          id={`lr-${name}`}
                          field={field}
                          value={lines[name] ?? []}
                          onChange={() => {}}
                          readOnly
                          invalid={false}
                          ctx={ctx}
                          owner={entity}
                        />
                      ) : (
                        <FieldValue field={field} value={record[name]} titles={titles} />
                      )}
                    </div>
                  </div>
                </div>
              );
            })}
          </SectionCard>
        );
      })}
    </div>
  );
}

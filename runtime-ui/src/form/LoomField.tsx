import type { FieldProps } from '@rjsf/utils';
import type { UiField } from '@loom/metadata';
import { emptyNoteOf, isComputedField, isLinesField, isRollupField } from '../fields/field-traits.ts';
import { FieldValue } from '../record/FieldValue.tsx';
import { flattenErrors, type FormCtx } from './form-context.ts';
import { LinesTable } from './LinesTable.tsx';
import { liveRollup, type Row } from './lines-math.ts';
import { isWritable } from './record-payload.ts';
import { FieldWidget } from './widgets/index.tsx';

/** A field the bundle's entity does not describe (should not happen): a text field named after it. */
function fallbackField(name: string, title: unknown): UiField {
  return { name, type: 'text', label: typeof title === 'string' ? title : name, required: false, readOnly: false, system: false, sortable: false };
}

/** A rollup over a lines field of this form, computed from the rows being edited. */
function rollupFromLines(ctx: FormCtx, rollup: UiField): number | null | undefined {
  if (!isRollupField(rollup)) return undefined;
  const lines = Object.values(ctx.entity.fields).find(
    (f) => isLinesField(f) && f.entity === rollup.entity && f.via === rollup.via && ctx.form.sections.some((s) => s.fields?.includes(f.name)),
  );
  const child = lines?.entity ? ctx.bundle.entities[lines.entity] : undefined;
  if (!lines || !child) return undefined;
  return liveRollup(rollup, child, Array.isArray(ctx.data[lines.name]) ? (ctx.data[lines.name] as Row[]) : [], ctx.ruleContext);
}

/**
 * Every form field goes through this one RJSF field: it resolves the field from the UI
 * bundle, draws the label, the widget for the field type (or the formatted value when
 * the field cannot be edited), the help text and the field's errors.
 */
export function LoomField(props: FieldProps) {
  const ctx = props.registry.formContext as FormCtx;
  const { name, fieldPathId, formData, required, uiSchema } = props;
  const field = ctx.entity.fields[name] ?? fallbackField(name, props.schema.title);
  const readOnly = Boolean(props.readonly) || ctx.rules.readOnly.has(name) || !isWritable(field);
  const lines = isLinesField(field);
  const errors = lines ? (props.rawErrors ?? []) : [...(props.rawErrors ?? []), ...flattenErrors(props.errorSchema)];
  const invalid = errors.length > 0;
  const id = fieldPathId.$id;
  const computed = isComputedField(field);
  const onChange = (value: unknown) => props.onChange(value, fieldPathId.path);
  const shown = rollupFromLines(ctx, field) ?? formData;
  const emptyNote = emptyNoteOf(field);

  let control;
  if (lines) {
    control = (
      <LinesTable
        id={id}
        field={field}
        value={formData}
        onChange={onChange}
        readOnly={readOnly}
        invalid={invalid}
        ctx={ctx}
        errors={props.errorSchema}
        owner={ctx.entity}
      />
    );
  } else if (readOnly) {
    control = (
      <div className={`lf-readonly${computed ? ' is-computed' : ''}`} id={id}>
        {emptyNote && (formData === undefined || formData === null) ? (
          <span className="lf-empty">{ctx.t(emptyNote)}</span>
        ) : (
          <FieldValue field={field} value={shown} titles={ctx.titles} />
        )}
      </div>
    );
  } else {
    control = (
      <FieldWidget
        widget={uiSchema?.['ui:widget']}
        id={id}
        field={field}
        value={formData}
        onChange={onChange}
        readOnly={false}
        invalid={invalid}
        ctx={ctx}
        owner={ctx.entity}
      />
    );
  }

  return (
    <div className={`lf-field is-${field.type}${invalid ? ' has-error' : ''}`} data-field={name}>
      <label className="lf-label" htmlFor={id}>
        {field.label}
        {required && !readOnly && (
          <span className="lf-required" title={ctx.t('required')}>
            *
          </span>
        )}
        {computed && <span className="lf-badge">{ctx.t('computed')}</span>}
      </label>
      {control}
      {field.help && !invalid && <p className="lf-help">{field.help}</p>}
      {errors.map((message, i) => (
        <p key={i} className="lf-field-error" role="alert">
          {message}
        </p>
      ))}
    </div>
  );
}

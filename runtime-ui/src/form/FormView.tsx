import { useMemo } from 'react';
import Form from '@rjsf/core';
import type { ErrorSchema, RJSFValidationError, RegistryFieldsType } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { FormCtx } from './form-context.ts';
import { effectiveSchemas } from './form-model.ts';
import { BareFieldTemplate, FormSectionsTemplate } from './FormSections.tsx';
import { LoomField } from './LoomField.tsx';
import type { Data } from './record-payload.ts';

const fields: RegistryFieldsType = { loom: LoomField };
const templates = { FieldTemplate: BareFieldTemplate, ObjectFieldTemplate: FormSectionsTemplate };

interface Props {
  readonly formId: string;
  readonly ctx: FormCtx;
  readonly data: Data;
  readonly extraErrors: ErrorSchema;
  /** After the first save attempt, fields are checked as they change (a fixed field loses its error). */
  readonly live: boolean;
  onChange(data: Data, errors: RJSFValidationError[]): void;
  onSubmit(data: Data): void;
  onInvalid(errors: RJSFValidationError[]): void;
}

/**
 * The RJSF form: the bundle's JSON Schema with the live rules applied, every field drawn
 * by LoomField inside the form's sections. Validation runs on submit (ajv), server
 * problems arrive as `extraErrors`; the browser's own validation is off.
 */
export function FormView({ formId, ctx, data, extraErrors, live, onChange, onSubmit, onInvalid }: Props) {
  const { schema, uiSchema } = useMemo(() => effectiveSchemas(ctx.form, ctx.entity, ctx.rules), [ctx.form, ctx.entity, ctx.rules]);
  const transformErrors = (errors: RJSFValidationError[]) =>
    errors.filter((e) => e.name !== 'type' || e.params?.type !== 'null').map((e) => (e.name === 'required' ? { ...e, message: ctx.t('isRequired') } : e));
  return (
    <Form
      id={formId}
      className="lf-form"
      schema={schema}
      uiSchema={uiSchema}
      formData={data}
      formContext={ctx}
      validator={validator}
      fields={fields}
      templates={templates}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      liveValidate={live ? 'onChange' : undefined}
      transformErrors={transformErrors}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipEmptyDefaults' }}
      onChange={(event) =>
        onChange(
          event.formData as Data,
          event.errors.filter((e) => e.name !== undefined),
        )
      }
      onSubmit={(event) => onSubmit(event.formData as Data)}
      onError={onInvalid}
    >
      <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </Form>
  );
}

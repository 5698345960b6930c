import type { ErrorSchema } from '@rjsf/utils';
import type { UiBundle, UiEntity, UiField, UiForm } from '@loom/metadata';
import type { Formatters } from '../i18n/i18n.tsx';
import type { RuleContext, RuleState } from './form-rules.ts';
import type { FormText } from './form-text.ts';

/** What every field and widget of a form can reach (RJSF's formContext). */
export interface FormCtx {
  readonly bundle: UiBundle;
  readonly entity: UiEntity;
  readonly form: UiForm;
  readonly rules: RuleState;
  /** The form data as it is now (computed displays follow it). */
  readonly data: Record<string, unknown>;
  readonly ruleContext: RuleContext;
  /** Record and user names by id, so lookups show titles. */
  readonly titles: ReadonlyMap<string, string>;
  rememberTitle(id: string, title: string): void;
  readonly t: FormText;
  readonly format: Formatters;
}

/** The props every widget takes: one field's value, already resolved from the bundle. */
export interface WidgetProps<V = unknown> {
  readonly id: string;
  readonly field: UiField;
  readonly value: V | undefined;
  onChange(value: V | undefined): void;
  readonly readOnly: boolean;
  readonly invalid: boolean;
  readonly ctx: FormCtx;
  /** The field's error tree (lines use it for cell errors). */
  readonly errors?: ErrorSchema;
  /** Inside a table cell: no extra chrome. */
  readonly compact?: boolean;
  /** The entity the field belongs to (the child entity inside lines). */
  readonly owner: UiEntity;
}

/** All messages of an error tree, flattened (a money field's amount error belongs to the field). */
export function flattenErrors(errors: ErrorSchema | undefined): string[] {
  if (!errors) return [];
  const out: string[] = [...((errors as { __errors?: string[] }).__errors ?? [])];
  for (const [key, child] of Object.entries(errors)) if (key !== '__errors') out.push(...flattenErrors(child as ErrorSchema));
  return out;
}

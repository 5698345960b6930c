import type { WidgetProps } from '../form-context.ts';
import { inputTypeOf } from '../../fields/field-traits.ts';

function inputClass(props: WidgetProps<unknown>, extra = ''): string {
  return ['lf-input', props.invalid ? 'is-invalid' : '', props.compact ? 'is-compact' : '', extra].filter(Boolean).join(' ');
}

export function TextInput(props: WidgetProps<string>) {
  const { id, field, value, onChange, readOnly } = props;
  return (
    <input
      id={id}
      className={inputClass(props)}
      type={inputTypeOf(field)}
      value={value ?? ''}
      maxLength={field.maxLength}
      readOnly={readOnly}
      aria-invalid={props.invalid || undefined}
      aria-label={props.compact ? field.label : undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}

export function LongTextInput(props: WidgetProps<string>) {
  const { id, field, value, onChange, readOnly } = props;
  return (
    <textarea
      id={id}
      className={inputClass(props, 'lf-textarea')}
      rows={props.compact ? 1 : 4}
      value={value ?? ''}
      maxLength={field.maxLength}
      readOnly={readOnly}
      aria-invalid={props.invalid || undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}

type NumberKind = 'integer' | 'number' | 'decimal' | 'percent';

/** integer, number, percent (numbers) and decimal (kept as the typed text, so no digit is lost). */
export function NumberInput(props: WidgetProps<number | string> & { kind?: NumberKind }) {
  const { id, field, value, onChange, readOnly, kind = 'number' } = props;
  const decimal = kind === 'decimal';
  const parse = (text: string) => {
    if (text.trim() === '') return undefined;
    if (decimal) return text.trim();
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  };
  return (
    <span className={`lf-affix${kind === 'percent' ? ' has-suffix' : ''}`}>
      <input
        id={id}
        className={inputClass(props, 'lf-number')}
        type="text"
        inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
        value={value === undefined || value === null ? '' : String(value)}
        readOnly={readOnly}
        aria-invalid={props.invalid || undefined}
        aria-label={props.compact ? field.label : undefined}
        onChange={(e) => onChange(parse(e.target.value))}
      />
      {kind === 'percent' && <span className="lf-suffix">%</span>}
    </span>
  );
}

export function BooleanInput(props: WidgetProps<boolean>) {
  const { id, value, onChange, readOnly, ctx } = props;
  return (
    <label className="lf-switch">
      <input id={id} type="checkbox" checked={value === true} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} />
      <span className="lf-switch-track" aria-hidden="true" />
      <span className="lf-switch-text">{value ? ctx.t('value.yes') : ctx.t('value.no')}</span>
    </label>
  );
}

/** ISO UTC ↔ the `datetime-local` text in the browser's time zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(text: string): string | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Native date pickers: the browser shows them in the user's locale. */
export function DateInput(props: WidgetProps<string> & { withTime?: boolean }) {
  const { id, field, value, onChange, readOnly, withTime: datetime = false } = props;
  return (
    <input
      id={id}
      className={inputClass(props, 'lf-date')}
      type={datetime ? 'datetime-local' : 'date'}
      value={datetime ? toLocalInput(value) : (value ?? '')}
      min={typeof field.min === 'string' ? (datetime ? toLocalInput(field.min) : field.min) : undefined}
      max={typeof field.max === 'string' ? (datetime ? toLocalInput(field.max) : field.max) : undefined}
      readOnly={readOnly}
      aria-invalid={props.invalid || undefined}
      aria-label={props.compact ? field.label : undefined}
      onChange={(e) => onChange(datetime ? fromLocalInput(e.target.value) : e.target.value || undefined)}
    />
  );
}

export function JsonInput(props: WidgetProps<unknown>) {
  const { id, value, onChange, readOnly } = props;
  return (
    <textarea
      id={id}
      className={inputClass(props, 'lf-textarea lf-mono')}
      rows={5}
      defaultValue={value === undefined ? '' : JSON.stringify(value, null, 2)}
      readOnly={readOnly}
      onChange={(e) => {
        try {
          onChange(e.target.value.trim() ? JSON.parse(e.target.value) : undefined);
        } catch {
          /* keep the last valid value while the text is being typed */
        }
      }}
    />
  );
}

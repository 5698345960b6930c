import { useState, type ReactNode } from 'react';
import type { UiField } from '@loom/metadata';
import { useUiBundle } from '../app/bundle-context.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { RefSelect } from '../ui/RefSelect.tsx';
import { rangeOf } from './report-params.ts';
import type { ReportParam } from './reports-api.ts';

/**
 * A report's parameters, each as its type asks (a date range as two dates, a select, a person
 * found through the user directory, a number…). Every change is applied at once: the page
 * puts it in the address and the report is computed again. A problem the server found with a
 * value shows under it.
 */
export function ParamsForm({
  params,
  values,
  problems,
  onChange,
}: {
  params: readonly ReportParam[];
  values: Readonly<Record<string, string>>;
  problems: Readonly<Record<string, readonly string[]>>;
  onChange(name: string, text: string): void;
}) {
  if (params.length === 0) return null;
  return (
    <div className="rp-params" role="group">
      {params.map((p) => (
        <div key={p.name} className={`rp-param is-${p.type}`}>
          <span className="rp-param-label" id={`rp-param-${p.name}`}>
            {p.label}
            {p.required && <span aria-hidden="true"> *</span>}
          </span>
          <ParamInput param={p} value={values[p.name] ?? ''} onChange={(text) => onChange(p.name, text)} />
          {problems[p.name]?.map((m) => (
            <span key={m} className="rp-param-error" role="alert">
              {m}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}

interface ParamInputProps {
  readonly param: ReportParam;
  readonly value: string;
  onChange(text: string): void;
}

/** The input of a report parameter, by the parameter's type (one entry per type the API names). */
const PARAM_INPUTS: Record<ReportParam['type'], (props: ParamInputProps) => ReactNode> = {
  dateRange: DateRangeParam,
  date: ({ param, value, onChange }) => (
    <input className="input" type="date" value={value} aria-labelledby={labelId(param)} onChange={(e) => onChange(e.target.value)} />
  ),
  datetime: ({ param, value, onChange }) => (
    <input
      className="input"
      type="datetime-local"
      value={value ? value.slice(0, 16) : ''}
      aria-labelledby={labelId(param)}
      onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : '')}
    />
  ),
  select: SelectParam,
  boolean: BooleanParam,
  user: UserParam,
  number: ({ param, value, onChange }) => <TextParam type="number" value={value} labelledBy={labelId(param)} onChange={onChange} />,
  integer: ({ param, value, onChange }) => <TextParam type="number" value={value} labelledBy={labelId(param)} onChange={onChange} />,
  text: ({ param, value, onChange }) => <TextParam type="search" value={value} labelledBy={labelId(param)} onChange={onChange} />,
};

const labelId = (param: ReportParam) => `rp-param-${param.name}`;

function ParamInput(props: ParamInputProps) {
  const Input = PARAM_INPUTS[props.param.type] ?? PARAM_INPUTS.text;
  return <Input {...props} />;
}

function DateRangeParam({ param, value, onChange }: ParamInputProps) {
  const { t } = useI18n();
  const range = rangeOf(value);
  const set = (from: string | undefined, to: string | undefined) => onChange(from || to ? `${from ?? ''}..${to ?? ''}` : '');
  return (
    <span className="rp-range">
      <input
        className="input"
        type="date"
        value={range.from ?? ''}
        max={range.to}
        aria-label={`${param.label} · ${t('reports.from')}`}
        onChange={(e) => set(e.target.value, range.to)}
      />
      <span className="rp-range-dash" aria-hidden="true">
        –
      </span>
      <input
        className="input"
        type="date"
        value={range.to ?? ''}
        min={range.from}
        aria-label={`${param.label} · ${t('reports.to')}`}
        onChange={(e) => set(range.from, e.target.value)}
      />
    </span>
  );
}

function SelectParam({ param, value, onChange }: ParamInputProps) {
  const { t } = useI18n();
  return (
    <select className="input" value={value.includes(',') ? '' : value} aria-labelledby={labelId(param)} onChange={(e) => onChange(e.target.value)}>
      {!param.required && <option value="">{t('reports.all')}</option>}
      {value.includes(',') && <option value="">{value}</option>}
      {(param.options ?? []).map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function BooleanParam({ param, value, onChange }: ParamInputProps) {
  const { t } = useI18n();
  return (
    <select className="input" value={value} aria-labelledby={labelId(param)} onChange={(e) => onChange(e.target.value)}>
      {!param.required && <option value="">{t('reports.all')}</option>}
      <option value="true">{t('reports.yes')}</option>
      <option value="false">{t('reports.no')}</option>
    </select>
  );
}

/** Typed text is applied when the field is left or Enter is pressed, not at every key. */
function TextParam({ type, value, labelledBy, onChange }: { type: string; value: string; labelledBy: string; onChange(text: string): void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft.trim() !== value) onChange(draft.trim());
    setDraft(null);
  };
  return (
    <input
      className="input"
      type={type}
      value={draft ?? value}
      aria-labelledby={labelledBy}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

/** A person: the user directory's search (the same as a user field's), the chosen name kept while the page is open. */
function UserParam({ param, value, onChange }: ParamInputProps) {
  const { t } = useI18n();
  const bundle = useUiBundle();
  const [picked, setPicked] = useState<{ id: string; title: string } | null>(null);
  const field: UiField = { name: param.name, type: 'user', label: param.label, required: param.required, readOnly: false, system: false, sortable: false };
  const shown = !value ? t('reports.anyone') : value === bundle.user.id ? bundle.user.name : picked?.id === value ? picked.title : t('reports.someone');
  return (
    <span className="rp-user">
      <Popover
        label={param.label}
        button={
          <>
            <Icon name="user" /> <span className="truncate">{shown}</span> <Icon name="chevron-down" size={14} />
          </>
        }
      >
        {(close) => (
          <RefSelect
            field={field}
            autoFocus
            onPick={(option) => {
              setPicked({ id: option.id, title: option.title });
              onChange(option.id);
              close();
            }}
          />
        )}
      </Popover>
      {value && !param.required && (
        <button type="button" className="icon-btn" aria-label={t('reports.clear')} onClick={() => onChange('')}>
          <Icon name="x" size={14} />
        </button>
      )}
    </span>
  );
}

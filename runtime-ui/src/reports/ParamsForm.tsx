import { useState } from 'react';
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

function ParamInput({ param, value, onChange }: { param: ReportParam; value: string; onChange(text: string): void }) {
  const { t } = useI18n();
  const labelled = { 'aria-labelledby': `rp-param-${param.name}` };
  switch (param.type) {
    case 'dateRange': {
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
    case 'date':
      return <input className="input" type="date" value={value} {...labelled} onChange={(e) => onChange(e.target.value)} />;
    case 'datetime':
      return (
        <input
          className="input"
          type="datetime-local"
          value={value ? value.slice(0, 16) : ''}
          {...labelled}
          onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : '')}
        />
      );
    case 'select':
      return (
        <select className="input" value={value.includes(',') ? '' : value} {...labelled} onChange={(e) => onChange(e.target.value)}>
          {!param.required && <option value="">{t('reports.all')}</option>}
          {value.includes(',') && <option value="">{value}</option>}
          {(param.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <select className="input" value={value} {...labelled} onChange={(e) => onChange(e.target.value)}>
          {!param.required && <option value="">{t('reports.all')}</option>}
          <option value="true">{t('reports.yes')}</option>
          <option value="false">{t('reports.no')}</option>
        </select>
      );
    case 'user':
      return <UserParam param={param} value={value} onChange={onChange} />;
    case 'number':
    case 'integer':
      return <TextParam type="number" value={value} labelledBy={labelled['aria-labelledby']} onChange={onChange} />;
    default:
      return <TextParam type="search" value={value} labelledBy={labelled['aria-labelledby']} onChange={onChange} />;
  }
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
function UserParam({ param, value, onChange }: { param: ReportParam; value: string; onChange(text: string): void }) {
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

import { lazy, Suspense, useState } from 'react';
import type { UiColumn, UiField } from '@loom/metadata';
import { useUiBundle } from '../app/bundle-context.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { textOf } from './cells.tsx';
import { filterEditorFor } from '../fields/field-traits.ts';
import { clauseKindFor, isEmptyClause, type FilterClause } from './filters.ts';

// The record search of a reference filter is loaded when such a filter is edited, not with the list.
const RefSelect = lazy(() => import('../ui/RefSelect.tsx').then((m) => ({ default: m.RefSelect })));

export interface FilterTarget {
  readonly path: string;
  readonly label: string;
  readonly field: UiField;
}

/** The fields a user may filter on: the list's columns first, then the entity's other fields. */
export function filterTargets(columns: readonly UiColumn[]): FilterTarget[] {
  return columns.filter((c) => clauseKindFor(c.field) !== undefined).map((c) => ({ path: c.path, label: c.label, field: c.field }));
}

function emptyClause(target: FilterTarget): FilterClause {
  const kind = clauseKindFor(target.field)!;
  switch (kind) {
    case 'contains':
      return { kind, path: target.path, text: '' };
    case 'oneOf':
      return { kind, path: target.path, values: [] };
    case 'range':
      return { kind, path: target.path };
    case 'flag':
      return { kind, path: target.path, value: true };
    case 'ref':
      return { kind, path: target.path, id: '', title: '' };
  }
}

/** Range bounds are typed as dates or numbers, as the field registry says. */
function inputType(field: UiField): 'date' | 'number' {
  return filterEditorFor(field)?.input ?? 'number';
}

/** The editor for one clause, in a popover. */
function ClauseEditor({
  target,
  clause,
  onChange,
  onDone,
}: {
  target: FilterTarget;
  clause: FilterClause;
  onChange(c: FilterClause): void;
  onDone(next?: FilterClause): void;
}) {
  const { t } = useI18n();
  const field = target.field;
  switch (clause.kind) {
    case 'contains':
      return (
        <form className="clause-editor" onSubmit={(e) => (e.preventDefault(), onDone())}>
          <label className="field-label">
            {target.label} <span className="muted">{t('filter.contains')}</span>
          </label>
          <input
            className="input"
            autoFocus
            value={clause.text}
            onChange={(e) => onChange({ ...clause, text: e.target.value })}
            aria-label={`${target.label} ${t('filter.contains')}`}
          />
          <button className="btn btn-primary btn-sm" type="submit">
            {t('list.apply')}
          </button>
        </form>
      );
    case 'oneOf':
      return (
        <div className="clause-editor">
          <div className="field-label">
            {target.label} <span className="muted">{t('filter.isAnyOf')}</span>
          </div>
          <div className="option-list" role="group" aria-label={target.label}>
            {(field.options ?? []).map((option) => {
              const checked = clause.values.includes(option.value);
              return (
                <label key={option.value} className="check-row">
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={() =>
                      onChange({ ...clause, values: checked ? clause.values.filter((v) => v !== option.value) : [...clause.values, option.value] })
                    }
                  />
                  <span>{option.label}</span>
                </label>
              );
            })}
          </div>
          <button className="btn btn-primary btn-sm" type="button" onClick={() => onDone()}>
            {t('list.apply')}
          </button>
        </div>
      );
    case 'range':
      return (
        <form className="clause-editor" onSubmit={(e) => (e.preventDefault(), onDone())}>
          <div className="field-label">
            {target.label} <span className="muted">{t('filter.between')}</span>
          </div>
          <div className="range-inputs">
            <input
              className="input"
              type={inputType(field)}
              step="any"
              placeholder={t(inputType(field) === 'date' ? 'filter.from' : 'filter.min')}
              aria-label={t('filter.min')}
              value={clause.min ?? ''}
              onChange={(e) => onChange({ ...clause, min: e.target.value || undefined })}
              autoFocus
            />
            <span className="muted">–</span>
            <input
              className="input"
              type={inputType(field)}
              step="any"
              placeholder={t(inputType(field) === 'date' ? 'filter.to' : 'filter.max')}
              aria-label={t('filter.max')}
              value={clause.max ?? ''}
              onChange={(e) => onChange({ ...clause, max: e.target.value || undefined })}
            />
          </div>
          <button className="btn btn-primary btn-sm" type="submit">
            {t('list.apply')}
          </button>
        </form>
      );
    case 'flag':
      return (
        <div className="clause-editor">
          <div className="field-label">{target.label}</div>
          <div className="segmented" role="radiogroup" aria-label={target.label}>
            {[true, false].map((value) => (
              <button
                key={String(value)}
                type="button"
                role="radio"
                aria-checked={clause.value === value}
                className={clause.value === value ? 'active' : ''}
                onClick={() => onDone({ ...clause, value })}
              >
                {value ? t('filter.yes') : t('filter.no')}
              </button>
            ))}
          </div>
        </div>
      );
    case 'ref':
      return (
        <div className="clause-editor">
          <div className="field-label">
            {target.label} <span className="muted">{t('filter.is')}</span>
          </div>
          <Suspense fallback={null}>
            <RefSelect field={field} autoFocus onPick={(option) => onDone({ ...clause, id: option.id, title: option.title })} />
          </Suspense>
        </div>
      );
    case 'raw':
      return <pre className="clause-raw">{JSON.stringify(clause.logic, null, 1)}</pre>;
  }
}

export function clauseSummary(clause: FilterClause, target: FilterTarget | undefined, ctx: Parameters<typeof textOf>[2]): string {
  const { t } = ctx;
  const label = target?.label ?? clause.path;
  switch (clause.kind) {
    case 'contains':
      return `${label} ${t('filter.contains')} “${clause.text}”`;
    case 'oneOf':
      return `${label}: ${clause.values.map((v) => (target ? textOf(target.field, v, ctx) : v)).join(', ')}`;
    case 'range': {
      // A bound reads like the field's values: "¥1,000.00" for money, a date in the locale.
      const show = (v: string) => (!target ? v : inputType(target.field) === 'date' ? ctx.format.date(v) : textOf(target.field, Number(v), ctx));
      if (clause.min && clause.max) return `${label}: ${show(clause.min)} – ${show(clause.max)}`;
      return clause.min ? `${label} ≥ ${show(clause.min)}` : `${label} ≤ ${show(clause.max ?? '')}`;
    }
    case 'flag':
      return `${label}: ${clause.value ? t('filter.yes') : t('filter.no')}`;
    case 'ref':
      return `${label}: ${clause.title}`;
    case 'raw':
      return t('list.filter');
  }
}

/** Filter chips (each opens its editor) and an "Add filter" field picker. */
export function FilterBar({
  targets,
  clauses,
  onChange,
}: {
  targets: readonly FilterTarget[];
  clauses: readonly FilterClause[];
  onChange(clauses: FilterClause[]): void;
}) {
  const { t, format } = useI18n();
  const bundle = useUiBundle();
  const ctx = { bundle, t, format };
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState<FilterClause | null>(null);
  const targetOf = (path: string) => targets.find((x) => x.path === path);

  const commit = (index: number, clause: FilterClause) => {
    const next = [...clauses];
    if (isEmptyClause(clause)) next.splice(index, 1);
    else next[index] = clause;
    onChange(next);
    setEditing(null);
    setDraft(null);
  };

  return (
    <div className="filter-bar">
      {clauses.map((clause, index) => {
        const target = targetOf(clause.path);
        const open = editing === index;
        return (
          <div key={index} className="filter-chip">
            <Popover
              label={clauseSummary(clause, target, ctx)}
              open={open}
              onOpenChange={(o) => {
                if (o) {
                  setEditing(index);
                  setDraft(clause);
                } else if (draft && editing === index) commit(index, draft);
              }}
              button={<span className="truncate">{clauseSummary(clause, target, ctx)}</span>}
            >
              {target && draft ? (
                <ClauseEditor target={target} clause={draft} onChange={setDraft} onDone={(next) => commit(index, next ?? draft)} />
              ) : (
                <pre className="clause-raw">{JSON.stringify(clause, null, 1)}</pre>
              )}
            </Popover>
            <button
              type="button"
              className="chip-remove"
              aria-label={t('filter.remove')}
              title={t('filter.remove')}
              onClick={() => onChange(clauses.filter((_, i) => i !== index))}
            >
              <Icon name="x" size={12} />
            </button>
          </div>
        );
      })}
      <Popover
        label={t('list.addFilter')}
        button={
          <>
            <Icon name="filter" /> <span>{t('list.addFilter')}</span>
          </>
        }
      >
        {(close) => (
          <div className="menu-list" role="menu">
            <div className="menu-heading">{t('filter.choose')}</div>
            {targets.map((target) => (
              <button
                key={target.path}
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => {
                  close();
                  const clause = emptyClause(target);
                  onChange([...clauses, clause]);
                  setEditing(clauses.length);
                  setDraft(clause);
                }}
              >
                {target.label}
              </button>
            ))}
          </div>
        )}
      </Popover>
      {clauses.length > 0 && (
        <button type="button" className="btn btn-link" onClick={() => onChange([])}>
          {t('list.clearFilters')}
        </button>
      )}
    </div>
  );
}

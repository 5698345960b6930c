import type { UiBundle, UiField } from '@loom/metadata';
import type { Formatters, Translate } from '../i18n/i18n.tsx';
import { referenceTitle } from './columns.ts';

/** Option colors from metadata (names) mapped onto the palette's chip styles. */
const CHIP_COLORS = new Set(['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink', 'gray']);
const COLOR_ALIASES: Record<string, string> = { grey: 'gray', amber: 'yellow', cyan: 'teal', violet: 'purple', lime: 'green', emerald: 'green', sky: 'blue', rose: 'pink', slate: 'gray' };

export function chipColor(color: string | undefined): string {
  if (!color) return 'gray';
  const name = color.toLowerCase();
  if (CHIP_COLORS.has(name)) return name;
  return COLOR_ALIASES[name] ?? 'gray';
}

export interface CellContext {
  readonly bundle: UiBundle;
  readonly format: Formatters;
  readonly t: Translate;
}

function Chip({ field, value }: { field: UiField; value: string }) {
  const option = field.options?.find((o) => o.value === value);
  const label = option?.label ?? value;
  return (
    <span className={`chip chip-${chipColor(option?.color)}`} title={label}>
      <span className="chip-text">{label}</span>
    </span>
  );
}

/** Text for a value (cards, titles, tooltips). */
export function textOf(field: UiField, value: unknown, ctx: CellContext): string {
  if (value === null || value === undefined || value === '') return '';
  switch (field.type) {
    case 'select':
      return field.options?.find((o) => o.value === value)?.label ?? String(value);
    case 'multiselect':
      return Array.isArray(value) ? value.map((v) => field.options?.find((o) => o.value === v)?.label ?? String(v)).join(', ') : String(value);
    case 'boolean':
      return value ? ctx.t('value.yes') : ctx.t('value.no');
    case 'money': {
      const money = value as { amount?: string | number; currency?: string };
      return typeof value === 'object' ? ctx.format.money(money.amount ?? '', money.currency ?? field.currency ?? 'USD') : ctx.format.money(value as string, field.currency ?? 'USD');
    }
    case 'integer':
    case 'number':
      return typeof value === 'number' ? ctx.format.number(value) : String(value);
    case 'decimal':
      return ctx.format.number(Number(value), { minimumFractionDigits: field.scale ?? 0, maximumFractionDigits: field.scale ?? 6 });
    case 'percent':
      return ctx.format.number(Number(value) / 100, { style: 'percent', maximumFractionDigits: 1 });
    case 'date':
      return ctx.format.date(String(value));
    case 'datetime':
      return ctx.format.dateTime(String(value));
    case 'lookup':
    case 'user':
      return referenceTitle(ctx.bundle, field, value) ?? '';
    case 'formula':
      if (field.result === 'number' && typeof value === 'number') return ctx.format.number(value);
      if (field.result === 'date') return ctx.format.date(String(value));
      if (field.result === 'boolean') return value ? ctx.t('value.yes') : ctx.t('value.no');
      return String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return [...parts[0]].slice(0, 2).join('').toUpperCase();
  return (parts[0][0] + parts[parts.length - 1][0]).toUpperCase();
}

/** A cell's content for a value of this field. */
export function Cell({ field, value, ctx }: { field: UiField; value: unknown; ctx: CellContext }) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return <span className="cell-empty">—</span>;
  switch (field.type) {
    case 'select':
      return <Chip field={field} value={String(value)} />;
    case 'multiselect':
      return (
        <span className="chips">
          {(Array.isArray(value) ? value : [value]).map((v) => (
            <Chip key={String(v)} field={field} value={String(v)} />
          ))}
        </span>
      );
    case 'boolean':
      return value ? <span className="check-yes" aria-label={ctx.t('value.yes')}>✓</span> : <span className="check-no">{ctx.t('value.no')}</span>;
    case 'user': {
      const name = textOf(field, value, ctx);
      return (
        <span className="person">
          <span className="avatar avatar-sm" aria-hidden="true">{initials(name || '?')}</span>
          <span className="truncate">{name}</span>
        </span>
      );
    }
    case 'lookup':
      return <span className="ref truncate">{textOf(field, value, ctx)}</span>;
    case 'email':
      return (
        <a className="truncate" href={`mailto:${String(value)}`} onClick={(e) => e.stopPropagation()}>
          {String(value)}
        </a>
      );
    case 'url':
      return (
        <a className="truncate" href={String(value)} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
          {String(value).replace(/^https?:\/\//, '')}
        </a>
      );
    case 'percent': {
      const n = Number(value);
      return (
        <span className="percent">
          <span className="percent-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(100, n))}%` }} />
          </span>
          {textOf(field, value, ctx)}
        </span>
      );
    }
    case 'datetime':
      return (
        <span className="truncate" title={ctx.format.dateTime(String(value))}>
          {ctx.format.relative(String(value))}
        </span>
      );
    case 'autonumber':
      return <span className="mono">{String(value)}</span>;
    default:
      return <span className="truncate">{textOf(field, value, ctx)}</span>;
  }
}

export { initials };

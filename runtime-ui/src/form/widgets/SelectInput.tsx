import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { UiSelectOption } from '@loom/metadata';
import type { WidgetProps } from '../form-context.ts';
import { Icon } from '../../ui/Icon.tsx';
import { useAnchoredMenu, type AnchoredMenu } from '../../ui/Popover.tsx';
import { OptionChip } from './OptionChip.tsx';

interface MenuProps {
  readonly options: readonly UiSelectOption[];
  readonly selected: readonly string[];
  /** Where the menu goes (useAnchoredMenu): its ref, its style and its props. */
  readonly place: Pick<AnchoredMenu, 'style' | 'menuProps'> & { readonly menuRef: AnchoredMenu['setMenu'] };
  readonly empty: string;
  readonly extra?: ReactNode;
  onPick(value: string): void;
}

function OptionMenu({ options, selected, place, empty, extra, onPick }: MenuProps) {
  const { menuRef, style, menuProps } = place;
  return (
    <ul ref={menuRef} className="lf-menu" role="listbox" style={style} {...menuProps()}>
      {extra}
      {!options.length && !extra && <li className="lf-menu-note">{empty}</li>}
      {options.map((o) => (
        <li
          key={o.value}
          role="option"
          aria-selected={selected.includes(o.value)}
          className={`lf-menu-item${selected.includes(o.value) ? ' is-selected' : ''}`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(o.value)}
        >
          <OptionChip option={o} />
          {selected.includes(o.value) && <Icon name="check" size={14} className="lf-menu-check" />}
        </li>
      ))}
    </ul>
  );
}

/** Open state and placement of a drop-down; the parts are handed out one by one (refs apart from values). */
function useMenu() {
  const [open, setOpen] = useState(false);
  const { setAnchor, setMenu, style, menuProps } = useAnchoredMenu(open, setOpen);
  return { open, setOpen, setAnchor, place: { menuRef: setMenu, style, menuProps } };
}

const optionsOf = (props: WidgetProps<unknown>) => props.field.options ?? [];

/** One option: a button showing the chosen option's chip, a menu of coloured options. */
export function SelectInput(props: WidgetProps<string>) {
  const { id, field, value, onChange, readOnly, ctx, invalid, compact } = props;
  const { open, setOpen, setAnchor, place } = useMenu();
  const [term, setTerm] = useState('');
  const options = optionsOf(props);
  const current = options.find((o) => o.value === value);
  const searchable = field.allowNew || options.length > 8;
  const shown = options.filter((o) => !term || o.label.toLowerCase().includes(term.toLowerCase()));
  const pick = (v: string | undefined) => {
    onChange(v);
    setOpen(false);
    setTerm('');
  };
  // Arrow keys step through the options without opening the menu, like a native select.
  const step = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = options.findIndex((o) => o.value === value);
    const next = options[Math.min(options.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) onChange(next.value);
  };
  const extra = (searchable || (!field.required && value)) && (
    <li className="lf-menu-tools" key="tools">
      {searchable && (
        <input
          className="lf-input is-compact"
          autoFocus
          placeholder={ctx.t('search')}
          value={term}
          onChange={(e) => setTerm(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), term && pick(shown[0]?.value ?? (field.allowNew ? term : undefined)))}
        />
      )}
      {!field.required && value && (
        <button type="button" className="btn-link" onClick={() => pick(undefined)}>
          {ctx.t('clear')}
        </button>
      )}
    </li>
  );
  return (
    <div ref={setAnchor} className={`lf-select${invalid ? ' is-invalid' : ''}${compact ? ' is-compact' : ''}`}>
      <button
        id={id}
        type="button"
        className="lf-select-button"
        disabled={readOnly}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={compact ? field.label : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => step(e)}
      >
        {value ? <OptionChip option={current} value={value} /> : <span className="lf-placeholder">{ctx.t('choose')}</span>}
        <Icon name="chevron-down" size={15} className="lf-select-caret" />
      </button>
      {open && <OptionMenu options={shown} selected={value ? [value] : []} place={place} empty={ctx.t('noMatches')} extra={extra} onPick={pick} />}
    </div>
  );
}

/** Several options (multiselect) or free tags (allowNew): chips with a remove button, a menu to add more. */
export function MultiSelectInput(props: WidgetProps<string[]>) {
  const { id, field, value, onChange, readOnly, ctx, invalid } = props;
  const { open, setOpen, setAnchor, place } = useMenu();
  const [term, setTerm] = useState('');
  const selected = Array.isArray(value) ? value : [];
  const options = optionsOf(props);
  const remaining = options.filter((o) => !selected.includes(o.value) && (!term || o.label.toLowerCase().includes(term.toLowerCase())));
  const set = (next: string[]) => onChange(next.length ? next : undefined);
  const add = (v: string) => {
    if (!selected.includes(v)) set([...selected, v]);
    setTerm('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === ',') && term.trim()) {
      e.preventDefault();
      const match = remaining.find((o) => o.label.toLowerCase() === term.trim().toLowerCase()) ?? (field.allowNew ? undefined : remaining[0]);
      if (match) add(match.value);
      else if (field.allowNew) add(term.trim());
    } else if (e.key === 'Backspace' && !term && selected.length) set(selected.slice(0, -1));
  };
  return (
    <div ref={setAnchor} className={`lf-tags${invalid ? ' is-invalid' : ''}${readOnly ? ' is-readonly' : ''}`} onClick={() => !readOnly && setOpen(true)}>
      {selected.map((v) => (
        <OptionChip key={v} option={options.find((o) => o.value === v)} value={v}>
          {!readOnly && (
            <button
              type="button"
              className="lf-chip-remove"
              aria-label={`${ctx.t('remove')} ${v}`}
              onClick={(e) => (e.stopPropagation(), set(selected.filter((s) => s !== v)))}
            >
              <Icon name="x" size={11} />
            </button>
          )}
        </OptionChip>
      ))}
      {!readOnly && (
        <input
          id={id}
          className="lf-tags-input"
          autoComplete="off"
          placeholder={selected.length ? '' : ctx.t(field.allowNew ? 'addTag' : 'search')}
          value={term}
          onFocus={() => setOpen(true)}
          onChange={(e) => (setTerm(e.target.value), setOpen(true))}
          onKeyDown={onKeyDown}
        />
      )}
      {open && (remaining.length > 0 || (field.allowNew && term.trim())) && (
        <OptionMenu
          options={remaining}
          selected={selected}
          place={place}
          empty={ctx.t('noMatches')}
          extra={
            field.allowNew && term.trim() && !options.some((o) => o.label === term.trim()) ? (
              <li className="lf-menu-item" onMouseDown={(e) => e.preventDefault()} onClick={() => add(term.trim())}>
                + “{term.trim()}”
              </li>
            ) : undefined
          }
          onPick={add}
        />
      )}
    </div>
  );
}

import { useState } from 'react';
import type { WidgetProps } from '../form-context.ts';
import { useAnchoredMenu } from '../../ui/Popover.tsx';
import { useLookupSearch, type Choice } from './lookup-search.ts';
import { Icon } from '../../ui/Icon.tsx';

/** Async search-select for lookup and user fields: shows the current record's title, searches as you type. */
/** `person`: a user field (a person icon instead of a search glass). */
export function LookupInput(props: WidgetProps<string> & { person?: boolean }) {
  const { id, field, value, onChange, readOnly, ctx, invalid, compact } = props;
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState('');
  // The highlighted candidate, by index in the candidates it was picked in: new candidates start at the first.
  const [highlight, setHighlight] = useState<{ in: readonly Choice[]; index: number }>({ in: [], index: 0 });
  const { setAnchor, setMenu, style: menuStyle, menuProps } = useAnchoredMenu(open, setOpen);

  const { choices, loading } = useLookupSearch(field, term, open);
  const active = highlight.in === choices ? highlight.index : 0;

  const title = value ? (ctx.titles.get(value) ?? (value === ctx.bundle.user.id ? ctx.bundle.user.name : `#${value.slice(-6)}`)) : '';
  const pick = (choice: Choice) => {
    ctx.rememberTitle(choice.id, choice.title);
    onChange(choice.id);
    setOpen(false);
    setTerm('');
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setHighlight({ in: choices, index: choices.length ? (active + step + choices.length) % choices.length : 0 });
    } else if (event.key === 'Enter' && open && choices[active]) {
      event.preventDefault();
      pick(choices[active]);
    }
  };

  return (
    <div ref={setAnchor} className={`lf-combo${invalid ? ' is-invalid' : ''}${compact ? ' is-compact' : ''}${readOnly ? ' is-readonly' : ''}`}>
      <span className="lf-combo-icon">
        <Icon name={props.person ? 'user' : 'search'} size={15} />
      </span>
      <input
        id={id}
        className="lf-combo-input"
        role="combobox"
        aria-expanded={open}
        aria-autocomplete="list"
        aria-label={compact ? field.label : undefined}
        autoComplete="off"
        readOnly={readOnly}
        placeholder={open ? ctx.t('search') : value ? '' : ctx.t('search')}
        value={open ? term : title}
        onFocus={() => !readOnly && setOpen(true)}
        onClick={() => !readOnly && setOpen(true)}
        onChange={(e) => {
          setTerm(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {value && !readOnly && (
        <button type="button" className="lf-combo-clear" aria-label={ctx.t('clear')} title={ctx.t('clear')} onClick={() => onChange(undefined)}>
          <Icon name="x" size={14} />
        </button>
      )}
      {open && (
        <ul ref={setMenu} className="lf-menu" role="listbox" style={menuStyle} {...menuProps()}>
          {loading && !choices.length && <li className="lf-menu-note">{ctx.t('loading')}</li>}
          {!loading && !choices.length && <li className="lf-menu-note">{ctx.t('noMatches')}</li>}
          {choices.map((choice, i) => (
            <li
              key={choice.id}
              role="option"
              aria-selected={choice.id === value}
              className={`lf-menu-item${i === active ? ' is-active' : ''}${choice.id === value ? ' is-selected' : ''}`}
              onMouseEnter={() => setHighlight({ in: choices, index: i })}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(choice)}
            >
              <span className="lf-menu-title">{choice.title}</span>
              {choice.detail && <span className="lf-menu-detail">{choice.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

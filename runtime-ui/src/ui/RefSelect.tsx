import { useState } from 'react';
import type { UiField } from '@loom/metadata';
import { useLookupSearch } from '../form/widgets/lookup-search.ts';
import { useI18n } from '../i18n/i18n.tsx';

export interface RefOption {
  readonly id: string;
  readonly title: string;
  readonly hint?: string;
}

/**
 * A search box with a result list; picks one record or person. It finds them the way a
 * form's lookup input does (useLookupSearch), with the shell's bundle.
 */
export function RefSelect({ field, onPick, autoFocus }: { field: UiField; onPick(option: RefOption): void; autoFocus?: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { choices, loading } = useLookupSearch(field, text);
  return (
    <div className="ref-select">
      <input
        className="input"
        type="search"
        value={text}
        placeholder={t('filter.searchRecord')}
        autoFocus={autoFocus}
        onChange={(e) => setText(e.target.value)}
        aria-label={field.label}
      />
      <ul className="ref-options" role="listbox" aria-busy={loading}>
        {choices.map((choice) => (
          <li key={choice.id}>
            <button
              type="button"
              role="option"
              aria-selected={false}
              className="ref-option"
              onClick={() => onPick({ id: choice.id, title: choice.title, hint: choice.detail })}
            >
              <span className="truncate">{choice.title}</span>
              {choice.detail && <span className="muted truncate">{choice.detail}</span>}
            </button>
          </li>
        ))}
        {!loading && choices.length === 0 && <li className="muted ref-none">{t('list.empty')}</li>}
      </ul>
    </div>
  );
}

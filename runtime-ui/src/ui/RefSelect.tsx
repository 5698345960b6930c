import { useEffect, useState } from 'react';
import type { UiBundle, UiField } from '@loom/metadata';
import { get, type ListAnswer } from '../api/index.ts';
import { useI18n } from '../i18n/i18n.tsx';

export interface RefOption {
  readonly id: string;
  readonly title: string;
  readonly hint?: string;
}

/** Candidates for a lookup (records of its entity, by `q` or title) or a user field (people). */
export async function searchReferences(bundle: UiBundle, field: UiField, text: string, signal?: AbortSignal): Promise<RefOption[]> {
  if (field.type === 'user') {
    const me: RefOption = { id: bundle.user.id, title: bundle.user.name, hint: bundle.user.email };
    try {
      const answer = await get<ListAnswer<{ id: string; name: string; email: string }>>('/api/users', { q: text || undefined, limit: 8, active: true }, signal);
      return answer.data.map((u) => ({ id: u.id, title: u.name, hint: u.email }));
    } catch {
      // Only administrators list users; anyone may pick themselves.
      return !text || me.title.toLowerCase().includes(text.toLowerCase()) ? [me] : [];
    }
  }
  const target = field.entity ? bundle.entities[field.entity] : undefined;
  if (!target) return [];
  const query: Record<string, string | number | undefined> = { limit: 8, sort: target.fields[target.titleField]?.sortable ? target.titleField : undefined };
  if (text) {
    if (target.searchable) query.q = text;
    else query.filter = JSON.stringify({ in: [text, { var: target.titleField }] });
  }
  const answer = await get<ListAnswer>(`/api/data/${encodeURIComponent(target.name)}`, query, signal);
  return answer.data.map((r) => ({ id: r.id, title: String(r[target.titleField] ?? r.id) }));
}

/** A search box with a result list; picks one record or person. */
export function RefSelect({ bundle, field, onPick, autoFocus }: { bundle: UiBundle; field: UiField; onPick(option: RefOption): void; autoFocus?: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<RefOption[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    const timer = setTimeout(() => {
      searchReferences(bundle, field, text, controller.signal)
        .then((found) => setOptions(found))
        .catch(() => setOptions([]))
        .finally(() => !controller.signal.aborted && setBusy(false));
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [bundle, field, text]);
  return (
    <div className="ref-select">
      <input className="input" type="search" value={text} placeholder={t('filter.searchRecord')} autoFocus={autoFocus} onChange={(e) => setText(e.target.value)} aria-label={field.label} />
      <ul className="ref-options" role="listbox" aria-busy={busy}>
        {options.map((option) => (
          <li key={option.id}>
            <button type="button" role="option" aria-selected={false} className="ref-option" onClick={() => onPick(option)}>
              <span className="truncate">{option.title}</span>
              {option.hint && <span className="muted truncate">{option.hint}</span>}
            </button>
          </li>
        ))}
        {!busy && options.length === 0 && <li className="muted ref-none">{t('list.empty')}</li>}
      </ul>
    </div>
  );
}

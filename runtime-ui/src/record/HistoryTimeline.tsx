import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { UiBundle, UiEntity } from '@loom/metadata';
import { get } from '../api/index.ts';
import { keys } from '../api/keys.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { FormText } from '../form/form-text.ts';
import { Icon } from '../ui/Icon.tsx';
import { Avatar, FieldValue } from './FieldValue.tsx';
import { fetchTitles, unknownRefs } from './history-titles.ts';

export interface HistoryEntry {
  readonly id: number;
  readonly action: 'create' | 'update' | 'delete' | 'share' | 'transfer';
  readonly changes: Record<string, [unknown, unknown]>;
  readonly actor: string | null;
  readonly at: string;
}

const SHOWN = 8;

/** The record's history, with the titles of records its changes name that the page has not seen. */
async function loadHistory(bundle: UiBundle, entity: UiEntity, id: string, known: Map<string, string>, signal: AbortSignal) {
  const answer = await get<{ data: HistoryEntry[] }>(`/api/data/${encodeURIComponent(entity.name)}/${encodeURIComponent(id)}/history`, undefined, signal);
  const refs = unknownRefs(bundle, entity, answer.data, known);
  return { entries: answer.data, more: refs.size ? await fetchTitles(bundle, refs) : new Map<string, string>() };
}

/** Who changed what and when, newest first: each change as field, old value → new value. */
export function HistoryTimeline({ entity, id, titles, t }: { entity: UiEntity; id: string; titles: Map<string, string>; t: FormText }) {
  const { format } = useI18n();
  const bundle = useUiBundle();
  const [all, setAll] = useState(false);
  const query = useQuery({ queryKey: keys.history(entity.name, id), queryFn: ({ signal }) => loadHistory(bundle, entity, id, titles, signal) });
  const entries = query.data?.entries ?? (query.error ? [] : undefined);
  const more = query.data?.more ?? new Map<string, string>();
  const names = more.size ? new Map([...titles, ...more]) : titles;

  const who = (actor: string | null) => (actor === bundle.user.id ? t('you') : actor ? (names.get(actor) ?? t('someone')) : t('system'));
  const verb = (e: HistoryEntry) => {
    const count = Object.keys(e.changes ?? {}).length;
    if (e.action === 'create') return t('created');
    if (e.action === 'delete') return t('removed');
    if (e.action === 'share') return t('shared');
    if (e.action === 'transfer') return t('transferred');
    return count === 1 ? t('updatedOne') : t('updated', { count });
  };
  if (!entries) return <p className="lr-muted">{t('loading')}</p>;
  if (!entries.length) return <p className="lr-muted">{t('noHistory')}</p>;
  const shown = all ? entries : entries.slice(0, SHOWN);
  return (
    <>
      <ol className="lr-timeline">
        {shown.map((e) => (
          <li key={e.id} className={`lr-event is-${e.action}`}>
            <Avatar name={e.actor === bundle.user.id ? bundle.user.name : who(e.actor)} size="sm" />
            <div className="lr-event-body">
              <p className="lr-event-head">
                <strong>{who(e.actor)}</strong> {verb(e)}
                <time dateTime={e.at} title={format.dateTime(e.at)}>
                  {format.relative(e.at)}
                </time>
              </p>
              {e.action !== 'create' && Object.keys(e.changes ?? {}).length > 0 && (
                <ul className="lr-changes">
                  {Object.entries(e.changes).map(([name, [before, after]]) => {
                    const field = entity.fields[name];
                    if (!field) return null;
                    return (
                      <li key={name}>
                        <span className="lr-change-field">{field.label}</span>
                        <span className="lr-change-values">
                          <span className="lr-old">
                            <FieldValue field={field} value={before} titles={names} />
                          </span>
                          <Icon name="chevronRight" size={12} />
                          <span className="lr-new">
                            <FieldValue field={field} value={after} titles={names} />
                          </span>
                        </span>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          </li>
        ))}
      </ol>
      {!all && entries.length > SHOWN && (
        <button type="button" className="btn-link" onClick={() => setAll(true)}>
          {t('showMore', { count: entries.length - SHOWN })}
        </button>
      )}
    </>
  );
}

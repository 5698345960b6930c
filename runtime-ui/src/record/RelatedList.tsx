import { useMemo, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { UiRelation } from '@loom/metadata';
import { get, type ListAnswer, type RecordData } from '../api/index.ts';
import { keys } from '../api/keys.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { navigate } from '../app/router.ts';
import type { FormText } from '../form/form-text.ts';
import { Icon } from '../ui/Icon.tsx';
import { FieldValue } from './FieldValue.tsx';
import { relatedColumns, relatedQuery, valueAt } from './related-query.ts';
import { RelatedCreateDialog } from './RelatedCreateDialog.tsx';

const PAGE = 5;

interface Props {
  readonly entity: string;
  readonly id: string;
  readonly relation: UiRelation;
  readonly title?: string;
  readonly t: FormText;
}

/** Records of another entity whose lookup points at this record, with "New" pre-filling that lookup. */
export function RelatedList({ entity, id, relation, title, t }: Props) {
  const bundle = useUiBundle();
  const target = bundle.entities[relation.entity];
  const columns = useMemo(() => relatedColumns(bundle, relation), [bundle, relation]);
  const [creating, setCreating] = useState(false);
  const name = `${relation.entity}.${relation.field}`;
  const path = `/api/data/${encodeURIComponent(entity)}/${encodeURIComponent(id)}/related/${encodeURIComponent(name)}`;
  const query = useInfiniteQuery({
    queryKey: keys.related(entity, id, name),
    queryFn: ({ pageParam, signal }) => get<ListAnswer>(path, relatedQuery(columns, PAGE, pageParam ?? undefined), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
  const rows: RecordData[] = useMemo(() => query.data?.pages.flatMap((p) => p.data) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total;
  const loading = query.isFetching;
  const next = query.hasNextPage;
  if (!target) return null;
  const heading = title ?? relation.label;
  return (
    <section className={`lf-section lr-related${!loading && !rows.length ? ' is-empty' : ''}`} data-related={`${relation.entity}.${relation.field}`}>
      <header className="lf-section-head lr-related-head">
        <h2>
          {heading}
          {total !== undefined && <span className="lr-count">{total}</span>}
        </h2>
        {target.permissions.create && (
          <button type="button" className="btn btn-sm" onClick={() => setCreating(true)}>
            <Icon name="plus" size={14} /> {t('newRelated')}
          </button>
        )}
      </header>
      {rows.length > 0 ? (
        <div className="lr-related-scroll">
          <table className="lr-table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.path} className={`is-${c.field.type}`}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.id}
                  tabIndex={0}
                  onClick={() => navigate({ name: 'record', entity: relation.entity, id: row.id })}
                  onKeyDown={(e) => e.key === 'Enter' && navigate({ name: 'record', entity: relation.entity, id: row.id })}
                >
                  {columns.map((c, i) => (
                    <td key={c.path} className={`is-${c.field.type}${i === 0 ? ' is-title' : ''}`}>
                      <FieldValue field={c.field} value={valueAt(row, c.path)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        loading && <p className="lr-related-empty">{t('loading')}</p>
      )}
      {next && (
        <button type="button" className="btn-link lr-more" disabled={loading} onClick={() => void query.fetchNextPage()}>
          {t('showMore', { count: Math.min(PAGE, (total ?? rows.length + PAGE) - rows.length) })}
        </button>
      )}
      {creating && (
        <RelatedCreateDialog
          entity={relation.entity}
          initial={{ [relation.field]: id }}
          onClose={() => setCreating(false)}
          onSaved={() => setCreating(false)}
        />
      )}
    </section>
  );
}

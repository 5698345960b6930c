import { lazy, Suspense, useRef } from 'react';
import type { UiColumn, UiEntity } from '@loom/metadata';
import type { RecordData } from '../api/index.ts';
import { Cell, textOf, type CellContext } from './cells.tsx';
import { valueAt } from './columns.ts';
import { ListEmpty } from './ListEmpty.tsx';
import type { RecordList } from './use-list-query.ts';
import { useListWindow } from './use-list-window.ts';

const CARD_HEIGHT = 136;

// The cards' action comes with the actions code, loaded apart: the cards show without waiting for it.
const CardAction = lazy(() => import('../actions/CardAction.tsx').then((m) => ({ default: m.CardAction })));

interface Props {
  readonly entity: UiEntity;
  /** The shown columns, in order. */
  readonly columns: readonly UiColumn[];
  readonly list: RecordList;
  onOpen(record: RecordData): void;
  readonly ctx: CellContext;
}

/** The list on a phone: one card per record (its title, four fields and the first action that applies), only the visible cards rendered. */
export function ListCards({ entity, columns, list, onOpen, ctx }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const view = useListWindow(list, scroller, CARD_HEIGHT);
  const titleField = entity.fields[entity.titleField];
  const cardColumns = columns.filter((c) => c.path !== entity.titleField).slice(0, 4);
  return (
    <div className="grid-scroller" ref={scroller} data-testid="list-scroller">
      <div className="cards" style={{ height: view.count * CARD_HEIGHT }} role="list">
        {Array.from({ length: Math.max(0, view.last - view.first + 1) }, (_, k) => {
          const index = view.first + k;
          const record = list.rows[index];
          const style = { top: index * CARD_HEIGHT, height: CARD_HEIGHT };
          if (!record) return <div key={`s${index}`} className="card card-skeleton" style={style} aria-hidden="true" />;
          return (
            <div
              key={record.id}
              className="card"
              role="listitem"
              style={style}
              tabIndex={0}
              onClick={() => onOpen(record)}
              onKeyDown={(e) => e.key === 'Enter' && onOpen(record)}
            >
              {entity.actions?.length ? (
                <Suspense fallback={null}>
                  <CardAction entity={entity} record={record} />
                </Suspense>
              ) : null}
              <div className="card-title truncate">{(titleField && textOf(titleField, record[entity.titleField], ctx)) || '—'}</div>
              <div className="card-fields">
                {cardColumns.map((column) => (
                  <div key={column.path} className="card-field">
                    <span className="card-label">{column.label}</span>
                    <span className="card-value">
                      <Cell field={column.field} value={valueAt(record, column.path)} ctx={ctx} />
                    </span>
                  </div>
                ))}
              </div>
            </div>
          );
        })}
      </div>
      {list.done && list.rows.length === 0 && !list.error && <ListEmpty />}
    </div>
  );
}

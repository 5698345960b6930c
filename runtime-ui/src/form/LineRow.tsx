import { memo } from 'react';
import type { ErrorSchema } from '@rjsf/utils';
import type { UiEntity, UiField } from '@loom/metadata';
import { FieldValue } from '../record/FieldValue.tsx';
import { flattenErrors, type FormCtx } from './form-context.ts';
import { Icon } from '../ui/Icon.tsx';
import type { Row } from './lines-math.ts';
import { isWritable } from './record-payload.ts';
import { FieldWidget } from './widgets/index.tsx';

export const cellClass = (f: UiField) => `lf-cell is-${f.type}`;

interface Props {
  readonly id: string;
  readonly index: number;
  readonly child: UiEntity;
  readonly columns: readonly UiField[];
  readonly row: Row;
  /** The row with its formulas computed (what read-only cells show). */
  readonly computed: Row;
  readonly errors: ErrorSchema | undefined;
  readonly readOnly: boolean;
  readonly ctx: FormCtx;
  setCell(index: number, name: string, value: unknown): void;
  remove(index: number): void;
}

/** Same values (RJSF may hand over a copy of unchanged rows, so identity is not enough). */
function sameValues(a: Row, b: Row): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.is(a[k], b[k]) || (typeof a[k] === 'object' && a[k] !== null && JSON.stringify(a[k]) === JSON.stringify(b[k])));
}

function sameProps(a: Props, b: Props): boolean {
  const fixed = ['id', 'index', 'child', 'columns', 'readOnly', 'ctx', 'setCell', 'remove'] as const;
  return (
    fixed.every((k) => a[k] === b[k]) && sameValues(a.row, b.row) && sameValues(a.computed, b.computed) && JSON.stringify(a.errors) === JSON.stringify(b.errors)
  );
}

/**
 * One row of a lines table (and its problems under it). Memoised: a document may have a
 * thousand lines, and a keystroke in one cell must not redraw the others, so the table
 * hands each row the same callbacks and context, and a row redraws only when its values,
 * its problems or its position change.
 */
export const LineRow = memo(function LineRow({ id, index: i, child, columns, row, computed, errors: rowErr, readOnly, ctx, setCell, remove }: Props) {
  const cells = rowErr as Record<string, ErrorSchema> | undefined;
  // Cell problems are also listed under the row ("Unit price: …"), so narrow cells stay readable.
  const own = [
    ...((rowErr as { __errors?: string[] } | undefined)?.__errors ?? []),
    ...columns.flatMap((c) => flattenErrors(cells?.[c.name]).map((m) => `${c.label}: ${m}`)),
  ];
  return (
    <>
      <tr className={own.length ? 'has-error' : undefined}>
        <td className="lf-cell is-index">{i + 1}</td>
        {columns.map((c) => {
          const cellErrors = flattenErrors(cells?.[c.name]);
          const editable = !readOnly && isWritable(c);
          return (
            <td key={c.name} className={cellClass(c)} data-label={c.label} data-col={c.name}>
              {editable ? (
                <FieldWidget
                  id={`${id}-${i}-${c.name}`}
                  field={c}
                  value={row[c.name]}
                  onChange={(v) => setCell(i, c.name, v)}
                  readOnly={false}
                  invalid={cellErrors.length > 0}
                  ctx={ctx}
                  compact
                  owner={child}
                />
              ) : (
                <span className="lf-cell-value">
                  <FieldValue field={c} value={computed[c.name]} titles={ctx.titles} />
                </span>
              )}
              {cellErrors.map((m) => (
                <span key={m} className="lf-cell-error" role="alert">
                  {m}
                </span>
              ))}
            </td>
          );
        })}
        {!readOnly && (
          <td className="lf-cell is-actions">
            <button type="button" className="icon-btn" title={ctx.t('removeRow')} aria-label={`${ctx.t('removeRow')} ${i + 1}`} onClick={() => remove(i)}>
              <Icon name="trash" size={15} />
            </button>
          </td>
        )}
      </tr>
      {own.length > 0 && (
        <tr className="lf-row-error">
          <td colSpan={columns.length + 2}>{own.join(' · ')}</td>
        </tr>
      )}
    </>
  );
}, sameProps);

import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ErrorSchema } from '@rjsf/utils';
import { isComputedField } from '../fields/field-traits.ts';
import { FieldValue } from '../record/FieldValue.tsx';
import type { FormCtx, WidgetProps } from './form-context.ts';
import { Icon } from '../ui/Icon.tsx';
import { cellClass, LineRow } from './LineRow.tsx';
import { computeRow, lineColumns, newRow, numeric, sumColumns, totalColumns, type Row } from './lines-math.ts';
import { isWritable } from './record-payload.ts';

/** A `lines` field: the child rows as an inline editable table with computed columns and totals. */
export function LinesTable(props: WidgetProps<Row[]>) {
  const { id, field, value, onChange, readOnly, ctx, errors, owner } = props;
  const child = field.entity ? ctx.bundle.entities[field.entity] : undefined;
  const rows = Array.isArray(value) ? value : [];
  // A key per row, kept through removals so that a row's inputs stay with it; rows added
  // (here or by a reload) get new keys while rendering.
  const [rowKeys, setRowKeys] = useState({ list: [] as string[], next: 0 });
  let keys = rowKeys.list;
  if (keys.length < rows.length) {
    const added = rows.length - keys.length;
    const grown = { list: [...keys, ...Array.from({ length: added }, (_, i) => `row-${rowKeys.next + i}`)], next: rowKeys.next + added };
    setRowKeys(grown);
    keys = grown.list;
  }
  const columns = useMemo(() => (child ? lineColumns(child, field.via) : []), [child, field.via]);
  // Cells draw lookups, numbers and dates: they need the bundle, titles and formatters, not
  // the form's data, so a keystroke (new data) does not hand every row a new context.
  const { bundle, titles, t, format, ruleContext } = ctx;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const cellCtx = useMemo<FormCtx>(() => ({ ...ctx }), [bundle, titles, t, format, ruleContext]);
  // Row callbacks read the rows of the latest render, so they stay the same function.
  const latest = useRef({ rows, onChange });
  useLayoutEffect(() => {
    latest.current = { rows, onChange };
  });
  const setCell = useCallback(
    (i: number, name: string, v: unknown) => latest.current.onChange(latest.current.rows.map((r, j) => (j === i ? { ...r, [name]: v } : r))),
    [],
  );
  const remove = useCallback((i: number) => {
    setRowKeys((k) => ({ ...k, list: k.list.filter((_key, j) => j !== i) }));
    latest.current.onChange(latest.current.rows.filter((_r, j) => j !== i));
  }, []);
  if (!child) return <p className="lf-field-note">{field.label}</p>;

  const computed = rows.map((row) => computeRow(child, row, ctx.ruleContext));
  // A formula the browser cannot compute (no expression in the bundle) is only totalled from saved values.
  const totalled = totalColumns(owner, child, columns).filter(
    (name) => !isComputedField(child.fields[name]) || computed.some((r) => numeric(r[name]) !== null),
  );
  const totals = sumColumns(computed, totalled);
  const rowErrors = (i: number) => (errors as Record<number, ErrorSchema> | undefined)?.[i];
  const set = (next: Row[]) => onChange(next);

  return (
    <div className={`lf-lines${readOnly ? ' is-readonly' : ''}`} id={id}>
      <div className="lf-lines-scroll">
        <table className="lf-lines-table">
          <thead>
            <tr>
              <th className="lf-cell is-index">#</th>
              {columns.map((c) => (
                <th key={c.name} className={cellClass(c)} title={c.help}>
                  {c.label}
                  {c.required && !readOnly && isWritable(c) && (
                    <span className="lf-required" aria-hidden="true">
                      *
                    </span>
                  )}
                </th>
              ))}
              {!readOnly && <th className="lf-cell is-actions" aria-label={ctx.t('removeRow')} />}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <LineRow
                key={keys[i]}
                id={id}
                index={i}
                child={child}
                columns={columns}
                row={row}
                computed={computed[i]}
                errors={rowErrors(i)}
                readOnly={readOnly}
                ctx={cellCtx}
                setCell={setCell}
                remove={remove}
              />
            ))}
            {!rows.length && (
              <tr className="lf-lines-empty">
                <td colSpan={columns.length + 2}>{ctx.t('noRows')}</td>
              </tr>
            )}
          </tbody>
          {rows.length > 0 && Object.keys(totals).length > 0 && (
            <tfoot>
              <tr>
                <td className="lf-cell is-index" />
                {columns.map((c, j) => (
                  <td key={c.name} className={cellClass(c)} data-label={totals[c.name] ? `${ctx.t('total')} · ${c.label}` : undefined}>
                    {totals[c.name] ? (
                      <FieldValue
                        field={c}
                        value={totals[c.name].currency ? { amount: String(totals[c.name].sum), currency: totals[c.name].currency } : totals[c.name].sum}
                      />
                    ) : j === 0 ? (
                      <span className="lf-total-label">{ctx.t('total')}</span>
                    ) : null}
                  </td>
                ))}
                {!readOnly && <td />}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {!readOnly && (
        <button type="button" className="btn btn-ghost btn-sm lf-lines-add" onClick={() => set([...rows, newRow(columns)])}>
          <Icon name="plus" size={15} /> {ctx.t('addRow')}
        </button>
      )}
    </div>
  );
}

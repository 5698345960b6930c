import { useRef } from 'react';
import type { ErrorSchema } from '@rjsf/utils';
import type { UiField } from '@loom/metadata';
import { FieldValue } from '../record/FieldValue.tsx';
import { flattenErrors, type WidgetProps } from './form-context.ts';
import { Icon } from './icons.tsx';
import { computeRow, lineColumns, newRow, numeric, sumColumns, totalColumns, type Row } from './lines-math.ts';
import { isWritable } from './record-payload.ts';
import { widgetFor } from './widgets/index.ts';

const cellClass = (f: UiField) => `lf-cell is-${f.type}`;
let nextKey = 0;

/** A `lines` field: the child rows as an inline editable table with computed columns and totals. */
export function LinesTable(props: WidgetProps<Row[]>) {
  const { id, field, value, onChange, readOnly, ctx, errors, owner } = props;
  const child = field.entity ? ctx.bundle.entities[field.entity] : undefined;
  const rows = Array.isArray(value) ? value : [];
  const keys = useRef<string[]>([]);
  while (keys.current.length < rows.length) keys.current.push(`row-${nextKey++}`);
  if (!child) return <p className="lf-field-note">{field.label}</p>;

  const columns = lineColumns(child, field.via);
  const computed = rows.map((row) => computeRow(child, row, ctx.ruleContext));
  // A formula the browser cannot compute (no expression in the bundle) is only totalled from saved values.
  const totalled = totalColumns(owner, child, columns).filter((name) => child.fields[name]?.type !== 'formula' || computed.some((r) => numeric(r[name]) !== null));
  const totals = sumColumns(computed, totalled);
  const rowErrors = (i: number) => (errors as Record<number, ErrorSchema> | undefined)?.[i];
  const set = (next: Row[]) => onChange(next);
  const setCell = (i: number, name: string, v: unknown) => set(rows.map((r, j) => (j === i ? { ...r, [name]: v } : r)));
  const remove = (i: number) => {
    keys.current.splice(i, 1);
    set(rows.filter((_r, j) => j !== i));
  };

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
                  {c.required && !readOnly && isWritable(c) && <span className="lf-required" aria-hidden="true">*</span>}
                </th>
              ))}
              {!readOnly && <th className="lf-cell is-actions" aria-label={ctx.t('removeRow')} />}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const rowErr = rowErrors(i);
              // Cell problems are also listed under the row ("Unit price: …"), so narrow cells stay readable.
              const own = [
                ...((rowErr as { __errors?: string[] } | undefined)?.__errors ?? []),
                ...columns.flatMap((c) => flattenErrors((rowErr as Record<string, ErrorSchema> | undefined)?.[c.name]).map((m) => `${c.label}: ${m}`)),
              ];
              return [
                <tr key={keys.current[i]} className={own.length ? 'has-error' : undefined}>
                  <td className="lf-cell is-index">{i + 1}</td>
                  {columns.map((c) => {
                    const cellErrors = flattenErrors((rowErr as Record<string, ErrorSchema> | undefined)?.[c.name]);
                    const editable = !readOnly && isWritable(c);
                    const Widget = widgetFor(undefined, c.type);
                    return (
                      <td key={c.name} className={cellClass(c)} data-label={c.label} data-col={c.name}>
                        {editable ? (
                          <Widget id={`${id}-${i}-${c.name}`} field={c} value={row[c.name]} onChange={(v) => setCell(i, c.name, v)} readOnly={false} invalid={cellErrors.length > 0} ctx={ctx} compact owner={child} />
                        ) : (
                          <span className="lf-cell-value">
                            <FieldValue field={c} value={computed[i][c.name]} bundle={ctx.bundle} titles={ctx.titles} />
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
                </tr>,
                own.length > 0 && (
                  <tr key={`${keys.current[i]}-err`} className="lf-row-error">
                    <td colSpan={columns.length + 2}>{own.join(' · ')}</td>
                  </tr>
                ),
              ];
            })}
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
                      <FieldValue field={c.type === 'formula' ? { ...c, type: 'number' } : c} value={c.type === 'money' ? { amount: String(totals[c.name].sum), currency: totals[c.name].currency ?? c.currency } : totals[c.name].sum} bundle={ctx.bundle} />
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

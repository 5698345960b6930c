import { useI18n } from '../i18n/i18n.tsx';
import { dimensionText, formatMeasure } from './report-format.ts';
import type { ReportAnswer, ReportRow } from './reports-api.ts';

/**
 * The report's rows as a table (every report has one; a `table` report is only this). A row
 * whose records can be listed links there: its first cell is a link (a new tab works too),
 * and a click anywhere on the row follows it. Wide tables scroll sideways on a phone.
 */
export function ReportTable({
  answer,
  hrefOf,
  onDrill,
  compact,
}: {
  answer: ReportAnswer;
  hrefOf(row: ReportRow): string | undefined;
  onDrill(row: ReportRow): void;
  compact?: boolean;
}) {
  const { t, format } = useI18n();
  const rows = answer.rows as readonly ReportRow[];
  if (rows.length === 0) return <p className="rp-empty">{t('reports.noRows')}</p>;
  return (
    <div className={`rp-table-wrap ${compact ? 'is-compact' : ''}`}>
      <table className="rp-table">
        <thead>
          <tr>
            {answer.columns.map((c) => (
              <th key={c.key} scope="col" className={c.role === 'measure' ? 'is-num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const href = hrefOf(row);
            return (
              <tr
                key={i}
                className={`${href ? 'is-link' : ''} ${row.$others ? 'is-others' : ''}`}
                onClick={(e) => {
                  if (!href || (e.target as HTMLElement).closest('a')) return;
                  onDrill(row);
                }}
              >
                {answer.columns.map((c, j) => {
                  const text = c.role === 'dimension' ? dimensionText(row, c.key) : formatMeasure(format, c, row[c.key]);
                  const content =
                    j === 0 && href ? (
                      <a
                        href={href}
                        onClick={(e) => {
                          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
                          e.preventDefault();
                          onDrill(row);
                        }}
                      >
                        {text}
                      </a>
                    ) : (
                      text
                    );
                  return c.role === 'dimension' ? (
                    <th key={c.key} scope="row">
                      {content}
                    </th>
                  ) : (
                    <td key={c.key} className="is-num">
                      {content}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

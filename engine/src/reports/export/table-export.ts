import type { ReportAnswer } from '../run-report.ts';

/** A report answer as a table: the column labels, then per row the dimensions' display texts and the measures' numbers. */
export interface ExportTable {
  readonly header: string[];
  readonly rows: (string | number | null)[][];
}

export function exportTable(answer: ReportAnswer): ExportTable {
  return {
    header: answer.columns.map((c) => c.label),
    rows: answer.rows.map((row) =>
      answer.columns.map((c) => {
        if (c.role === 'dimension') return (row.$label as Record<string, string>)[c.key] ?? null;
        const value = row[c.key];
        return typeof value === 'number' ? value : null;
      }),
    ),
  };
}

/**
 * A text a spreadsheet would run as a formula (= + - @, a tab or carriage return first) is
 * kept as text with a leading apostrophe: an exported name must not run anything.
 */
export function inertText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

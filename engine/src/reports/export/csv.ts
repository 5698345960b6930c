import { Readable } from 'node:stream';
import { exportTable, inertText, type ExportTable } from './table-export.ts';
import type { ReportAnswer } from '../run-report.ts';

/** RFC 4180 CSV with a UTF-8 byte order mark (so spreadsheets read Chinese right), streamed row by row. */
export function csvStream(answer: ReportAnswer): Readable {
  const table = exportTable(answer);
  return Readable.from(csvLines(table));
}

function* csvLines(table: ExportTable): Generator<string> {
  yield '\uFEFF' + table.header.map(cell).join(',') + '\r\n';
  for (const row of table.rows) yield row.map(cell).join(',') + '\r\n';
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = inertText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

import type { ColumnSpec, SqlType } from '../table-spec.ts';
import type { FieldCompileContext } from './field-type.ts';

/** The single nullable column most field types store their value in. */
export function scalarColumn(sqlType: SqlType, ctx: FieldCompileContext, extra: Partial<ColumnSpec> = {}): ColumnSpec[] {
  return [{ name: ctx.column, sqlType, nullable: true, field: ctx.field, ...extra }];
}

export function readColumn(row: Record<string, unknown>, column: string): unknown {
  const value = row[column];
  return value === undefined ? null : value;
}

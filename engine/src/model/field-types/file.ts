import { SYSTEM_SCHEMA } from '../table-spec.ts';
import type { FieldType } from './field-type.ts';
import { readColumn } from './scalar-column.ts';
import { lookupType } from './reference.ts';

/**
 * A file field holds the id of an uploaded file (loom.files); the upload route
 * enforces the field's `accept` and `maxSize` before the file is stored.
 */
function fileType(type: 'file' | 'image'): FieldType<any> {
  return {
    type,
    columns: (_def, ctx) => [
      {
        name: ctx.column,
        sqlType: 'uuid',
        nullable: true,
        field: ctx.field,
        references: { schema: SYSTEM_SCHEMA, table: 'files', column: 'id', onDelete: 'SET NULL' },
      },
    ],
    logicType: () => undefined,
    valueSchema: () => ({ type: ['string', 'null'], format: 'uuid' }),
    inputSchema: () => ({ type: ['string', 'object', 'null'] }),
    toColumns: lookupType.toColumns,
    fromRow: (row, _d, column) => readColumn(row, column),
    settings: (def: { accept?: string[]; maxSize?: number }) => ({ accept: def.accept, maxSize: def.maxSize }),
  };
}

export const fileFieldType = fileType('file');
export const imageFieldType = fileType('image');

/** The MIME types a field accepts by default. Active content (HTML, SVG, scripts) is never accepted by default. */
export const DEFAULT_ACCEPT: Record<'file' | 'image', string[]> = {
  image: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
  file: [
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/pdf',
    'text/plain',
    'text/csv',
    'application/zip',
    'application/msword',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
};

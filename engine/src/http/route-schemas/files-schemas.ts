import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { UUID } from './common-schemas.ts';

/** Uploads and downloads (files.plugin.ts), which read the multipart body by hand as described here. */

const TAG = ['Files'];

const upload: JsonSchema = {
  type: 'object',
  properties: {
    entity: { type: 'string', description: 'The entity of the file or image field.' },
    field: { type: 'string', description: 'The file or image field; its `accept` and `maxSize` apply.' },
    file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The file content.' },
  },
  required: ['entity', 'field', 'file'],
};
const stored: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    name: { type: 'string' },
    mime: { type: 'string' },
    size: { type: 'integer', minimum: 0 },
    sha256: { type: 'string' },
    url: { type: 'string', description: 'Where to download it: `/api/files/{id}`.' },
  },
  required: ['id', 'name', 'mime', 'size', 'sha256', 'url'],
};

export const uploadSchema = {
  operationId: 'files_upload',
  tags: TAG,
  summary: 'Upload a file for a file or image field',
  description:
    'Multipart upload, fields in this order: `entity`, `field`, `file`, for a field the caller may write (403 otherwise). Write the returned `id` into that field to attach the file to a record; until then only the uploader may read it.',
  body: { content: { 'multipart/form-data': { schema: upload } } },
  response: { 201: json(stored, 'The stored file.'), ...problems(400, 401, 403, 404, 413, 415, 503) },
};

export const downloadSchema = {
  operationId: 'files_get',
  tags: TAG,
  summary: 'Download a file',
  description:
    'Readable when a record the caller may read holds the file in a field they see (or, not yet attached, by its uploader); otherwise 404, like a missing file.',
  params: { type: 'object', properties: { id: { type: 'string', description: 'The file id.' } }, required: ['id'] },
  response: {
    200: {
      description: 'The file content, served with the content type it was stored with.',
      content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
    },
    ...problems(401, 404, 503),
  },
};

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { loomError } from '../errors/loom-error.ts';
import type { CompiledEntity } from '../model/compiled-model.ts';
import { DEFAULT_ACCEPT } from '../model/field-types/file.ts';
import { mimeAccepted, sniffMime } from './file-sniff.ts';
import { uuid7 } from './uuid7.ts';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

/**
 * Uploaded files live in a folder (content under an id, never the client's file
 * name) and their metadata in loom.files. Limits come from the field the file is for.
 */
export class FileStore {
  constructor(private readonly db: Kysely<any>, private readonly directory: string) {}

  limitsFor(entity: CompiledEntity, fieldName: string): { accept: string[]; maxSize: number } {
    const field = Object.hasOwn(entity.fields, fieldName) ? entity.fields[fieldName] : undefined;
    if (!field || (field.type !== 'file' && field.type !== 'image')) {
      throw loomError('LOOM_ERR_HTTP_BAD_REQUEST', `"${fieldName}" is not a file or image field of ${entity.name}.`);
    }
    const def = field.definition as { accept?: string[]; maxSize?: number };
    return { accept: def.accept ?? DEFAULT_ACCEPT[field.type as 'file' | 'image'], maxSize: def.maxSize ?? DEFAULT_MAX_FILE_SIZE };
  }

  async save(content: Buffer, name: string, declaredMime: string, limits: { accept: string[]; maxSize: number }, actor: string | null): Promise<StoredFile> {
    if (content.length > limits.maxSize) throw loomError('LOOM_ERR_DATA_FILE_TOO_LARGE', `The file is ${content.length} bytes; this field accepts at most ${limits.maxSize}.`);
    const mime = sniffMime(content.subarray(0, 64), declaredMime);
    if (!mime || !mimeAccepted(mime, limits.accept) || mime === 'text/html') {
      throw loomError('LOOM_ERR_DATA_FILE_REJECTED', `Files of type ${mime ?? declaredMime ?? 'unknown'} are not accepted here; accepted: ${limits.accept.join(', ')}.`);
    }
    const id = uuid7();
    const sha256 = createHash('sha256').update(content).digest('hex');
    const key = path.join(id.slice(0, 2), id);
    fs.mkdirSync(path.join(this.directory, id.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(this.directory, key), content);
    const safeName = name.replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255) || 'file';
    await sql`insert into loom.files (id, name, mime, size, sha256, storage_key, created_by) values (${id}, ${safeName}, ${mime}, ${content.length}, ${sha256}, ${key}, ${actor})`.execute(this.db);
    return { id, name: safeName, mime, size: content.length, sha256 };
  }

  async open(id: string): Promise<{ file: StoredFile; stream: fs.ReadStream }> {
    const { rows } = await sql<StoredFile & { storage_key: string }>`select id, name, mime, size, sha256, storage_key from loom.files where id = ${id}::uuid`.execute(this.db);
    if (!rows[0]) throw loomError('LOOM_ERR_HTTP_NOT_FOUND', `No file with id "${id}".`);
    const { storage_key, ...file } = rows[0];
    return { file: { ...file, size: Number(file.size) }, stream: fs.createReadStream(path.join(this.directory, storage_key)) };
  }
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { loomError } from '../../errors/loom-error.ts';
import type { CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import { fileReadable } from './file-access.ts';
import { mimeAccepted, sniffMime } from './file-sniff.ts';
import type { UploadTarget } from './file-upload.ts';
import { uuid7 } from '../uuid7.ts';

export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

/**
 * Uploaded files live in a folder (content under an id, never the client's file
 * name) and their metadata in loom.files, with the entity and field they were uploaded
 * for: who may read a file follows the records holding it in that field (file-access.ts).
 */
export class FileStore {
  constructor(private readonly db: Kysely<any>, private readonly directory: string) {}

  /** Stores a file for the target's field (uploadTarget has checked the caller may write it) after checking its limits. */
  async save(content: Buffer, name: string, declaredMime: string, target: UploadTarget, actor: string | null): Promise<StoredFile> {
    const { limits } = target;
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
    const safeName = name.replace(/[\p{Cc}/\\]/gu, '_').slice(0, 255) || 'file';
    await sql`insert into loom.files (id, name, mime, size, sha256, storage_key, created_by, entity, field)
      values (${id}, ${safeName}, ${mime}, ${content.length}, ${sha256}, ${key}, ${actor}, ${target.entity.name}, ${target.field.name})`.execute(this.db);
    return { id, name: safeName, mime, size: content.length, sha256 };
  }

  /**
   * A file the actor may read, in one statement. A file they may not read is not found, like
   * one that does not exist, so a file id tells nothing to someone without access.
   */
  async open(id: string, model: CompiledModel, actor: Actor): Promise<{ file: StoredFile; stream: fs.ReadStream }> {
    const readable = fileReadable(model, actor, 'f');
    const { rows } = await sql<StoredFile & { storage_key: string }>`select f.id, f.name, f.mime, f.size, f.sha256, f.storage_key from loom.files as f
      where f.id = ${id}::uuid${readable ? sql` and ${readable}` : sql``}`.execute(this.db);
    if (!rows[0]) throw loomError('LOOM_ERR_HTTP_NOT_FOUND', `No file with id "${id}".`);
    const { storage_key, ...file } = rows[0];
    return { file: { ...file, size: Number(file.size) }, stream: fs.createReadStream(path.join(this.directory, storage_key)) };
  }
}

import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { loomError } from '../errors/loom-error.ts';
import type { FileStore } from '../data/file-store.ts';
import type { RecordService } from '../data/record-service.ts';
import { UUID } from '../model/field-types/reference.ts';
import { actorOf } from './request-actor.ts';

const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const HARD_LIMIT = 100 * 1024 * 1024;

/** Upload (multipart: entity, field, then file) and download of files for file and image fields. */
export async function filesPlugin(app: FastifyInstance, opts: { files: FileStore; records: RecordService }) {
  await app.register(multipart, { limits: { fileSize: HARD_LIMIT, files: 1, fields: 5 } });

  app.post('/api/files', async (req, reply) => {
    if (!req.isMultipart()) throw loomError('LOOM_ERR_HTTP_BAD_REQUEST', 'Send the file as multipart/form-data with fields "entity", "field" and "file".');
    const part = await req.file();
    if (!part) throw loomError('LOOM_ERR_HTTP_BAD_REQUEST', 'No file in the upload.');
    const field = (name: string) => {
      const value = (part.fields[name] as { value?: unknown } | undefined)?.value;
      if (typeof value !== 'string') throw loomError('LOOM_ERR_HTTP_BAD_REQUEST', `The "${name}" form field must come before the file.`);
      return value;
    };
    const limits = opts.files.limitsFor(opts.records.entity(field('entity')), field('field'));
    const content = await part.toBuffer().catch((error: { code?: string }) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw loomError('LOOM_ERR_DATA_FILE_TOO_LARGE', `This field accepts files of at most ${limits.maxSize} bytes.`);
      throw error;
    });
    const stored = await opts.files.save(content, part.filename, part.mimetype, limits, actorOf(req).id);
    return reply.status(201).send({ ...stored, url: `/api/files/${stored.id}` });
  });

  app.get<{ Params: { id: string } }>('/api/files/:id', async (req, reply) => {
    if (!UUID.test(req.params.id)) throw loomError('LOOM_ERR_HTTP_NOT_FOUND', `No file with id "${req.params.id.slice(0, 64)}".`);
    const { file, stream } = await opts.files.open(req.params.id);
    // Only plain images are shown inline; everything else downloads, so no upload can run as a page.
    const disposition = INLINE.has(file.mime) ? 'inline' : 'attachment';
    return reply
      .type(file.mime)
      .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'")
      .send(stream);
  });
}

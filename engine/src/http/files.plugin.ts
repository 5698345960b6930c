import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { loomError, loomErrors } from '../errors/loom-error.ts';
import type { FileStore } from '../data/files/file-store.ts';
import { uploadTarget } from '../data/files/file-upload.ts';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';
import { UUID } from '../model/field-types/reference.ts';
import { actorOf } from './request-actor.ts';
import { downloadSchema, uploadSchema } from './route-schemas/files-schemas.ts';
import { checkedByHand } from './strict-validation.ts';

const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const HARD_LIMIT = 100 * 1024 * 1024;

/**
 * Upload (multipart: entity, field, then file) and download of files for file and image
 * fields. An upload needs write access to the field it names; a download, read access to a
 * record holding the file in that field (data/file-access.ts).
 */
export async function filesPlugin(app: FastifyInstance, opts: { files: FileStore; registry: MetadataRegistry }) {
  await app.register(multipart, { limits: { fileSize: HARD_LIMIT, files: 1, fields: 5 } });

  app.post('/api/files', { ...checkedByHand, schema: uploadSchema }, async (req, reply) => {
    if (!req.isMultipart()) throw loomError('LOOM_ERR_HTTP_BAD_REQUEST', 'Send the file as multipart/form-data with fields "entity", "field" and "file".');
    const actor = actorOf(req);
    const part = await req.file();
    if (!part) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: '/file', message: 'no file in the upload' }]);
    const field = (name: string) => {
      const value = (part.fields[name] as { value?: unknown } | undefined)?.value;
      if (typeof value !== 'string')
        throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: `/${name}`, message: `the "${name}" form field must come before the file` }]);
      return value;
    };
    // Checked before the content is read: a refused upload stores nothing.
    const target = uploadTarget(opts.registry.current(), field('entity'), field('field'), actor);
    const content = await part.toBuffer().catch((error: { code?: string }) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE')
        throw loomError('LOOM_ERR_DATA_FILE_TOO_LARGE', `This field accepts files of at most ${target.limits.maxSize} bytes.`);
      throw error;
    });
    const stored = await opts.files.save(content, part.filename, part.mimetype, target, actor.id);
    return reply.status(201).send({ ...stored, url: `/api/files/${stored.id}` });
  });

  app.get<{ Params: { id: string } }>('/api/files/:id', { ...checkedByHand, schema: downloadSchema }, async (req, reply) => {
    if (!UUID.test(req.params.id)) throw loomError('LOOM_ERR_HTTP_NOT_FOUND', `No file with id "${req.params.id.slice(0, 64)}".`);
    const { file, stream } = await opts.files.open(req.params.id, opts.registry.current(), actorOf(req));
    // Only plain images are shown inline; everything else downloads, so no upload can run as a page.
    const disposition = INLINE.has(file.mime) ? 'inline' : 'attachment';
    return (
      reply
        .type(file.mime)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        // Who may read a file changes with the records holding it: no shared cache may keep it.
        .header('cache-control', 'private, no-cache')
        .send(stream)
    );
  });
}

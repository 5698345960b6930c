import type { FastifyInstance } from 'fastify';
import { getCommonSchema, getKindSchema, isMetadataKind, metadataKinds } from '@loom/metadata';
import { loomError, loomErrors } from '../errors/loom-error.ts';
import { changesFromBody, type MetadataChange } from '../meta/metadata-change.ts';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';
import { readRevisions, readStoredDocuments } from '../meta/metadata-store.ts';
import { formatPlan } from '../schema/index.ts';
import type { Kysely } from 'kysely';
import { requireAdmin } from './request-actor.ts';
import {
  deleteMetaSchema,
  getMetaSchema,
  kindSchemaSchema,
  listMetaSchema,
  planMetaSchema,
  publishMetaSchema,
  putMetaSchema,
} from './route-schemas/meta-schemas.ts';
import { checkedByHand } from './strict-validation.ts';

type DocParams = { kind: string; name: string };

/**
 * Metadata documents: read, change one, plan or publish many (one transaction each).
 * Any signed-in user may read; only administrators plan and change, and each publish
 * records who made it.
 */
export async function metaPlugin(app: FastifyInstance, opts: { registry: MetadataRegistry; db: Kysely<any> }) {
  const { registry, db } = opts;

  app.get('/api/meta', { schema: listMetaSchema }, async () => {
    const docs = await readStoredDocuments(db);
    return { revision: registry.current().revision, documents: docs.map((d) => ({ kind: d.kind, name: d.name, revision: d.revision, document: d.document })) };
  });

  app.get<{ Params: { kind: string } }>('/api/meta/schemas/:kind', { ...checkedByHand, schema: kindSchemaSchema }, async (req) => {
    // Every kind's schema refers to the shared definitions, which editors fetch from here.
    if (req.params.kind === 'common') return getCommonSchema();
    if (!isMetadataKind(req.params.kind)) throw loomError('LOOM_ERR_META_UNKNOWN_KIND', req.params.kind);
    return getKindSchema(req.params.kind);
  });

  app.get<{ Params: DocParams }>('/api/meta/:kind/:name', { ...checkedByHand, schema: getMetaSchema }, async (req) => {
    checkKind(req.params.kind);
    const doc = (await readStoredDocuments(db)).find((d) => d.kind === req.params.kind && d.name === req.params.name);
    if (!doc) throw loomError('LOOM_ERR_META_NOT_FOUND', req.params.kind, req.params.name);
    return { kind: doc.kind, name: doc.name, revision: doc.revision, document: doc.document, history: await readRevisions(db, doc.kind, doc.name) };
  });

  app.put<{ Params: DocParams; Body: unknown }>('/api/meta/:kind/:name', { ...checkedByHand, schema: putMetaSchema }, async (req) => {
    const author = requireAdmin(req, 'change metadata').id;
    checkKind(req.params.kind);
    const body = req.body as { kind?: unknown; name?: unknown } | null;
    const errors = [];
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw loomErrors('LOOM_ERR_META_INVALID', [{ path: '/', message: 'must be a metadata document (a JSON object)' }]);
    if (body.kind !== req.params.kind) errors.push({ path: '/kind', message: `must be "${req.params.kind}" to match the URL` });
    if (body.name !== req.params.name) errors.push({ path: '/name', message: `must be "${req.params.name}" to match the URL` });
    if (errors.length) throw loomErrors('LOOM_ERR_META_INVALID', errors);
    return publishResult(await registry.publish([{ put: body, pointer: '' }], { author }));
  });

  app.delete<{ Params: DocParams; Querystring: { purge?: string } }>('/api/meta/:kind/:name', { ...checkedByHand, schema: deleteMetaSchema }, async (req) => {
    const author = requireAdmin(req, 'change metadata').id;
    checkKind(req.params.kind);
    const purge = req.query.purge === 'true';
    return publishResult(await registry.publish([{ delete: { kind: req.params.kind, name: req.params.name }, pointer: '' }], { purge, author }));
  });

  app.post<{ Body: unknown }>('/api/meta/plan', { ...checkedByHand, schema: planMetaSchema }, async (req) => {
    requireAdmin(req, 'plan metadata changes');
    const outcome = await registry.plan(parseChanges(req.body), { purge: purgeOf(req.body) });
    return { ok: true, changed: outcome.changed, plan: outcome.plan, text: formatPlan(outcome.plan) };
  });

  app.post<{ Body: unknown }>('/api/meta/publish', { ...checkedByHand, schema: publishMetaSchema }, async (req) => {
    const author = requireAdmin(req, 'publish metadata').id;
    return publishResult(await registry.publish(parseChanges(req.body), { purge: purgeOf(req.body), author }));
  });
}

function checkKind(kind: string) {
  if (!isMetadataKind(kind))
    throw loomErrors('LOOM_ERR_META_UNKNOWN_KIND', [{ path: '/params/kind', message: `unknown kind "${kind}"; kinds are ${metadataKinds.join(', ')}` }]);
}

function parseChanges(body: unknown): MetadataChange[] {
  const changes = changesFromBody(body);
  if (changes.length && 'message' in changes[0]) throw loomErrors('LOOM_ERR_META_INVALID', changes as { path: string; message: string }[]);
  return changes as MetadataChange[];
}

function purgeOf(body: unknown): boolean {
  return !!body && typeof body === 'object' && (body as { purge?: unknown }).purge === true;
}

function publishResult(outcome: Awaited<ReturnType<MetadataRegistry['publish']>>) {
  return { ok: true, revision: outcome.revision, changed: outcome.changed, plan: outcome.plan, text: formatPlan(outcome.plan) };
}

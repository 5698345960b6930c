import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { loomError, loomErrors } from '../errors/loom-error.ts';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';
import { checkPersonalView, readableEntity } from '../ui/personal-view-input.ts';
import {
  deletePersonalView,
  getPersonalView,
  insertPersonalView,
  listPersonalViews,
  updatePersonalView,
  type PersonalView,
} from '../ui/personal-views-repo.ts';
import { uiContext } from '../ui/ui-context.ts';
import { actorOf } from './request-actor.ts';
import { createViewSchema, deleteViewSchema, listViewsSchema, updateViewSchema } from './route-schemas/personal-view-schemas.ts';
import { useStrictValidation } from './strict-validation.ts';

type ViewBody = { name?: string; columns?: string[]; filter?: unknown; sort?: string[] };
type IdParams = { id: string };

/**
 * A user's own saved views (`/api/me/views`): columns, filter and sort over an entity they
 * may read. Nobody sees or changes another user's views: their ids answer 404.
 */
export async function personalViewsPlugin(app: FastifyInstance, opts: { registry: MetadataRegistry; db: Kysely<any>; clock: () => Date }) {
  useStrictValidation(app);
  const { db, registry, clock } = opts;

  app.get<{ Querystring: { entity?: string } }>('/api/me/views', { schema: listViewsSchema }, async (req) => {
    const actor = actorOf(req);
    if (req.query.entity !== undefined) readableEntity(registry.current(), actor, req.query.entity, '/query/entity');
    const readable = uiContext(registry.current(), actor, 'en').readable;
    // Views of entities the user can no longer read stay stored but are not listed.
    return { data: (await listPersonalViews(db, actor.id!, req.query.entity)).filter((v) => readable.has(v.entity)) };
  });

  app.post<{ Body: ViewBody & { entity: string } }>('/api/me/views', { schema: createViewSchema }, async (req, reply) => {
    const actor = actorOf(req);
    const model = registry.current();
    const entity = readableEntity(model, actor, req.body.entity, '/entity');
    const values = { name: req.body.name!.trim(), columns: req.body.columns!, filter: req.body.filter ?? null, sort: req.body.sort ?? [] };
    checkPersonalView(model, actor, entity.name, values, clock());
    return reply.status(201).send(await insertPersonalView(db, actor.id!, entity.name, values, clock()));
  });

  app.patch<{ Params: IdParams; Body: ViewBody & { entity?: string } }>('/api/me/views/:id', { schema: updateViewSchema }, async (req) => {
    const actor = actorOf(req);
    const current = await ownView(db, actor.id!, req.params.id);
    if (req.body.entity !== undefined && req.body.entity !== current.entity) {
      throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [
        { path: '/entity', message: `a saved view stays with its entity (${current.entity}); save a new view instead` },
      ]);
    }
    const model = registry.current();
    readableEntity(model, actor, current.entity, '/entity');
    const values = {
      name: req.body.name?.trim() ?? current.name,
      columns: req.body.columns ?? current.columns,
      filter: req.body.filter === undefined ? current.filter : req.body.filter,
      sort: req.body.sort ?? current.sort,
    };
    checkPersonalView(model, actor, current.entity, values, clock());
    return (await updatePersonalView(db, actor.id!, current.id, values, clock())) ?? notFound(req.params.id);
  });

  app.delete<{ Params: IdParams }>('/api/me/views/:id', { schema: deleteViewSchema }, async (req, reply) => {
    if (!(await deletePersonalView(db, actorOf(req).id!, req.params.id))) notFound(req.params.id);
    return reply.status(204).send();
  });
}

async function ownView(db: Kysely<any>, userId: string, id: string): Promise<PersonalView> {
  return (await getPersonalView(db, userId, id)) ?? notFound(id);
}

function notFound(id: string): never {
  throw loomError('LOOM_ERR_HTTP_NOT_FOUND', `You have no saved view with id "${id.slice(0, 64)}".`);
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { loomError } from '../errors/loom-error.ts';
import { negotiateLocale } from '../errors/messages.ts';
import { listInbox, markAllRead, markInbox, storeUserLocale, unreadCount } from '../process/notify/inbox.ts';
import { actorOf } from './request-actor.ts';
import { listNotificationsSchema, markAllReadSchema, markReadSchema, markUnreadSchema } from './route-schemas/notifications-schemas.ts';
import { useStrictValidation } from './strict-validation.ts';

type IdParams = { id: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The signed-in user's inbox (`/api/notifications`): list with the unread count, mark one
 * read or unread, mark all read. Every statement is bound to the caller: another user's
 * notification answers 404, as an unknown id does.
 */
export async function notificationsPlugin(app: FastifyInstance, opts: { db: Kysely<any>; clock: () => Date }) {
  useStrictValidation(app);
  const { db, clock } = opts;

  app.get<{ Querystring: { limit?: number; unread?: boolean; before?: string } }>('/api/notifications', { schema: listNotificationsSchema }, async (req) => {
    const userId = callerId(req);
    // The web app polls this with the user's language: notifications and emails are rendered in it.
    // Stored alongside the reads, not before them (it changes no row while the language stays).
    const language = req.headers['accept-language'];
    const [data, unread] = await Promise.all([
      listInbox(db, userId, { limit: req.query.limit ?? 20, unread: req.query.unread === true, before: req.query.before }),
      unreadCount(db, userId),
      language ? storeUserLocale(db, userId, negotiateLocale(language)) : undefined,
    ]);
    return { data, unread };
  });

  app.post<{ Params: IdParams }>('/api/notifications/read-all', { schema: markAllReadSchema }, async (req) => {
    const updated = await markAllRead(db, callerId(req), clock());
    return { updated, unread: 0 };
  });

  for (const [action, read, schema] of [
    ['read', true, markReadSchema],
    ['unread', false, markUnreadSchema],
  ] as const) {
    app.post<{ Params: IdParams }>(`/api/notifications/:id/${action}`, { schema }, async (req) => {
      const userId = callerId(req);
      const id = req.params.id;
      const marked = UUID.test(id) ? await markInbox(db, userId, id, read, clock()) : undefined;
      if (!marked) throw loomError('LOOM_ERR_HTTP_NOT_FOUND', `You have no notification with id "${id.slice(0, 64)}".`);
      return marked;
    });
  }
}

/** Notifications belong to people: a request without a signed-in user is refused. */
function callerId(req: FastifyRequest): string {
  const actor = actorOf(req);
  if (!actor.id) throw loomError('LOOM_ERR_AUTH_REQUIRED');
  return actor.id;
}

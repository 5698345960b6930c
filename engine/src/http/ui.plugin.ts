import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { UI_LOCALES, type UiLocale } from '@loom/metadata';
import { getUser } from '../auth/users-repo.ts';
import { loomError, loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';
import { cachedUiBundle, withUser } from '../ui/build-ui-bundle.ts';
import { actorOf } from './request-actor.ts';
import { uiBundleSchema } from './route-schemas/screen-schemas.ts';
import { checkedByHand } from './strict-validation.ts';

/**
 * `GET /api/meta/ui?locale=en|zh-CN`: the UI bundle for the signed-in user (any user; what
 * they may not use is simply absent). Built once per revision, role set and locale.
 */
export async function uiPlugin(app: FastifyInstance, opts: { registry: MetadataRegistry; db: Kysely<any> }) {
  app.get<{ Querystring: Record<string, unknown> }>('/api/meta/ui', { ...checkedByHand, schema: uiBundleSchema }, async (req, reply) => {
    const locale = parseLocale(req.query);
    const actor = actorOf(req);
    const user = actor.id ? await getUser(opts.db, actor.id) : undefined;
    if (!user) throw loomError('LOOM_ERR_AUTH_REQUIRED');
    const bundle = cachedUiBundle(opts.registry.current(), actor, locale);
    const me = { id: user.id, email: user.email, name: user.name, admin: actor.admin, roles: [...actor.roles] };
    return reply.header('cache-control', 'private, no-cache').send(withUser(bundle, me));
  });
}

function parseLocale(query: Record<string, unknown>): UiLocale {
  const errors: ProblemItem[] = [];
  for (const key of Object.keys(query)) if (key !== 'locale') errors.push({ path: `/query/${key}`, message: `unknown query parameter "${key}"` });
  const locale = query.locale ?? 'en';
  if (!UI_LOCALES.includes(locale as UiLocale)) errors.push({ path: '/query/locale', message: `must be one of ${UI_LOCALES.join(', ')}` });
  if (errors.length) throw loomErrors('LOOM_ERR_HTTP_BAD_QUERY', errors);
  return locale as UiLocale;
}

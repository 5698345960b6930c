import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { createTeam, getTeam, listTeams, renameTeam, setTeamMembers } from '../auth/teams-repo.ts';
import { createUser, getUser, listUsers, updateUser } from '../auth/users-repo.ts';
import { loomError } from '../errors/loom-error.ts';
import { actorOf, requireAdmin } from './request-actor.ts';
import { useStrictValidation } from './strict-validation.ts';
import { tokenRoutes } from './token-routes.ts';
import { tokenSchemas } from './route-schemas/token-schemas.ts';
import { createTeamSchema, getTeamSchema, listTeamsSchema, renameTeamSchema, teamMembersSchema } from './route-schemas/team-schemas.ts';
import { createUserSchema, getUserSchema, listUsersSchema, updateUserSchema } from './route-schemas/user-schemas.ts';

export interface UsersOptions {
  readonly db: Kysely<any>;
  readonly clock: () => Date;
  /** Names of the published role documents (users may only be given these). */
  readonly knownRoles: () => ReadonlySet<string>;
}

type IdParams = { id: string };

/**
 * People and teams, for administrators; a user may read their own record, and list the
 * directory of active colleagues. Changing a
 * user's password, deactivating them or taking a role away ends their sessions and tokens.
 */
export async function usersPlugin(app: FastifyInstance, opts: UsersOptions) {
  useStrictValidation(app);
  const { db } = opts;
  const rules = () => ({ knownRoles: opts.knownRoles() });

  // Administrators see accounts; everyone else sees the directory (active colleagues' id,
  // name and email) that user pickers and owner transfers need, and nothing more.
  app.get<{ Querystring: { q?: string; active?: boolean; limit: number; cursor?: string } }>('/api/users', { schema: listUsersSchema }, async (req) => {
    const query = { q: req.query.q, active: req.query.active, limit: req.query.limit, after: req.query.cursor };
    if (actorOf(req).admin) return listUsers(db, query);
    const page = await listUsers(db, { ...query, active: true });
    return { data: page.data.map(({ id, name, email }) => ({ id, name, email })), next: page.next };
  });

  app.post<{ Body: Record<string, unknown> }>('/api/users', { schema: createUserSchema }, async (req, reply) => {
    requireAdmin(req, 'create users');
    return reply.status(201).send(await createUser(db, req.body, rules()));
  });

  app.get<{ Params: IdParams }>('/api/users/:id', { schema: getUserSchema }, async (req) => {
    if (actorOf(req).id !== req.params.id) requireAdmin(req, "read other users' accounts");
    return userOr404(db, req.params.id);
  });

  app.patch<{ Params: IdParams; Body: Record<string, unknown> }>('/api/users/:id', { schema: updateUserSchema }, async (req) => {
    requireAdmin(req, 'change users');
    return (await updateUser(db, req.params.id, req.body, rules())).user;
  });

  await app.register(tokenRoutes, {
    db,
    clock: opts.clock,
    prefix: '/api/users/:id/tokens',
    owner: adminManagedUser(db),
    schemas: tokenSchemas({
      operationPrefix: 'users_tokens',
      tag: 'People',
      whose: 'a user (administrators)',
      params: { id: { type: 'string', description: 'The user id.' } },
      problems: [403, 404],
    }),
  });

  app.get('/api/teams', { schema: listTeamsSchema }, async (req) => {
    requireAdmin(req, 'list teams');
    return { data: await listTeams(db) };
  });

  app.post<{ Body: { name: string } }>('/api/teams', { schema: createTeamSchema }, async (req, reply) => {
    requireAdmin(req, 'create teams');
    return reply.status(201).send(await createTeam(db, req.body));
  });

  app.get<{ Params: IdParams }>('/api/teams/:id', { schema: getTeamSchema }, async (req) => {
    requireAdmin(req, 'read teams');
    return getTeam(db, req.params.id);
  });

  app.patch<{ Params: IdParams; Body: { name: string } }>('/api/teams/:id', { schema: renameTeamSchema }, async (req) => {
    requireAdmin(req, 'rename teams');
    return renameTeam(db, req.params.id, req.body);
  });

  app.put<{ Params: IdParams; Body: { members: string[] } }>('/api/teams/:id/members', { schema: teamMembersSchema }, async (req) => {
    requireAdmin(req, 'change team members');
    return setTeamMembers(db, req.params.id, req.body.members);
  });
}

async function userOr404(db: Kysely<any>, id: string) {
  const user = await getUser(db, id);
  if (!user) throw loomError('LOOM_ERR_AUTH_NOT_FOUND', `No user with id "${id.slice(0, 64)}".`);
  return user;
}

/** Administrators issue and revoke tokens for any user, e.g. an integration's own account. */
function adminManagedUser(db: Kysely<any>) {
  return async (req: FastifyRequest) => {
    requireAdmin(req, "manage other users' tokens");
    return (await userOr404(db, (req.params as IdParams).id)).id;
  };
}

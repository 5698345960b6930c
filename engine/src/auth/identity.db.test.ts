import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { migrateSystem } from '../db/migrate-system.ts';
import { createApiToken, findApiToken } from './api-tokens.ts';
import { bootstrapAdmin } from './bootstrap-admin.ts';
import { ActorCache, loadActor } from './load-actor.ts';
import { createSession, findSession } from './sessions.ts';
import { createTeam, setTeamMembers } from './teams-repo.ts';
import { createUser, findLoginUser, listUsers, updateUser } from './users-repo.ts';

const HOUR = 3600_000;

describeOnEachBackend('identity store', (ctx) => {
  const db = () => ctx.database.db;
  beforeAll(async () => {
    await migrateSystem(db());
  });

  it('bootstraps an administrator once, printing a generated password exactly once', async () => {
    const printed: string[] = [];
    const admin = await bootstrapAdmin(db(), { print: (line) => printed.push(line) });
    expect(admin).toMatchObject({ email: 'admin@loom.local', admin: true, active: true });
    expect(printed).toHaveLength(1);
    const password = /password (\S+)/.exec(printed[0])![1];
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(admin)).not.toContain(password);
    expect(await bootstrapAdmin(db(), { print: (line) => printed.push(line) })).toBeUndefined();
    expect(printed).toHaveLength(1);
    await expect(bootstrapAdmin(db(), { password: 'short' })).rejects.toThrow(/at least 10/);
  });

  it('keeps emails unique whatever their case and never exposes the password hash', async () => {
    const ann = await createUser(db(), { email: ' Ann@Example.COM ', name: 'Ann', password: 'correct horse battery' });
    expect(ann.email).toBe('ann@example.com');
    expect(Object.keys(ann)).not.toContain('passwordHash');
    expect(JSON.stringify(ann)).not.toMatch(/argon2/);
    await expect(createUser(db(), { email: 'ANN@example.com', name: 'Other' })).rejects.toMatchObject({ status: 409 });
    expect((await findLoginUser(db(), 'ANN@EXAMPLE.COM'))?.id).toBe(ann.id);
    const problems = await createUser(db(), { email: 'nope', name: '', password: 'short' }).catch((e) => e.errors.map((p: { path: string }) => p.path));
    expect(problems).toEqual(['/email', '/name', '/password']);
  });

  it('refuses manager cycles, and loads teams, team members and all subordinates in one actor', async () => {
    const boss = await createUser(db(), { email: 'boss@t.test', name: 'Boss', roles: ['sales'] });
    const mid = await createUser(db(), { email: 'mid@t.test', name: 'Mid', manager: boss.id });
    const low = await createUser(db(), { email: 'low@t.test', name: 'Low', manager: mid.id });
    const peer = await createUser(db(), { email: 'peer@t.test', name: 'Peer' });
    await expect(updateUser(db(), boss.id, { manager: low.id })).rejects.toMatchObject({ status: 400, errors: [{ path: '/manager' }] });
    await expect(updateUser(db(), boss.id, { manager: boss.id })).rejects.toMatchObject({ status: 400 });
    const north = await createTeam(db(), { name: 'north' });
    await setTeamMembers(db(), north.id, [boss.id, peer.id]);
    const actor = (await loadActor(db(), boss.id))!;
    expect(actor).toMatchObject({ id: boss.id, roles: ['sales'], teams: [north.id], admin: false });
    expect([...actor.subordinates].sort()).toEqual([mid.id, low.id].sort());
    expect([...actor.teamMembers].sort()).toEqual([boss.id, peer.id].sort());
    expect((await loadActor(db(), low.id))!.teamMembers).toEqual([low.id]);
    // A cycle written behind the API's back does not hang the recursive query.
    await sql`update loom.users set manager_id = ${low.id}::uuid where id = ${boss.id}::uuid`.execute(db());
    expect((await loadActor(db(), mid.id))!.subordinates.length).toBe(2);
    await sql`update loom.users set manager_id = null where id = ${boss.id}::uuid`.execute(db());
  });

  it('revokes sessions and tokens on deactivation, password change and role removal, not on other edits', async () => {
    const user = await createUser(db(), { email: 'rev@t.test', name: 'Rev', roles: ['a', 'b'], password: 'first password!' });
    const now = new Date();
    const live = async () => {
      const { token } = await createSession(db(), user.id, now);
      const api = await createApiToken(db(), user.id, { name: 't' });
      return async () => [!!(await findSession(db(), token, now)), !!(await findApiToken(db(), api.token, now))];
    };
    let check = await live();
    expect((await updateUser(db(), user.id, { name: 'Renamed', roles: ['a', 'b', 'c'] })).revoked).toBe(false);
    expect(await check()).toEqual([true, true]);
    expect((await updateUser(db(), user.id, { roles: ['a'] })).revoked).toBe(true);
    expect(await check()).toEqual([false, false]);
    check = await live();
    await updateUser(db(), user.id, { password: 'second password!' });
    expect(await check()).toEqual([false, false]);
    check = await live();
    const { user: off } = await updateUser(db(), user.id, { active: false });
    expect(off.deactivatedAt).not.toBeNull();
    expect(await check()).toEqual([false, false]);
    expect(await loadActor(db(), user.id)).toBeUndefined();
    const { user: on } = await updateUser(db(), user.id, { active: true });
    expect(on).toMatchObject({ active: true, deactivatedAt: null });
  });

  it('slides a session to the idle limit and never past the absolute one', async () => {
    const user = await createUser(db(), { email: 'slide@t.test', name: 'Slide' });
    const policy = { idleMs: 2 * HOUR, absoluteMs: 5 * HOUR };
    const t0 = Date.now();
    const at = (hours: number) => new Date(t0 + hours * HOUR);
    const { token } = await createSession(db(), user.id, at(0), policy);
    for (const h of [1.5, 3, 4.5]) expect(await findSession(db(), token, at(h), policy), `at ${h} h`).toBeDefined();
    expect(await findSession(db(), token, at(5.01), policy)).toBeUndefined();
    const idle = await createSession(db(), user.id, at(0), policy);
    expect(await findSession(db(), idle.token, at(2.01), policy)).toBeUndefined();
  });

  it('refuses to demote or deactivate the last active administrator', async () => {
    const { rows } = await sql<{ id: string }>`select id::text as id from loom.users where is_admin`.execute(db());
    expect(rows).toHaveLength(1);
    await expect(updateUser(db(), rows[0].id, { admin: false })).rejects.toMatchObject({ code: 'LOOM_ERR_AUTH_LAST_ADMIN' });
    await expect(updateUser(db(), rows[0].id, { active: false })).rejects.toMatchObject({ code: 'LOOM_ERR_AUTH_LAST_ADMIN' });
  });

  it('lists users by email with search and keyset pages', async () => {
    const first = await listUsers(db(), { limit: 3 });
    expect(first.data).toHaveLength(3);
    const second = await listUsers(db(), { limit: 3, after: first.next! });
    expect(second.data[0].email > first.data[2].email).toBe(true);
    expect((await listUsers(db(), { q: 'BOSS', limit: 10 })).data.map((u) => u.email)).toEqual(['boss@t.test']);
    expect((await listUsers(db(), { q: '%', limit: 10 })).data).toEqual([]);
  });
  it('reuses a cached actor only until users, teams or membership change, however they are changed', async () => {
    const rep = await createUser(db(), { email: 'cache-rep@t.test', name: 'Rep', roles: ['sales'] });
    const { token } = await createApiToken(db(), rep.id, { name: 'cache' });
    const cache = new ActorCache();
    const actorNow = async () => {
      const found = (await findApiToken(db(), token, new Date()))!;
      return cache.get(db(), found.userId, found.generation);
    };
    const first = await actorNow();
    expect(await actorNow()).toBe(first);
    const team = await createTeam(db(), { name: 'cache-team' });
    await setTeamMembers(db(), team.id, [rep.id]);
    expect((await actorNow())!.teams).toEqual([team.id]);
    // Behind the API's back too: the trigger counts every statement.
    await sql`update loom.users set roles = '{manager}' where id = ${rep.id}::uuid`.execute(db());
    expect((await actorNow())!.roles).toEqual(['manager']);
    await sql`delete from loom.team_members where user_id = ${rep.id}::uuid`.execute(db());
    expect((await actorNow())!.teams).toEqual([]);
    await sql`update loom.users set active = false, deactivated_at = now() where id = ${rep.id}::uuid`.execute(db());
    expect(await findApiToken(db(), token, new Date())).toBeUndefined();
  });
});

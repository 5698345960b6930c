import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';
import { MetadataRegistry } from '../../meta/metadata-registry.ts';
import { RECORDS_SCHEMA } from '../../model/table-spec.ts';

const taskEntity = {
  kind: 'entity', name: 'task', label: 'Task', titleField: 'title', owned: true,
  fields: {
    title: { type: 'text', required: true },
    stage: { type: 'select', options: [{ value: 'open' }, { value: 'done' }], default: 'open' },
    dueAt: { type: 'datetime' },
  },
  indexes: [['stage', '-dueAt']],
};
/** Not owned: scope `team` reads the creator's teams. */
const memoEntity = { kind: 'entity', name: 'memo', label: 'Memo', titleField: 'title', fields: { title: { type: 'text' } } };
const teamRole = {
  kind: 'role', name: 'team_worker', label: 'Team worker',
  entities: { task: { read: 'team', create: true, update: 'team', delete: 'own' }, memo: { read: 'team', create: true } },
};

describeAppOnEachBackend('team scope', [taskEntity, memoEntity, teamRole], (ctx) => {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, user?: TestUser) =>
    ctx.app.inject({ method, url, payload: payload as Record<string, unknown>, headers: user?.headers });
  const ok = async (response: ReturnType<typeof send>, status = 200) => {
    const res = await response;
    expect(res.statusCode, res.body).toBe(status);
    return status === 204 ? undefined : res.json();
  };
  /** Titles of the tasks a user reads through the list (two pages of a keyset walk), a get each and `count`. */
  const seenBy = async (user: TestUser, entity = 'task'): Promise<string[]> => {
    const first = await ok(send('GET', `/api/data/${entity}?limit=2&count=true&sort=title`, undefined, user));
    const rows = [...first.data];
    for (let cursor = first.next; cursor; ) {
      const page = await ok(send('GET', `/api/data/${entity}?limit=2&sort=title&cursor=${encodeURIComponent(cursor)}`, undefined, user));
      rows.push(...page.data);
      cursor = page.next;
    }
    expect(first.total).toBe(rows.length);
    for (const row of rows) expect((await send('GET', `/api/data/${entity}/${row.id}`, undefined, user)).statusCode).toBe(200);
    return rows.map((r: { title: string }) => r.title).sort();
  };
  const teamId = async (name: string) => ((await ok(send('GET', '/api/teams'))).data as { id: string; name: string }[]).find((t) => t.name === name)!.id;
  const setMembers = async (name: string, members: TestUser[]) => ok(send('PUT', `/api/teams/${await teamId(name)}/members`, { members: members.map((m) => m.id) }));
  const create = async (user: TestUser | undefined, title: string, entity = 'task') => ok(send('POST', `/api/data/${entity}`, { title }, user), 201);

  it('reads exactly the records of team members, and follows joining, leaving, moving, owner changes and transfers at once', async () => {
    const roles = ['team_worker'];
    const ann = await createTestUser(ctx.app, { roles, teams: ['red'] });
    const bob = await createTestUser(ctx.app, { roles, teams: ['red'] });
    const cat = await createTestUser(ctx.app, { roles, teams: ['blue'] });
    const dan = await createTestUser(ctx.app, { roles, teams: ['red', 'blue'] });
    const eve = await createTestUser(ctx.app, { roles });
    for (const [user, title] of [[ann, 'ann-1'], [bob, 'bob-1'], [cat, 'cat-1'], [dan, 'dan-1'], [eve, 'eve-1']] as const) await create(user, title);
    const byAdmin = await create(undefined, 'admin-1');

    expect(await seenBy(ann)).toEqual(['ann-1', 'bob-1', 'dan-1']);
    expect(await seenBy(cat)).toEqual(['cat-1', 'dan-1']);
    expect(await seenBy(dan)).toEqual(['ann-1', 'bob-1', 'cat-1', 'dan-1']);
    // In no team, scope `team` is the user's own records.
    expect(await seenBy(eve)).toEqual(['eve-1']);

    // Cat moves from blue to red: her records move with her, in the same request.
    await setMembers('blue', [dan]);
    await setMembers('red', [ann, bob, dan, cat]);
    expect(await seenBy(ann)).toEqual(['ann-1', 'bob-1', 'cat-1', 'dan-1']);
    expect(await seenBy(cat)).toEqual(['ann-1', 'bob-1', 'cat-1', 'dan-1']);
    // Dan leaves red: only blue (just him) is left.
    await setMembers('red', [ann, bob, cat]);
    expect(await seenBy(dan)).toEqual(['dan-1']);
    expect(await seenBy(bob)).toEqual(['ann-1', 'bob-1', 'cat-1']);

    // A record given to a red member becomes red's; a transfer of everything Bob owns to Eve leaves red.
    await ok(send('PATCH', `/api/data/task/${byAdmin.id}`, { owner: ann.id }));
    expect(await seenBy(bob)).toEqual(['admin-1', 'ann-1', 'bob-1', 'cat-1']);
    await ok(send('POST', '/api/ownership/transfer', { from: bob.id, to: eve.id }));
    expect(await seenBy(ann)).toEqual(['admin-1', 'ann-1', 'cat-1']);
    expect(await seenBy(eve)).toEqual(['bob-1', 'eve-1']);
    await ok(send('POST', '/api/data/task/transfer', { ids: [byAdmin.id], owner: dan.id }));
    expect(await seenBy(ann)).toEqual(['ann-1', 'cat-1']);
    expect(await seenBy(dan)).toEqual(['admin-1', 'dan-1']);
    // Writes obey the same scope: a red member may update a red record, not a blue one.
    const catTask = (await ok(send('GET', '/api/data/task?sort=title', undefined, cat))).data.find((t: { title: string }) => t.title === 'cat-1');
    await ok(send('PATCH', `/api/data/task/${catTask.id}`, { stage: 'done' }, ann));
    expect((await send('PATCH', `/api/data/task/${byAdmin.id}`, { stage: 'done' }, ann)).statusCode).toBe(404);

    // The key on every record is its owner's, whatever path wrote it.
    const stale = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${RECORDS_SCHEMA}.task`)} t left join loom.users u on u.id = t.owner
      where t.owner_team_key is distinct from u.team_key`.execute(ctx.test.database.db);
    expect(stale.rows[0].n).toBe(0);
  });

  it('reads the records of team members on an entity without owners by their creator', async () => {
    const roles = ['team_worker'];
    const [gus, hal, ivy] = [await createTestUser(ctx.app, { roles, teams: ['green'] }), await createTestUser(ctx.app, { roles, teams: ['green'] }), await createTestUser(ctx.app, { roles, teams: ['grey'] })];
    for (const [user, title] of [[gus, 'gus'], [hal, 'hal'], [ivy, 'ivy']] as const) await create(user, title, 'memo');
    expect(await seenBy(gus, 'memo')).toEqual(['gus', 'hal']);
    expect(await seenBy(ivy, 'memo')).toEqual(['ivy']);
  });

  it('a share shows the record to its user at once, and unsharing takes it away', async () => {
    const roles = ['team_worker'];
    const [kim, lee] = [await createTestUser(ctx.app, { roles, teams: ['violet'] }), await createTestUser(ctx.app, { roles, teams: ['indigo'] })];
    const task = await create(kim, 'kim-shared');
    expect(await seenBy(lee)).toEqual([]);
    const share = await ok(send('POST', `/api/data/task/${task.id}/shares`, { user: lee.id, access: 'read' }), 201);
    expect(await seenBy(lee)).toEqual(['kim-shared']);
    await ok(send('DELETE', `/api/data/task/${task.id}/shares/${share.id}`), 204);
    expect(await seenBy(lee)).toEqual([]);
    // Shared with Lee's team instead: the same.
    await ok(send('POST', `/api/data/task/${task.id}/shares`, { team: await teamId('indigo'), access: 'read' }), 201);
    expect(await seenBy(lee)).toEqual(['kim-shared']);
  });

  if (ctx.kind === 'postgres') {
    it('a membership change waits for a record being edited by its mover, and a create racing it gets the new key', async () => {
      const roles = ['team_worker'];
      const moh = await createTestUser(ctx.app, { roles, teams: ['amber'] });
      const task = await create(moh, 'moh-edited');
      const editor = new pg.Client({ connectionString: ctx.test.url });
      await editor.connect();
      try {
        // An update in flight: its record is locked (as the record service locks it), its write not yet sent.
        await editor.query('begin');
        await editor.query(`select version from ${RECORDS_SCHEMA}.task where id = $1 for update`, [task.id]);
        const moving = setMembers('amber', []);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const racing = create(moh, 'moh-raced');
        await new Promise((resolve) => setTimeout(resolve, 300));
        await editor.query(`update ${RECORDS_SCHEMA}.task set title = 'moh-edited-2', version = version + 1 where id = $1`, [task.id]);
        await editor.query('commit');
        await moving;
        await racing;
      } finally {
        await editor.end();
      }
      const { rows } = await sql<{ title: string; key: string | null; user_key: string | null }>`select t.title, t.owner_team_key::text as key, u.team_key::text as user_key
        from ${sql.table(`${RECORDS_SCHEMA}.task`)} t join loom.users u on u.id = t.owner where t.owner = ${moh.id}::uuid order by t.title`.execute(ctx.test.database.db);
      // Moh is in no team now: no key anywhere, and Moh alone reads both.
      expect(rows).toEqual([{ title: 'moh-edited-2', key: null, user_key: null }, { title: 'moh-raced', key: null, user_key: null }]);
      expect(await seenBy(moh)).toEqual(['moh-edited-2', 'moh-raced']);
    });
  }

  it('gives each sort index of a team-read entity a companion led by the team key', async () => {
    const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = ${RECORDS_SCHEMA} and tablename = 'task' and indexdef like '%owner_team_key%' order by indexname`.execute(ctx.test.database.db);
    const columns = rows.map((r) => /\((.*)\)/.exec(r.indexdef)![1].replace(/\s+/g, ' '));
    expect(columns).toEqual(['owner_team_key, stage, due_at DESC, id DESC', 'owner_team_key, updated_at']);
    const memo = await sql`select 1 from information_schema.columns where table_schema = ${RECORDS_SCHEMA} and table_name = 'memo' and column_name = 'owner_team_key'`.execute(ctx.test.database.db);
    expect(memo.rows).toEqual([]);
  });

  it('a start brings a database written by an older engine up to the model: the key column comes back, filled', async () => {
    const db = ctx.test.database.db;
    const table = sql.table(`${RECORDS_SCHEMA}.task`);
    await sql`alter table ${table} drop column owner_team_key`.execute(db);
    const registry = new MetadataRegistry(ctx.test.database);
    await registry.start();
    await registry.stop();
    const { rows } = await sql<{ total: number; keyed: number }>`select count(*)::int as total, count(*) filter (where t.owner_team_key is not distinct from u.team_key)::int as keyed
      from ${table} t left join loom.users u on u.id = t.owner`.execute(db);
    expect(rows[0].total).toBeGreaterThan(0);
    expect(rows[0].keyed).toBe(rows[0].total);
    expect((await sql`select 1 from pg_indexes where schemaname = ${RECORDS_SCHEMA} and indexname like 'task_owner_team_key%'`.execute(db)).rows).toHaveLength(2);
  });
});

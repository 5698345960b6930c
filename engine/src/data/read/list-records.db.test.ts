import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';
import { pageQuery } from './list-records.ts';

/** Stored fields only, so plain list requests run kept statements (list-records.ts, reusablePage). */
const taskEntity = {
  kind: 'entity',
  name: 'task',
  label: 'Task',
  titleField: 'title',
  owned: true,
  fields: {
    title: { type: 'text', required: true },
    kind: { type: 'select', options: [{ value: 'call' }, { value: 'visit' }] },
    dueAt: { type: 'datetime' },
  },
};
const ownRole = { kind: 'role', name: 'task_own', label: 'Own tasks', entities: { task: { read: 'own', create: true } } };

describeAppOnEachBackend('list statements kept between requests', [taskEntity, ownRole], (ctx) => {
  let clerk: TestUser;
  const list = async (query: string, headers?: Record<string, string>) => {
    const res = await ctx.app.inject({ url: `/api/data/task?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: { title: string }[]; next: string | null };
  };
  /** Every title of a list, page by page, following the cursors. */
  const walk = async (query: string, headers?: Record<string, string>) => {
    const titles: string[] = [];
    let page = await list(query, headers);
    titles.push(...page.data.map((r) => r.title));
    while (page.next) {
      page = await list(`${query}&cursor=${page.next}`, headers);
      titles.push(...page.data.map((r) => r.title));
    }
    return titles;
  };

  it('page with every cursor\'s own values, nulls included, the same on every run', async () => {
    clerk = await createTestUser(ctx.app, { roles: ['task_own'] });
    const operations = Array.from({ length: 23 }, (_, i) => ({
      op: 'create',
      data: { title: `t${String(i).padStart(2, '0')}`, kind: i % 3 ? 'call' : 'visit', dueAt: i % 4 ? new Date(Date.UTC(2026, 0, 1 + (i % 7), i)).toISOString() : null },
    }));
    expect((await ctx.app.inject({ method: 'POST', url: '/api/data/task/bulk', payload: { operations } })).statusCode).toBe(200);
    const all = (await list('limit=100')).data;
    const byDue = (descending: boolean) =>
      [...all]
        .sort((a: any, b: any) => {
          if (a.dueAt === b.dueAt) return descending ? (a.id < b.id ? 1 : -1) : a.id < b.id ? -1 : 1;
          // PostgreSQL's default: NULLs last ascending, first descending.
          if (a.dueAt === null) return descending ? -1 : 1;
          if (b.dueAt === null) return descending ? 1 : -1;
          return (a.dueAt < b.dueAt ? -1 : 1) * (descending ? -1 : 1);
        })
        .map((r) => r.title);
    for (const descending of [false, true]) {
      const query = `sort=${descending ? '-' : ''}dueAt&limit=4`;
      const first = await walk(query);
      expect(first).toEqual(byDue(descending));
      expect(await walk(query)).toEqual(first);
    }
  });

  it('keep filter values apart and each actor\'s scope apart', async () => {
    const calls = await walk('kind=call&sort=title&limit=5');
    const visits = await walk('kind=visit&sort=title&limit=5');
    expect(calls).toHaveLength(15);
    expect(visits).toEqual(['t00', 't03', 't06', 't09', 't12', 't15', 't18', 't21']);
    expect(await walk('kind=call&sort=title&limit=5')).toEqual(calls);

    const mine = await ctx.app.inject({ method: 'POST', url: '/api/data/task', payload: { title: 'clerk visit', kind: 'visit' }, headers: clerk.headers });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(await walk('kind=visit&sort=title&limit=5', clerk.headers)).toEqual(['clerk visit']);
    expect(await walk('kind=visit&sort=title&limit=5')).toEqual([...visits, 'clerk visit'].sort());
  });

  it('projects only the rows of the page: a sort over many candidates carries stored columns, not their text', async () => {
    const model = ctx.app.loom.registry.current();
    const request = { conditions: [], sort: [{ field: 'title', descending: false }], limit: 5, expand: new Map(), count: false };
    const { query } = pageQuery(ctx.test.database.db, model, model.entities.get('task')!, request, { now: new Date(), user: {} } as any);
    const compiled = query.compile();
    // EXPLAIN takes no parameters: the statement is explained with its values written in.
    const text = compiled.sql.replace(/\$(\d+)/g, (_: string, n: string) => `'${String(compiled.parameters[Number(n) - 1]).replace(/'/g, "''")}'`);
    const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(`explain (verbose, costs off) ${text}`).execute(ctx.test.database.db);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const sortAt = plan.findIndex((line) => /Sort\b/.test(line) && !/Sort Key/.test(line));
    const sortOutput = plan.slice(sortAt + 1).find((line) => line.trim().startsWith('Output:'))!;
    expect(sortOutput).toContain('due_at');
    expect(sortOutput).not.toContain('::text');
    expect(plan.join('\n')).toContain('(r.due_at)::text');
  });
});

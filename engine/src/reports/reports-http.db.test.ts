import { inflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../test/test-app.ts';
import { documents, random } from './report-fixtures.ts';
import { bulkCreate } from './report-seed.ts';

/** Reports over HTTP as different callers: record scope, scope through lookups, hidden fields, drill-down, parameters, export. */
describeAppOnEachBackend('reports over HTTP', documents, (ctx) => {
  let sellerA: TestUser;
  let sellerB: TestUser;
  let viewer: TestUser;
  const get = (url: string, user?: TestUser, headers: Record<string, string> = {}) =>
    ctx.app.inject({ url, headers: { ...headers, ...(user?.headers ?? {}) } });
  const ok = async (url: string, user?: TestUser) => {
    const res = await get(url, user);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const bulk = (entity: string, data: Record<string, unknown>[]) => bulkCreate(ctx.app, entity, data);
  const count = async (sqlText: ReturnType<typeof sql>) => Number(((await sqlText.execute(ctx.test.database.db)).rows[0] as { n: unknown }).n);

  beforeAll(async () => {
    sellerA = await createTestUser(ctx.app, { roles: ['seller'] });
    sellerB = await createTestUser(ctx.app, { roles: ['seller'] });
    viewer = await createTestUser(ctx.app, { roles: ['viewer'] });
    const rand = random(11);
    const owners = [sellerA.id, sellerB.id, ctx.app.admin.id];
    const accounts = await bulk(
      'account',
      Array.from({ length: 9 }, (_, i) => ({
        name: i === 0 ? '=HYPERLINK("http://x","y")' : `Account ${i}`,
        tier: ['gold', 'silver', 'bronze'][i % 3],
        owner: owners[i % 3],
      })),
    );
    await bulk(
      'deal',
      Array.from({ length: 120 }, (_, i) => ({
        title: `Deal ${i}`,
        amount: Math.round(rand() * 100_000) / 100,
        stage: ['open', 'won', 'lost'][i % 3],
        closedOn: new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 150) * 86_400_000).toISOString().slice(0, 10),
        account: i % 10 === 0 ? null : accounts[Math.floor(rand() * accounts.length)],
        owner: owners[Math.floor(rand() * 3)],
      })),
    );
  }, 120_000);

  it("a seller's aggregates cover their own deals only", async () => {
    for (const user of [sellerA, sellerB]) {
      const answer = await ok('/api/reports/by_stage', user);
      const total = answer.rows.reduce((sum: number, r: { count: number }) => sum + r.count, 0);
      expect(total).toBe(await count(sql`select count(*) as n from loom_data.deal where owner = ${user.id}::uuid`));
    }
    const all = await ok('/api/reports/by_stage');
    expect(all.rows.reduce((sum: number, r: { count: number }) => sum + r.count, 0)).toBe(120);
  });

  it('through a lookup path, counts only the deals whose account the seller may read', async () => {
    const answer = await ok('/api/reports/by_tier', sellerA);
    const expected = await count(sql`select count(*) as n from loom_data.deal d left join loom_data.account a on a.id = d.account
      where d.owner = ${sellerA.id}::uuid and (d.account is null or a.owner = ${sellerA.id}::uuid)`);
    expect(answer.rows.reduce((sum: number, r: { count: number }) => sum + r.count, 0)).toBe(expected);
    expect(expected).toBeLessThan(await count(sql`select count(*) as n from loom_data.deal where owner = ${sellerA.id}::uuid`));
  });

  it('drill-down: each row’s filter lists exactly the records it counted, for the caller', async () => {
    for (const [report, user] of [
      ['by_tier', sellerA],
      ['by_stage', sellerB],
      ['closed_on_week', undefined],
      ['month_by_stage', sellerA],
      ['ranged', sellerB],
    ] as const) {
      const answer = await ok(`/api/reports/${report}`, user);
      expect(answer.rows.length).toBeGreaterThan(0);
      for (const row of answer.rows) {
        const list = await ok(`/api/data/deal?count=true&limit=1&filter=${encodeURIComponent(JSON.stringify(row.$drill))}`, user);
        expect(list.total, `${report} ${JSON.stringify(row.$label)}`).toBe(row.count);
      }
    }
  });

  it('a field the caller may not see cannot be measured: 400 naming it', async () => {
    const res = await get('/api/reports/by_stage', viewer);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('LOOM_ERR_REPORT_FIELD_HIDDEN');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/measures/1/field', '/measures/6/field', '/measures/6/where/>=/0']),
    );
    expect((await get('/api/reports/by_tier', viewer)).statusCode).toBe(400);
    const zh = await get('/api/reports/by_stage', viewer, { 'accept-language': 'zh-CN' });
    expect(zh.json().title).toBe('报表使用了你无权查看的字段');
  });

  it('bad parameters: 400 with a pointer for each', async () => {
    const res = await get('/api/reports/ranged?period=2026-13-01..2026-01-01&stage=bogus&owner=nobody&least=many&other=1');
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/query/least', '/query/other', '/query/owner', '/query/period', '/query/stage']);
    expect((await get('/api/reports/nothing')).statusCode).toBe(404);
    expect((await get('/api/reports/pareto', sellerA)).statusCode).toBe(404);
  });

  it('lists the reports and dashboards a caller may use, and answers a dashboard with its widgets', async () => {
    const names = (await ok('/api/reports', sellerA)).data.map((r: { name: string }) => r.name);
    expect(names).toContain('by_stage');
    expect(names).not.toContain('pareto');
    const board = await ok('/api/dashboards/overview', sellerA);
    expect(board.widgets.map((w: { report: string; kind: string }) => [w.report, w.kind])).toEqual([
      ['by_stage', 'chart'],
      ['month_over_month', 'kpi'],
      ['ranged', 'chart'],
    ]);
    expect(board.widgets[1].kpi).toMatchObject({ measure: 'total' });
    expect(board.widgets[2].result.params.find((p: { name: string }) => p.name === 'stage').value).toBe('won');
    expect((await ok('/api/dashboards/overview', viewer)).widgets[0].result.problem.code).toBe('LOOM_ERR_REPORT_FIELD_HIDDEN');
  });

  it('exports CSV and XLSX, a text that looks like a formula kept as text', async () => {
    const csv = await get('/api/reports/by_tier/export?format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFAccount · Tier,Count,Total Amount');
    const byAccount = await get('/api/reports/by_account/export');
    expect(byAccount.statusCode).toBe(200);
    expect(byAccount.body).toContain(`"'=HYPERLINK(""http://x"",""y"")",`);
    expect((await get('/api/reports/by_account/export?format=xlsx')).rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(sheetOf((await get('/api/reports/by_account/export?format=xlsx')).rawPayload)).toContain(`'=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)`);
    const xlsx = await get('/api/reports/by_stage/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(sheetOf(xlsx.rawPayload)).toContain('<t xml:space="preserve">won</t>');
    expect((await get('/api/reports/by_stage/export?format=pdf')).statusCode).toBe(400);
  });
});

/** The first sheet's XML out of an XLSX (a ZIP): enough to read what was written. */
function sheetOf(file: Buffer): string {
  let at = 0;
  while (file.readUInt32LE(at) === 0x04034b50) {
    const size = file.readUInt32LE(at + 18);
    const nameLength = file.readUInt16LE(at + 26);
    const name = file.subarray(at + 30, at + 30 + nameLength).toString();
    const data = file.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    if (name === 'xl/worksheets/sheet1.xml') return inflateRawSync(data).toString();
    at += 30 + nameLength + size;
  }
  return '';
}

import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../test/test-app.ts';
import { loadPack } from '../pack/load-pack.ts';
import { loadPackData } from '../pack/load-pack-data.ts';
import { SYSTEM_ACTOR } from '../data/actor.ts';

/** The CRM pack's entities, roles, reports and dashboards with its sample data: every report and dashboard runs. */
const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
const documents = pack.changes
  .map((c) => (c as { put: Record<string, unknown> }).put)
  .filter((d) => !['approval', 'reminder', 'automation'].includes(d.kind as string));
const reports = documents.filter((d) => d.kind === 'report').map((d) => d.name as string);

describeAppOnEachBackend('the CRM pack reports', documents, (ctx) => {
  let sales: TestUser;
  let service: TestUser;
  beforeAll(async () => {
    await loadPackData(ctx.app.loom.records, pack.dataFiles, SYSTEM_ACTOR);
    sales = await createTestUser(ctx.app, { roles: ['sales'] });
    service = await createTestUser(ctx.app, { roles: ['service'] });
  }, 120_000);

  it('runs every report of the pack for an administrator, in both languages', async () => {
    expect(reports.length).toBeGreaterThanOrEqual(16);
    for (const name of reports) {
      for (const language of ['en', 'zh-CN']) {
        const res = await ctx.app.inject({ url: `/api/reports/${name}`, headers: { 'accept-language': language } });
        expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
        const body = res.json();
        expect(body.report.name).toBe(name);
        expect(body.columns.length).toBeGreaterThan(0);
        for (const row of body.rows) expect(row.$drill).toBeDefined();
      }
    }
  });

  it('lists the reports a user may run and runs them or names the hidden fields', async () => {
    for (const user of [sales, service]) {
      const list = (await ctx.app.inject({ url: '/api/reports', headers: user.headers })).json().data as { name: string }[];
      expect(list.length).toBeGreaterThan(0);
      for (const { name } of list) {
        const res = await ctx.app.inject({ url: `/api/reports/${name}`, headers: user.headers });
        expect([200, 400], `${name}: ${res.body}`).toContain(res.statusCode);
        if (res.statusCode === 400) expect(res.json().code).toBe('LOOM_ERR_REPORT_FIELD_HIDDEN');
      }
    }
  });

  it('runs the dashboards with every widget answered', async () => {
    for (const name of ['sales_home', 'service_home']) {
      const res = await ctx.app.inject({ url: `/api/dashboards/${name}` });
      expect(res.statusCode, res.body).toBe(200);
      const widgets = res.json().widgets as { kind: string; result: { problem?: unknown }; kpi?: { value: unknown; previous?: unknown } }[];
      for (const widget of widgets) expect(widget.result.problem, JSON.stringify(widget.result.problem)).toBeUndefined();
      const tiles = widgets.filter((w) => w.kind === 'kpi');
      expect(tiles.length).toBeGreaterThan(0);
      for (const tile of tiles) expect(tile.kpi).toHaveProperty('value');
      expect(tiles.some((tile) => tile.kpi && 'previous' in tile.kpi && 'change' in tile.kpi)).toBe(true);
    }
  });

  it('lands the sales and service workbenches on their home dashboards', async () => {
    for (const [user, home] of [
      [sales, 'sales_home'],
      [service, 'service_home'],
    ] as const) {
      expect((await ctx.app.inject({ url: '/api/dashboards', headers: user.headers })).json().home).toBe(home);
      expect((await ctx.app.inject({ url: '/api/meta/ui', headers: user.headers })).json().home).toBe(home);
      expect((await ctx.app.inject({ url: `/api/dashboards/${home}`, headers: user.headers })).statusCode).toBe(200);
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from '../../test/backends.ts';
import { startTestApp, type TestApp } from '../../test/test-app.ts';
import { configFromEnv } from '../app/config.ts';
import { buildServer } from '../http/server.ts';
import { documents } from './report-fixtures.ts';

/**
 * LOOM_REPORTS_DATABASE_URL: a second database stands in for the replica, holding other
 * records than the primary; reports and dashboards answer from it, lists from the primary.
 */
describe.skipIf(!selectedBackends().includes('postgres'))('reports on a read replica [postgres]', () => {
  let primary: TestApp;
  let replica: TestApp;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let filesDir: string;
  const deals = (app: TestApp, n: number) =>
    app.app.inject({
      method: 'POST',
      url: '/api/data/deal/bulk',
      payload: { operations: Array.from({ length: n }, (_, i) => ({ op: 'create', data: { title: `D${i}`, stage: 'won', amount: 10 } })) },
    });

  beforeAll(async () => {
    primary = await startTestApp('postgres', documents);
    replica = await startTestApp('postgres', documents);
    expect((await deals(primary, 1)).statusCode).toBe(200);
    expect((await deals(replica, 3)).statusCode).toBe(200);
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-files-'));
    server = await buildServer({
      database: primary.test.database,
      config: { ...configFromEnv({}), filesDir, reportsDatabaseUrl: replica.test.url },
      logger: false,
    });
    await server.loom.registry.start();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await server?.loom.registry.stop();
    await replica?.close();
    await primary?.close();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('reads reports and dashboards there, and everything else from the primary', async () => {
    const headers = primary.app.admin.headers;
    const report = (await server.inject({ url: '/api/reports/by_stage', headers })).json();
    expect(report.rows.map((r: { stage: string; count: number }) => [r.stage, r.count])).toEqual([['won', 3]]);
    const board = (await server.inject({ url: '/api/dashboards/overview', headers })).json();
    expect(board.widgets[0].result.rows[0].count).toBe(3);
    const list = (await server.inject({ url: '/api/data/deal?count=true', headers })).json();
    expect(list.total).toBe(1);
  });
});

/**
 * `node --import tsx bench/explain.ts`: the SQL each server sends for one request
 * of every scenario (captured at the pg driver, so BEGIN/COMMIT count too), with
 * EXPLAIN (ANALYZE, BUFFERS) of each SELECT. Same data set and settings as `npm run bench`;
 * the engine's list also as the team-scoped salesperson (its row predicate).
 */
import pg from 'pg';
import { startBaselineServer, type RunningServer } from './baseline-server.ts';
import { BenchDatabases, benchSettings } from './bench-env.ts';
import { startEngineServer } from './engine-server.ts';
import { DEAL_STATUSES } from './models.ts';
import { SEARCH_TEXT } from './scenarios.ts';
import { loadDeals, publishDealModel, sampleIds } from './setup-data.ts';
import { loadCustomers, PACK_SEARCH_TEXT, sampleCustomerIds } from './pack-data.ts';

type Statement = { text: string; values: unknown[] };
let captured: Statement[] | undefined;
const query = pg.Client.prototype.query as (...args: any[]) => any;
pg.Client.prototype.query = function (this: pg.Client, ...args: any[]) {
  const [first, second] = args;
  const text = typeof first === 'string' ? first : first?.text;
  if (captured && typeof text === 'string') captured.push({ text, values: Array.isArray(second) ? second : (first?.values ?? []) });
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

let headers: Record<string, string> = {};

async function capture(url: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: any; statements: Statement[] }> {
  captured = [];
  const response = await fetch(url + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  const body = await response.json();
  const statements = captured;
  captured = undefined;
  return { status: response.status, body, statements };
}

async function explain(client: pg.Client, statement: Statement): Promise<string> {
  if (!/^\s*(select|with)\b/i.test(statement.text)) return '(not a SELECT: not explained)';
  const { rows } = await client.query(`explain (analyze, buffers) ${statement.text}`, statement.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function main() {
  const settings = benchSettings();
  const databases = new BenchDatabases(settings.adminUrl);
  const servers: RunningServer[] = [];
  process.once('SIGINT', () => databases.dropAll().finally(() => process.exit(130)));
  try {
    const db = await databases.create('_explain');
    const { people } = await publishDealModel(db.url);
    headers = { authorization: `Bearer ${people.allToken}` };
    await loadDeals(db.url, settings.deals, settings.orgs, people.ownerIds);
    await loadCustomers(db.url, settings.customers, people.ownerIds);
    const [customerId] = await sampleCustomerIds(db.url, 1);
    const { dealIds, orgIds } = await sampleIds(db.url, 10, people.teamIds);
    const engine = await startEngineServer(db.url, settings.poolSize);
    servers.push(engine);
    const baseline = await startBaselineServer(db.url, settings.poolSize);
    servers.push(baseline);
    const explainClient = new pg.Client({ connectionString: db.url });
    await explainClient.connect();
    const status = DEAL_STATUSES[4];
    const body = JSON.stringify({
      name: '郑州新客户科技有限公司',
      status: 'lead',
      amount: { amount: '100.50', currency: 'CNY' },
      closeAt: '2025-06-30T10:00:00.000Z',
      org: orgIds[0],
    });
    for (const [kind, port] of [
      ['engine', engine.port],
      ['baseline', baseline.port],
    ] as const) {
      const url = `http://127.0.0.1:${port}`;
      const first = await capture(url, `/api/data/deal?status=${status}&sort=-closeAt&limit=50`);
      const requests: [string, Awaited<ReturnType<typeof capture>>][] = [
        ['get', await capture(url, `/api/data/deal/${dealIds[0]}`)],
        ['list page 1', first],
        ['list page 2', await capture(url, `/api/data/deal?status=${status}&sort=-closeAt&limit=50&cursor=${encodeURIComponent(first.body.next)}`)],
        ['search', await capture(url, `/api/data/deal?q=${encodeURIComponent(SEARCH_TEXT)}`)],
        ['create', await capture(url, '/api/data/deal', { method: 'POST', headers: { 'content-type': 'application/json' }, body })],
        // The CRM pack's customer (pack-* scenarios).
        ['pack get', await capture(url, `/api/data/customer/${customerId}`)],
        ['pack list', await capture(url, '/api/data/customer?grade=A&sort=-updatedAt&limit=50')],
        ['pack search', await capture(url, `/api/data/customer?q=${encodeURIComponent(PACK_SEARCH_TEXT)}`)],
        [
          'pack create',
          await capture(url, '/api/data/customer', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: `${kind} 郑州新客户科技有限公司`, grade: 'A', revenue: { amount: '100.50', currency: 'CNY' } }),
          }),
        ],
      ];
      if (kind === 'engine') {
        const all = headers;
        headers = { authorization: `Bearer ${people.teamToken}` };
        const teamFirst = await capture(url, `/api/data/deal?status=${status}&sort=-closeAt&limit=50`);
        requests.push(['team list page 1', teamFirst]);
        requests.push([
          'team list page 2',
          await capture(url, `/api/data/deal?status=${status}&sort=-closeAt&limit=50&cursor=${encodeURIComponent(teamFirst.body.next)}`),
        ]);
        headers = all;
      }
      for (const [name, result] of requests) {
        console.log(`\n======== ${kind} — ${name}: HTTP ${result.status}, ${result.statements.length} statement(s)`);
        for (const [i, statement] of result.statements.entries()) {
          console.log(`--- [${i + 1}] ${statement.text}\n    params: ${JSON.stringify(statement.values)}`);
          if (!name.endsWith('create')) console.log(await explain(explainClient, statement));
        }
      }
    }
    await explainClient.end();
  } finally {
    for (const server of servers) await server.close().catch(() => {});
    await databases.dropAll();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

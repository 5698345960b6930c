import type { AutocannonRequest } from 'autocannon';
import { rotatingGets } from './load.ts';
import { PACK_SEARCH_TEXT } from './pack-data.ts';
import type { Scenario } from './scenarios.ts';
import type { ServerHandle } from './servers.ts';

const PATH = '/api/data/customer';
/** Operations per pack-bulk request (the bulk route's limit). */
export const BULK_SIZE = 1000;
/** Connections for pack-bulk: each request carries 1,000 records, so a few are enough to keep both servers busy. */
const BULK_CONNECTIONS = 4;

async function call(server: ServerHandle, path: string, headers: Record<string, string>, init: RequestInit = {}): Promise<any> {
  const response = await fetch(server.url + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  if (response.status < 200 || response.status > 299)
    throw new Error(`${server.kind} answered ${response.status} to ${init.method ?? 'GET'} ${path}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

const ids = (page: { data: { id: string }[] }) => page.data.map((r) => r.id);
const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Loads so far (both servers, every run): a customer's name is unique, so every create names a new one. */
let runs = 0;

/** A customer as a form would create it: most fields set, the code left to the autonumber. */
function customerBody(tag: string, i: number) {
  return {
    name: `郑州新客户科技有限公司-${tag}-${i}`,
    shortName: `新客户${i % 1000}`,
    grade: ['A', 'B', 'C'][i % 3],
    industry: 'software',
    source: 'referral',
    tags: i % 5 === 0 ? ['vip'] : [],
    phone: `+86 139${String(i % 100_000_000).padStart(8, '0')}`,
    email: `buyer${i}@example.cn`,
    revenue: { amount: `${10_000 + (i % 90_000)}.50`, currency: 'CNY' },
    employees: 10 + (i % 500),
    lastFollowUpAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 28), 9, 30)).toISOString(),
  };
}

/** POSTs whose body is built per request; the tag makes names unique across runs and servers. */
function rotatingPosts(path: string, body: (tag: string, i: number) => unknown, headers: Record<string, string>): () => AutocannonRequest[] {
  const all = { ...headers, 'content-type': 'application/json' };
  return () => {
    const tag = `r${++runs}`;
    let next = 0;
    return [
      {
        method: 'POST',
        path,
        headers: all,
        setupRequest: (request) => ({ ...request, method: 'POST', path, headers: all, body: JSON.stringify(body(tag, next++)) }),
      },
    ];
  };
}

const bulkBody = (tag: string, i: number) => ({
  operations: Array.from({ length: BULK_SIZE }, (_, k) => ({ op: 'create', data: customerBody(`${tag}b${i}`, k) })),
});

/** The CRM pack's customer (100,000 rows by default): engine against the hand-written routes of baseline-pack.ts. */
export function buildPackScenarios(customerIds: string[], auth: Record<string, string>): Scenario[] {
  const getPaths = customerIds.map((id) => `${PATH}/${id}`);
  const listPath = (query: Record<string, string>) => `${PATH}?${new URLSearchParams(query)}`;
  return [
    {
      key: 'pack-get',
      title: `GET /api/data/customer/:id (rotating over ${getPaths.length} ids)`,
      async prepare(server) {
        const records = await Promise.all(getPaths.slice(0, 5).map((p) => call(server, p, auth)));
        return { probe: { rows: records.map(() => 1), sample: records }, requests: rotatingGets(getPaths, auth) };
      },
    },
    {
      key: 'pack-list',
      title: 'GET /api/data/customer?grade=…&sort=-updatedAt&limit=50, pages 1 and 2 (keyset cursor), 3 grades',
      async prepare(server) {
        const paths: string[] = [];
        const pages: string[][] = [];
        for (const grade of ['A', 'B', 'C']) {
          const first = listPath({ grade, sort: '-updatedAt', limit: '50' });
          const page1 = await call(server, first, auth);
          if (!page1.next) throw new Error(`${server.kind}: no cursor after page 1 of grade ${grade}`);
          const second = listPath({ grade, sort: '-updatedAt', limit: '50', cursor: page1.next });
          const page2 = await call(server, second, auth);
          paths.push(first, second);
          pages.push(ids(page1), ids(page2));
        }
        return { probe: { rows: pages.map((p) => p.length), sample: pages }, requests: rotatingGets(paths, auth) };
      },
    },
    {
      key: 'pack-search',
      title: `GET /api/data/customer?q=${PACK_SEARCH_TEXT} (grams index over name and shortName + substring recheck, default sort -updatedAt, limit 50)`,
      async prepare(server) {
        const path = listPath({ q: PACK_SEARCH_TEXT });
        const page = await call(server, path, auth);
        if (page.data.length !== 50) throw new Error(`${server.kind}: pack-search found ${page.data.length} customers, expected a full page`);
        if (!page.data.every((r: { name: string; shortName: string | null }) => `${r.name} ${r.shortName ?? ''}`.includes(PACK_SEARCH_TEXT)))
          throw new Error(`${server.kind}: a search hit does not contain ${PACK_SEARCH_TEXT}`);
        return { probe: { rows: [page.data.length], sample: [ids(page)] }, requests: rotatingGets([path], auth) };
      },
    },
    {
      key: 'pack-create',
      title: 'POST /api/data/customer (autonumber from the counter row, rules, a history row, the record answered)',
      async prepare(server) {
        const body = customerBody(`probe-${server.kind}`, 1);
        const record = await call(server, PATH, auth, post(body));
        if (record.name !== body.name || !/^C-\d{4,}$/.test(record.code) || record.grade !== body.grade)
          throw new Error(`${server.kind}: the created customer does not echo its input: ${JSON.stringify(record)}`);
        const history = await countHistory(server, record.id, auth);
        return { probe: { rows: [1, history], sample: Object.keys(record).sort() }, requests: rotatingPosts(PATH, customerBody, auth) };
      },
    },
    {
      key: 'pack-bulk',
      title: `POST /api/data/customer/bulk (${BULK_SIZE} creates a request, ${BULK_CONNECTIONS} connections; records/s = req/s × ${BULK_SIZE})`,
      connections: BULK_CONNECTIONS,
      recordsPerRequest: BULK_SIZE,
      async prepare(server) {
        const body = bulkBody(`probe-${server.kind}`, 0);
        const answer = await call(server, `${PATH}/bulk`, auth, post(body));
        const created: string[] = answer.results.map((r: { id: string }) => r.id);
        // The first and last record of the request: numbered in order, one history row each.
        const [first, last] = await Promise.all([created[0], created[created.length - 1]].map((id) => call(server, `${PATH}/${id}`, auth)));
        const gap = Number(last.code.slice(2)) - Number(first.code.slice(2));
        const history = await countHistory(server, created[created.length - 1], auth);
        return { probe: { rows: [created.length, gap, history], sample: Object.keys(first).sort() }, requests: rotatingPosts(`${PATH}/bulk`, bulkBody, auth) };
      },
    },
  ];
}

/** History rows of a record, read through the engine's history route for either side (the hand-written server has none; both write loom.history). */
async function countHistory(server: ServerHandle, id: string, auth: Record<string, string>): Promise<number> {
  const engine = historyReader ?? server;
  const answer = await call(engine, `${PATH}/${id}/history`, auth);
  return (Array.isArray(answer) ? answer : answer.data).length;
}

let historyReader: ServerHandle | undefined;
/** The engine server reads history for both sides (the hand-written server has no history route). */
export function readHistoryThrough(engine: ServerHandle): void {
  historyReader = engine;
}

import { isDeepStrictEqual } from 'node:util';
import type { AutocannonRequest } from 'autocannon';
import { rotatingGets, rotatingPosts } from './load.ts';
import { DEAL_STATUSES } from './models.ts';
import type { ServerHandle } from './servers.ts';

/** What a server answered before the load, to check both servers do the same work. */
export interface Probe {
  /** Rows per probed request (1 for a single record). */
  rows: number[];
  /** Comparable answers: records (get), ids per page (lists), key sets (create). */
  sample: unknown;
}

export interface Prepared {
  probe: Probe;
  requests: () => AutocannonRequest[];
}

export interface Scenario {
  readonly key: string;
  readonly title: string;
  /** Whether both sides must answer with the same records (not when they see different rows). */
  readonly sameAnswersExpected?: boolean;
  /** Autocannon connections for this scenario (default: LOOM_BENCH_CONNECTIONS). */
  readonly connections?: number;
  /** Records each request writes (bulk): the report shows records/s beside req/s. */
  readonly recordsPerRequest?: number;
  /** Probes one server (2xx, rows) and builds the load it will receive; lists use that server's own cursors. */
  prepare(server: ServerHandle): Promise<Prepared>;
}

export const SEARCH_TEXT = '特立特';
const LIST_PATH = '/api/data/deal';

async function call(server: ServerHandle, path: string, headers: Record<string, string>, init: RequestInit = {}): Promise<any> {
  const response = await fetch(server.url + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${server.kind} answered ${response.status} to ${init.method ?? 'GET'} ${path}: ${text.slice(0, 500)}`);
  }
  return JSON.parse(text);
}

const listPath = (query: Record<string, string>) => `${LIST_PATH}?${new URLSearchParams(query)}`;
const ids = (page: { data: { id: string }[] }) => page.data.map((r) => r.id);
const shape = (record: Record<string, unknown>) => Object.keys(record).sort();

/** `auth`: the headers every request carries (the bench user's bearer token). */
export function buildScenarios(data: { dealIds: string[]; orgIds: string[] }, auth: Record<string, string>): Scenario[] {
  return [getScenario('get', data.dealIds, auth), listScenario('list', auth), ...otherScenarios(data, auth)];
}

/**
 * The same requests as a `team`-scoped salesperson and as an administrator, both on the
 * engine: what a row predicate on owner costs. Gets rotate over deals of the salesperson's
 * team (both may read them); lists see different rows (the team's, everyone's).
 */
export function buildScopeScenarios(
  teamDealIds: string[],
  auth: { team: Record<string, string>; sharing: Record<string, string>; admin: Record<string, string> },
): { key: string; who: string; team: Scenario; admin: Scenario }[] {
  const salesperson = 'team-scoped salesperson';
  return [
    { key: 'team-get', who: salesperson, team: getScenario('team-get', teamDealIds, auth.team), admin: getScenario('team-get', teamDealIds, auth.admin) },
    {
      key: 'team-list',
      who: salesperson,
      team: { ...listScenario('team-list', auth.team), sameAnswersExpected: false },
      admin: { ...listScenario('team-list', auth.admin), sameAnswersExpected: false },
    },
    // A teammate with a few other teams' deals shared with them: their predicate has a second
    // branch (the share test), which the page reads as a merge of two ordered pages.
    {
      key: 'team-list-shared',
      who: `${salesperson} with ${SHARED_DEALS} deals shared with them`,
      team: { ...listScenario('team-list-shared', auth.sharing), sameAnswersExpected: false },
      admin: { ...listScenario('team-list-shared', auth.admin), sameAnswersExpected: false },
    },
    // A filter through a lookup path: each candidate's org is read through a subquery that
    // applies the reader's read predicate on org (the path passes only readable rows).
    {
      key: 'team-list-lookup',
      who: salesperson,
      team: { ...listScenario('team-list-lookup', auth.team, THROUGH_ORG), sameAnswersExpected: false },
      admin: { ...listScenario('team-list-lookup', auth.admin, THROUGH_ORG), sameAnswersExpected: false },
    },
  ];
}

/** A filter through the deal's org lookup that keeps nearly every deal, so pages stay full. */
const THROUGH_ORG = {
  title: '&filter={"!=":[{"var":"org.name"},""]}',
  params: { filter: JSON.stringify({ '!=': [{ var: 'org.name' }, ''] }) },
};

/** How many deals of other teams are shared with the `sharing` salesperson. */
export const SHARED_DEALS = 3;

function getScenario(key: string, dealIds: string[], auth: Record<string, string>): Scenario {
  const getPaths = dealIds.map((id) => `${LIST_PATH}/${id}`);
  return {
    key,
    title: `GET /api/data/deal/:id (rotating over ${getPaths.length} ids)`,
    async prepare(server) {
      const records = await Promise.all(getPaths.slice(0, 5).map((p) => call(server, p, auth)));
      return { probe: { rows: records.map(() => 1), sample: records }, requests: rotatingGets(getPaths, auth) };
    },
  };
}

function listScenario(key: string, auth: Record<string, string>, through?: { title: string; params: Record<string, string> }): Scenario {
  return {
    key,
    title: `GET /api/data/deal?status=…${through?.title ?? ''}&sort=-closeAt&limit=50, pages 1 and 2 (keyset cursor), 6 statuses`,
    async prepare(server) {
      const paths: string[] = [];
      const pages: string[][] = [];
      for (const status of DEAL_STATUSES) {
        const first = listPath({ status, ...through?.params, sort: '-closeAt', limit: '50' });
        const page1 = await call(server, first, auth);
        if (!page1.next) throw new Error(`${server.kind}: no cursor after page 1 of status ${status}`);
        const second = listPath({ status, ...through?.params, sort: '-closeAt', limit: '50', cursor: page1.next });
        const page2 = await call(server, second, auth);
        paths.push(first, second);
        pages.push(ids(page1), ids(page2));
      }
      return { probe: { rows: pages.map((p) => p.length), sample: pages }, requests: rotatingGets(paths, auth) };
    },
  };
}

function otherScenarios(data: { orgIds: string[] }, auth: Record<string, string>): Scenario[] {
  const createBody = (i: number) => ({
    name: `郑州新客户${i}科技有限公司`,
    status: DEAL_STATUSES[i % DEAL_STATUSES.length],
    amount: { amount: `${1000 + (i % 9000)}.50`, currency: 'CNY' },
    closeAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 28), 9, 30)).toISOString(),
    org: data.orgIds[i % data.orgIds.length],
  });
  return [
    {
      key: 'search',
      title: `GET /api/data/deal?q=${SEARCH_TEXT} (grams index + substring recheck, default sort -updatedAt, limit 50)`,
      async prepare(server) {
        const path = listPath({ q: SEARCH_TEXT });
        const page = await call(server, path, auth);
        if (!page.data.every((r: { name: string }) => r.name.includes(SEARCH_TEXT)))
          throw new Error(`${server.kind}: a search hit does not contain ${SEARCH_TEXT}`);
        return { probe: { rows: [page.data.length], sample: [ids(page)] }, requests: rotatingGets([path], auth) };
      },
    },
    {
      key: 'create',
      title: 'POST /api/data/deal (JSON body validated, one row inserted, the record answered)',
      async prepare(server) {
        const body = createBody(999_999);
        const record = await call(server, LIST_PATH, auth, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const same = record.name === body.name && isDeepStrictEqual(record.amount, body.amount) && record.closeAt === body.closeAt && record.org === body.org;
        if (!same) throw new Error(`${server.kind}: the created record does not echo its input: ${JSON.stringify(record)}`);
        return { probe: { rows: [1], sample: shape(record) }, requests: rotatingPosts(LIST_PATH, createBody, auth) };
      },
    },
  ];
}

/**
 * Both servers must answer alike before their numbers are compared: same row
 * counts always (else the run stops); same records, ids or fields as far as the
 * scenario allows (a difference is reported, not fatal).
 */
export function compareProbes(scenario: Scenario, engine: Probe, baseline: Probe): { sameRows: boolean; sameAnswers: boolean; note?: string } {
  const sameRows = isDeepStrictEqual(engine.rows, baseline.rows);
  const sameAnswers = scenario.sameAnswersExpected === false || isDeepStrictEqual(engine.sample, baseline.sample);
  let note: string | undefined;
  if (!sameRows) note = `row counts differ: engine ${JSON.stringify(engine.rows)}, baseline ${JSON.stringify(baseline.rows)}`;
  else if (!sameAnswers)
    note = `answers differ (${scenario.key}): engine ${JSON.stringify(engine.sample).slice(0, 400)} / baseline ${JSON.stringify(baseline.sample).slice(0, 400)}`;
  return { sameRows, sameAnswers, note };
}

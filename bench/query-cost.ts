/**
 * `node --import tsx bench/query-cost.ts`: CPU the engine spends per request
 * before and after PostgreSQL, without a database or HTTP (kysely's DummyDriver):
 * parsing the request, finding (or, the first time, building and compiling) its statement,
 * and mapping rows.
 * The hand-written equivalents are timed alongside. Single-threaded, so much less
 * sensitive to a busy machine than the load scenarios.
 */
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { listRecords } from '../engine/src/data/read/list-records.ts';
import { readById } from '../engine/src/data/read/record-by-id.ts';
import { SYSTEM_ACTOR } from '../engine/src/data/actor.ts';
import { parseListRequest } from '../engine/src/data/read/list-request.ts';
import { defaultFields, selectFields } from '../engine/src/data/read/record-selection.ts';
import { EVERY_ROW } from '../engine/src/data/access/record-scope.ts';
import type { LogicContext } from '../engine/src/logic/index.ts';
import { compileModel } from '../engine/src/model/compile-model.ts';
import { dealDocuments } from './models.ts';

const db = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const compiled = compileModel(
  dealDocuments.map((document, i) => ({ document: document as any, pointer: `/documents/${i}` })),
  1,
);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
const model = compiled.model;
const deal = model.entities.get('deal')!;
const context = { now: new Date(), user: { id: null, roles: [] } } as unknown as LogicContext;
const id = '8b1c4966-55a0-452f-889d-5ac65f30f148';

async function time(name: string, fn: () => unknown, n = 20_000): Promise<void> {
  for (let i = 0; i < n / 10; i++) await fn();
  const started = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(`${name.padEnd(52)} ${(((performance.now() - started) * 1000) / n).toFixed(1).padStart(7)} µs`);
}

await time('engine get: parse + statement (kept after the first)', () =>
  readById(db, model, deal, { ...parseListRequest(model, deal, {}), limit: 1, cursor: undefined, sort: [] }, context, SYSTEM_ACTOR, id),
);
await time('engine list (status, -closeAt): parse + statement', () =>
  listRecords(db, model, deal, parseListRequest(model, deal, { status: 'won', sort: '-closeAt', limit: '50' }), context),
);
await time('engine search (q): parse + statement', () => listRecords(db, model, deal, parseListRequest(model, deal, { q: '特立特' }), context));
await time(
  'hand-written SQL text',
  () => `select r.id, r.name from loom_data.deal as r where r.status = $1 order by r.close_at desc, r.id desc limit ${50 + 1}`,
);

const selection = selectFields(model, deal, defaultFields(deal), 'r', context, EVERY_ROW);
const rows = Array.from({ length: 50 }, (_, i) => ({
  id: `8b1c4966-55a0-452f-889d-5ac65f30f1${String(i).padStart(2, '0')}`,
  created_at: new Date(),
  updated_at: new Date(),
  created_by: null,
  updated_by: null,
  version: 1,
  org: id,
  name: '郑州特立特科技有限公司',
  amount: '12.50',
  amount__cur: 'CNY',
  status: 'won',
  close_at: new Date(),
}));
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));
await time('engine: 50 rows → records', () => rows.map((r) => selection.read(r)), 5_000);
await time(
  'hand-written: 50 rows → records',
  () =>
    rows.map((r) => ({
      id: r.id,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      createdBy: r.created_by,
      updatedBy: r.updated_by,
      version: r.version,
      name: r.name,
      status: r.status,
      amount: r.amount === null ? null : { amount: r.amount, currency: r.amount__cur },
      closeAt: iso(r.close_at),
      org: r.org,
    })),
  5_000,
);

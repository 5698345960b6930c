import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { GRADES, INDUSTRIES, SOURCES } from './company-words.ts';

/**
 * The hand-written equivalent of the engine's routes for the CRM pack's customer: what a
 * developer would write with fastify + pg doing the same work — the JSON body checked, the
 * autonumber taken from the same counter row (one upsert per create, one per bulk request),
 * a history row per record with its changes, the two rules checked, the grams search over
 * the same index expression, the same JSON answers.
 */

const TABLE = 'loom_data.customer';
const COLUMNS =
  'r.id, r.created_at, r.updated_at, r.created_by, r.updated_by, r.version, r.owner, r.name, r.code, r.short_name, r.grade, r.industry, r.source, r.tags, ' +
  'r.phone, r.email, r.website, r.address__lat, r.address__lng, r.address__addr, r.revenue, r.revenue__cur, r.employees, r.in_pool, r.last_follow_up_at, r.parent, r.notes';
/** The grams index expression of customer (search fields name and shortName). */
const SEARCH_TEXT = `lower(coalesce(r.name, '') || ' ' || coalesce(r.short_name, ''))`;

type Row = Record<string, any>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

function toRecord(row: Row) {
  return {
    id: row.id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    version: row.version,
    owner: row.owner,
    name: row.name,
    code: row.code,
    shortName: row.short_name,
    grade: row.grade,
    industry: row.industry,
    source: row.source,
    tags: row.tags,
    phone: row.phone,
    email: row.email,
    website: row.website,
    address:
      row.address__lat === null && row.address__lng === null && row.address__addr === null
        ? null
        : { lat: row.address__lat, lng: row.address__lng, address: row.address__addr },
    revenue: row.revenue === null ? null : { amount: row.revenue, currency: row.revenue__cur },
    employees: row.employees,
    inPool: row.in_pool,
    lastFollowUpAt: iso(row.last_follow_up_at),
    parent: row.parent,
    notes: row.notes,
  };
}

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    shortName: nullable({ type: 'string', maxLength: 50 }),
    grade: nullable({ type: 'string', enum: GRADES }),
    industry: nullable({ type: 'string', enum: INDUSTRIES }),
    source: nullable({ type: 'string', enum: SOURCES }),
    tags: nullable({ type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 }),
    phone: nullable({ type: 'string', maxLength: 40 }),
    email: nullable({ type: 'string', format: 'email' }),
    website: nullable({ type: 'string', format: 'uri' }),
    revenue: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['amount'],
      properties: {
        amount: { anyOf: [{ type: 'string', pattern: '^-?\\d{1,16}(\\.\\d{1,2})?$' }, { type: 'number' }] },
        currency: { type: 'string', enum: ['CNY'] },
      },
    }),
    employees: nullable({ type: 'integer', minimum: 0 }),
    inPool: nullable({ type: 'boolean' }),
    lastFollowUpAt: nullable({ type: 'string', format: 'date-time' }),
    parent: nullable({ type: 'string', format: 'uuid' }),
    notes: nullable({ type: 'string', maxLength: 100000 }),
  },
};

type CustomerInput = {
  name: string;
  shortName?: string | null;
  grade?: string | null;
  industry?: string | null;
  source?: string | null;
  tags?: string[] | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  revenue?: { amount: string | number; currency?: string } | null;
  employees?: number | null;
  inPool?: boolean | null;
  lastFollowUpAt?: string | null;
  parent?: string | null;
  notes?: string | null;
};

/** The stored columns of one create, in INSERT order (after id and the stamps), and its history changes. */
const INPUT_COLUMNS = [
  'name',
  'code',
  'short_name',
  'grade',
  'industry',
  'source',
  'tags',
  'phone',
  'email',
  'website',
  'revenue',
  'revenue__cur',
  'employees',
  'in_pool',
  'last_follow_up_at',
  'parent',
  'notes',
] as const;

function columnsOf(b: CustomerInput, code: string): unknown[] {
  const revenue = b.revenue ? String(b.revenue.amount) : null;
  return [
    b.name,
    code,
    b.shortName ?? null,
    b.grade ?? 'C',
    b.industry ?? null,
    b.source ?? null,
    b.tags ?? null,
    b.phone ?? null,
    b.email ?? null,
    b.website ?? null,
    revenue,
    revenue === null ? null : (b.revenue?.currency ?? 'CNY'),
    b.employees ?? null,
    b.inPool ?? false,
    b.lastFollowUpAt ?? null,
    b.parent ?? null,
    b.notes ?? null,
  ];
}

/** `{ field: [null, value] }` for each field given a value, as the engine's history keeps a create. */
function changesOf(b: CustomerInput, code: string, owner: string): Record<string, [null, unknown]> {
  const values: Record<string, unknown> = {
    ...b,
    code,
    owner,
    grade: b.grade ?? 'C',
    inPool: b.inPool ?? false,
    revenue: b.revenue ? { amount: String(b.revenue.amount), currency: b.revenue.currency ?? 'CNY' } : null,
  };
  const changes: Record<string, [null, unknown]> = {};
  for (const [field, value] of Object.entries(values)) if (value !== null && value !== undefined) changes[field] = [null, value];
  return changes;
}

/** The two rules of the pack (revenueNotNegative, parentNotSelf): a new record cannot be its own parent. */
function ruleProblems(b: CustomerInput): string[] {
  return b.revenue && Number(b.revenue.amount) < 0 ? ['Revenue cannot be negative'] : [];
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const code = (value: number) => `C-${String(value).padStart(4, '0')}`;
const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

export function registerPackRoutes(app: FastifyInstance, pool: pg.Pool, userOf: (req: unknown) => string): void {
  app.get<{ Params: { id: string } }>(
    '/api/data/customer/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
    async (req, reply) => {
      const { rows } = await pool.query(`select ${COLUMNS} from ${TABLE} as r where r.id = $1`, [req.params.id]);
      if (!rows.length) return reply.status(404).send({ title: 'Not found' });
      return reply.header('etag', `"${rows[0].version}"`).send(toRecord(rows[0]));
    },
  );

  const listQuery = {
    type: 'object',
    additionalProperties: false,
    properties: {
      grade: { type: 'string', enum: GRADES },
      q: { type: 'string', maxLength: 200 },
      sort: { type: 'string', enum: ['-updatedAt'], default: '-updatedAt' },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
      cursor: { type: 'string', maxLength: 1000 },
    },
  };
  app.get<{ Querystring: { grade?: string; q?: string; limit: number; cursor?: string } }>(
    '/api/data/customer',
    { schema: { querystring: listQuery } },
    async (req, reply) => {
      const { grade, q, limit, cursor } = req.query;
      const where: string[] = [];
      const values: unknown[] = [];
      if (grade) where.push(`r.grade = $${values.push(grade)}`);
      const needle = q?.trim().toLowerCase();
      if (needle) {
        // The needle's 2-grams, not loom.grams(needle): the planner then sees how common the
        // needle is (docs/benchmarks.md, the pack's search) — what the engine sends too.
        const chars = Array.from(needle);
        const grams = chars.length < 2 ? chars : [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
        const g = values.push(grams);
        const p = values.push(needle);
        where.push(`loom.grams(${SEARCH_TEXT}) @> $${g}::text[] and strpos(${SEARCH_TEXT}, $${p}::text) > 0`);
      }
      if (cursor) {
        let after: unknown;
        try {
          after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        } catch {
          after = undefined;
        }
        if (!Array.isArray(after) || after.length !== 2) return reply.status(400).send({ title: 'Bad cursor' });
        const v = values.push(after[0]);
        const id = values.push(after[1]);
        where.push(`(r.updated_at < $${v} or (r.updated_at = $${v} and r.id < $${id}))`);
      }
      const text = `select ${COLUMNS}, r.updated_at as sort_key from ${TABLE} as r${where.length ? ` where ${where.join(' and ')}` : ''} order by r.updated_at desc, r.id desc limit ${limit + 1}`;
      const { rows } = await pool.query(text, values);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page.map(toRecord), next: rows.length > limit && last ? encodeCursor([iso(last.sort_key), last.id]) : null };
    },
  );

  app.post<{ Body: CustomerInput }>('/api/data/customer', { schema: { body: createBody } }, async (req, reply) => {
    const b = req.body;
    const problems = ruleProblems(b);
    if (problems.length) return reply.status(422).send({ title: problems[0] });
    const user = userOf(req);
    const row = await inTransaction(pool, async (client) => {
      const { rows: counter } = await client.query<{ value: number }>(
        `insert into loom.autonumber_counters (entity, field, period, value) values ('customer', 'code', 'C-#', 1)
         on conflict (entity, field, period) do update set value = loom.autonumber_counters.value + 1 returning value`,
      );
      const number = code(counter[0].value);
      const { rows } = await client.query(
        `insert into ${TABLE} as r (id, created_at, updated_at, created_by, updated_by, version, owner, owner_team_key, ${INPUT_COLUMNS.join(', ')})
         values ($1, now(), now(), $2, $2, 1, $2, (select u.team_key from loom.users u where u.id = $2), ${INPUT_COLUMNS.map((_c, i) => `$${i + 3}`).join(', ')})
         returning ${COLUMNS}`,
        [randomUUID(), user, ...columnsOf(b, number)],
      );
      await client.query(`insert into loom.history (entity, record_id, action, changes, actor) values ('customer', $1, 'create', $2::jsonb, $3)`, [
        rows[0].id,
        JSON.stringify(changesOf(b, number, user)),
        user,
      ]);
      return rows[0];
    });
    return reply.status(201).header('etag', `"${row.version}"`).send(toRecord(row));
  });

  const bulkBody = {
    type: 'object',
    additionalProperties: false,
    required: ['operations'],
    properties: {
      operations: {
        type: 'array',
        maxItems: 1000,
        items: { type: 'object', additionalProperties: false, required: ['op', 'data'], properties: { op: { const: 'create' }, data: createBody } },
      },
    },
  };
  app.post<{ Body: { operations: { op: 'create'; data: CustomerInput }[] } }>('/api/data/customer/bulk', { schema: { body: bulkBody } }, async (req, reply) => {
    const ops = req.body.operations;
    for (const op of ops) if (ruleProblems(op.data).length) return reply.status(422).send({ title: 'Revenue cannot be negative' });
    const user = userOf(req);
    const results = await inTransaction(pool, async (client) => {
      // N numbers in one counter update; the records in one INSERT … SELECT FROM unnest; their history in one INSERT.
      const { rows: counter } = await client.query<{ value: number }>(
        `insert into loom.autonumber_counters (entity, field, period, value) values ('customer', 'code', 'C-#', $1)
         on conflict (entity, field, period) do update set value = loom.autonumber_counters.value + $1 returning value`,
        [ops.length],
      );
      const first = counter[0].value - ops.length + 1;
      const ids = ops.map(() => randomUUID());
      const rows = ops.map((op, i) => columnsOf(op.data, code(first + i)));
      const column = (c: number) => rows.map((r) => r[c]);
      const types = [
        'text',
        'text',
        'text',
        'text',
        'text',
        'text',
        'text',
        'text',
        'text',
        'text',
        'numeric',
        'text',
        'int',
        'boolean',
        'timestamptz',
        'uuid',
        'text',
      ];
      await client.query(
        `insert into ${TABLE} (id, created_at, updated_at, created_by, updated_by, version, owner, owner_team_key, ${INPUT_COLUMNS.join(', ')})
         select v.id, now(), now(), $2, $2, 1, $2, (select u.team_key from loom.users u where u.id = $2), ${INPUT_COLUMNS.map((c) => (c === 'tags' ? 'v.tags::text[]' : `v.${c}`)).join(', ')}
           from unnest($1::uuid[], ${types.map((t, i) => (INPUT_COLUMNS[i] === 'tags' ? `$${i + 3}::text[]` : `$${i + 3}::${t}[]`)).join(', ')}) as v(id, ${INPUT_COLUMNS.join(', ')})`,
        [
          ids,
          user,
          ...INPUT_COLUMNS.map((c, i) =>
            c === 'tags' ? column(i).map((t) => (t ? `{${(t as string[]).map((s) => JSON.stringify(s)).join(',')}}` : null)) : column(i),
          ),
        ],
      );
      await client.query(
        `insert into loom.history (entity, record_id, action, changes, actor) select 'customer', h.id, 'create', h.changes, $3 from unnest($1::uuid[], $2::jsonb[]) as h(id, changes)`,
        [ids, ops.map((op, i) => JSON.stringify(changesOf(op.data, code(first + i), user))), user],
      );
      return ids.map((id) => ({ op: 'create', id }));
    });
    return { results };
  });
}

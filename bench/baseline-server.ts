import { createHash, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { registerPackRoutes } from './baseline-pack.ts';
import { DEAL_STATUSES } from './models.ts';

/**
 * The yardstick: what a developer would write by hand for the deal routes with
 * fastify + pg, no framework in between. Same database, same pool size, same
 * SQL shape as the engine (columns, ORDER BY, keyset condition, grams search
 * expression) and the same JSON answers, so the ratio measures the engine's overhead.
 * Authentication is what a hand-written API would do with the engine's own API tokens:
 * one indexed lookup of the token's sha256 (live token, active user, the user's roles).
 */

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

const TABLE = 'loom_data.deal';
const COLUMNS =
  'r.id, r.created_at, r.updated_at, r.created_by, r.updated_by, r.version, r.owner, r.name, r.status, r.amount, r.amount__cur, r.close_at, r.org';
/** The engine's grams index expression on deal (one search field, `name`); see engine/src/data/search-condition.ts. */
const SEARCH_TEXT = `lower(coalesce(r.name, ''))`;

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
    status: row.status,
    amount: row.amount === null ? null : { amount: row.amount, currency: row.amount__cur },
    closeAt: iso(row.close_at),
    org: row.org,
  };
}

const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' ? [v[0], v[1]] : undefined;
  } catch {
    return undefined;
  }
}

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...DEAL_STATUSES] },
    q: { type: 'string', maxLength: 200 },
    sort: { type: 'string', enum: ['-closeAt', '-updatedAt'], default: '-updatedAt' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', maxLength: 1000 },
  },
};

const createBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    status: { type: ['string', 'null'], enum: [...DEAL_STATUSES, null] },
    amount: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['amount'],
      properties: {
        amount: { anyOf: [{ type: 'string', pattern: '^-?\\d{1,16}(\\.\\d{1,2})?$' }, { type: 'number' }] },
        currency: { type: 'string', enum: ['CNY'] },
      },
    },
    closeAt: { type: ['string', 'null'], format: 'date-time' },
    org: { type: ['string', 'null'], format: 'uuid' },
  },
};

export async function startBaselineServer(url: string, poolSize: number): Promise<RunningServer> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c statement_timeout=30000 -c TimeZone=UTC' });
  pool.on('error', () => {});
  const app = Fastify({ logger: false });

  app.decorateRequest('userId', '');
  app.addHook('onRequest', async (req, reply) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const { rows } = token
      ? await pool.query(
          `select t.user_id, u.roles::text[] as roles from loom.api_tokens t join loom.users u on u.id = t.user_id
            where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.active`,
          [createHash('sha256').update(token, 'utf8').digest('hex')],
        )
      : { rows: [] };
    if (!rows.length || !(rows[0].roles as string[]).includes('bench_sales')) return reply.status(401).send({ title: 'Sign-in required' });
    (req as unknown as { userId: string }).userId = rows[0].user_id;
  });

  app.get<{ Params: { id: string } }>(
    '/api/data/deal/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
    async (req, reply) => {
      const { rows } = await pool.query(`select ${COLUMNS} from ${TABLE} as r where r.id = $1`, [req.params.id]);
      if (!rows.length) return reply.status(404).send({ title: 'Not found' });
      return reply.header('etag', `"${rows[0].version}"`).send(toRecord(rows[0]));
    },
  );

  app.get<{ Querystring: { status?: string; q?: string; sort: string; limit: number; cursor?: string } }>(
    '/api/data/deal',
    { schema: { querystring: listQuerySchema } },
    async (req, reply) => {
      const { status, q, sort, limit, cursor } = req.query;
      const key = sort === '-closeAt' ? 'r.close_at' : 'r.updated_at';
      const where: string[] = [];
      const values: unknown[] = [];
      if (status) where.push(`r.status = $${values.push(status)}`);
      const needle = q?.trim().toLowerCase();
      if (needle) {
        const p = values.push(needle);
        where.push(`loom.grams(${SEARCH_TEXT}) @> loom.grams($${p}::text) and strpos(${SEARCH_TEXT}, $${p}::text) > 0`);
      }
      if (cursor) {
        const after = decodeCursor(cursor);
        if (!after) return reply.status(400).send({ title: 'Bad cursor' });
        const v = values.push(after[0]);
        const id = values.push(after[1]);
        where.push(`(${key} < $${v} or (${key} = $${v} and r.id < $${id}))`);
      }
      const text =
        `select ${COLUMNS}, ${key} as sort_key from ${TABLE} as r` +
        (where.length ? ` where ${where.join(' and ')}` : '') +
        ` order by ${key} desc, r.id desc limit ${limit + 1}`;
      const { rows } = await pool.query(text, values);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page.map(toRecord), next: rows.length > limit && last ? encodeCursor([iso(last.sort_key), last.id]) : null };
    },
  );

  app.post<{
    Body: {
      name: string;
      status?: string | null;
      amount?: { amount: string | number; currency?: string } | null;
      closeAt?: string | null;
      org?: string | null;
    };
  }>('/api/data/deal', { schema: { body: createBodySchema } }, async (req, reply) => {
    const b = req.body;
    const { rows } = await pool.query(
      `insert into ${TABLE} as r (id, created_at, updated_at, created_by, updated_by, version, owner, name, status, amount, amount__cur, close_at, org)
         values ($1, now(), now(), $8, $8, 1, $8, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [
        randomUUID(),
        b.name,
        b.status ?? null,
        b.amount?.amount ?? null,
        b.amount ? (b.amount.currency ?? 'CNY') : null,
        b.closeAt ?? null,
        b.org ?? null,
        (req as unknown as { userId: string }).userId,
      ],
    );
    return reply.status(201).header('etag', `"${rows[0].version}"`).send(toRecord(rows[0]));
  });

  registerPackRoutes(app, pool, (req) => (req as { userId: string }).userId);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the baseline server has no TCP address');
  return {
    port: address.port,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

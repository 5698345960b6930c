import pg from 'pg';
import { OWNER_TEAM_KEY } from '../engine/src/model/table-spec.ts';
import { CITIES, CORES, GRADES, INDUSTRIES, SOURCES, SUFFIXES, TRADES } from './company-words.ts';

/** Company names as Chinese customers have them; 科技 (one trade in ten) is what pack-search looks for. */

/** The search text of pack-search: two characters, in about a tenth of the names. */
export const PACK_SEARCH_TEXT = '科技';

/**
 * Fills the pack's customer table with set-based SQL, as the engine would have stored the
 * records (codes C-0001 … in creation order, and the autonumber counter at the last one, so
 * creates during the bench continue the sequence). Indexes are dropped and rebuilt from
 * their own definitions, as loadDeals does.
 */
export async function loadCustomers(url: string, count: number, ownerIds: readonly string[]): Promise<{ loadMs: number; indexMs: number; analyzeMs: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '256MB'`);
    await client.query('select setseed(0.17)');
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = 'loom_data' and i.tablename = 'customer'
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype = 'p')`,
    );
    for (const index of indexes) await client.query(`drop index loom_data.${pg.escapeIdentifier(index.indexname)}`);
    let started = performance.now();
    await client.query(
      `insert into loom_data.customer (id, created_at, updated_at, version, owner, ${OWNER_TEAM_KEY}, name, code, short_name, grade, industry, source, tags,
              phone, email, revenue, revenue__cur, employees, in_pool, last_follow_up_at, notes)
       select gen_random_uuid(), t.created, t.created + random() * interval '30 days', 1,
              o.owner, (select u.team_key from loom.users u where u.id = o.owner),
              n.city || n.core || ($3::text[])[1 + i % 10] || ($4::text[])[1 + (i / 10) % 4] || i,
              'C-' || case when i < 1000 then lpad(i::text, 4, '0') else i::text end,
              n.city || n.core,
              ($5::text[])[1 + (random() * 1000)::int % 3],
              ($6::text[])[1 + (random() * 1000)::int % array_length($6::text[], 1)],
              ($7::text[])[1 + (random() * 1000)::int % array_length($7::text[], 1)],
              case when i % 7 = 0 then array['vip'] else '{}'::text[] end,
              '+86 138' || lpad((i % 100000000)::text, 8, '0'), 'contact' || i || '@example.cn',
              round((random() * 100000000)::numeric, 2), 'CNY', (random() * 5000)::int, i % 20 = 0,
              now() - random() * interval '200 days', null
         from generate_series(1, $8::int) as g(i)
        cross join lateral (select ($1::text[])[1 + (random() * 1000)::int % array_length($1::text[], 1)] as city,
                                   ($2::text[])[1 + (random() * 1000)::int % array_length($2::text[], 1)] as core) as n
        cross join lateral (select now() - interval '365 days' + i * interval '300 s' + (i % 2) * interval '0 s' as created) as t
        cross join lateral (select ($9::uuid[])[1 + i % array_length($9::uuid[], 1)] as owner) as o`,
      [CITIES, CORES, TRADES, SUFFIXES, GRADES, INDUSTRIES, SOURCES, count, ownerIds],
    );
    await client.query(
      `insert into loom.autonumber_counters (entity, field, period, value) values ('customer', 'code', 'C-#', $1)
       on conflict (entity, field, period) do update set value = excluded.value`,
      [count],
    );
    const loadMs = performance.now() - started;
    started = performance.now();
    for (const index of indexes) await client.query(index.indexdef);
    const indexMs = performance.now() - started;
    started = performance.now();
    await client.query('vacuum (analyze) loom_data.customer');
    return { loadMs, indexMs, analyzeMs: performance.now() - started };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Some customer ids in random order (pack-get). */
export async function sampleCustomerIds(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>('select id from loom_data.customer order by random() limit $1', [count])).rows.map((r) => r.id);
  } finally {
    await client.end().catch(() => {});
  }
}

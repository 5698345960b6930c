import pg from 'pg';
import { createApiToken } from '../engine/src/auth/api-tokens.ts';
import { createUser } from '../engine/src/auth/users-repo.ts';
import { openDatabase } from '../engine/src/db/database.ts';
import { MetadataRegistry } from '../engine/src/meta/metadata-registry.ts';
import { createTeam, setTeamMembers } from '../engine/src/auth/teams-repo.ts';
import { OWNER_TEAM_KEY } from '../engine/src/model/table-spec.ts';
import { benchRole, dealDocuments, DEAL_STATUSES, putAll, TEAM_SIZE, TEAMS, teamRole } from './models.ts';
import { CITIES, CORES, SUFFIXES, TRADES } from './company-words.ts';

/** Chinese company names; 特立特 (≈0.5 % of deals) is what the search scenario looks for. */
const SEARCH_VARIANTS = ['郑州特立特科技有限公司', '郑州特立特科技有限公司洛阳分公司', '河南郑州特立特科技有限公司', '郑州特立特科技有限公司第二分公司'];
const LATIN = ['Acme Trading Ltd', 'Northwind Foods', 'Contoso Pharma', 'Globex Logistics', 'Initech Software'];

export interface LoadTimings {
  publishMs: number;
  loadMs: number;
  indexMs: number;
  analyzeMs: number;
}

/** Who calls the servers: one bearer token per kind of caller, and the owners of the deals. */
export interface BenchPeople {
  /** Scope `all` on deals (no row predicate): the engine-vs-hand-written comparison. */
  allToken: string;
  /** A platform administrator. */
  adminToken: string;
  /** A member of team 0 with scope `team` on deals. */
  teamToken: string;
  /** Another member of team 0, who will have deals of other teams shared with them (shareDeals). */
  sharingToken: string;
  sharingUserId: string;
  /** Every salesperson, team by team (TEAMS × TEAM_SIZE); deals are owned round-robin by them. */
  ownerIds: string[];
  /** The members of team 0. */
  teamIds: string[];
}

/**
 * Publishes org + deal + the roles through the engine's registry on a fresh database, and
 * creates the people: TEAMS teams of TEAM_SIZE salespeople (scope `team`), an administrator,
 * and the (non-admin, scope `all`) user both servers are called as in the engine-vs-baseline
 * scenarios, each with an API token.
 */
export async function publishDealModel(url: string): Promise<{ publishMs: number; people: BenchPeople }> {
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    const db = database.db;
    const registry = new MetadataRegistry(database);
    await registry.start();
    const started = performance.now();
    await registry.publish(putAll(dealDocuments));
    const publishMs = performance.now() - started;
    await registry.stop();
    const token = async (userId: string) => (await createApiToken(db, userId, { name: 'bench' })).token;
    const all = await createUser(db, { email: 'bench@loom.test', name: 'Bench', roles: [benchRole.name] });
    const admin = await createUser(db, { email: 'bench-admin@loom.test', name: 'Bench admin', admin: true });
    const ownerIds: string[] = [];
    let teamIds: string[] = [];
    for (let t = 0; t < TEAMS; t++) {
      const members: string[] = [];
      for (let m = 0; m < TEAM_SIZE; m++) {
        members.push((await createUser(db, { email: `sales${t}-${m}@loom.test`, name: `Sales ${t}-${m}`, roles: [teamRole.name] })).id);
      }
      const team = await createTeam(db, { name: `team ${t}` });
      await setTeamMembers(db, team.id, members);
      ownerIds.push(...members);
      if (t === 0) teamIds = members;
    }
    return {
      publishMs,
      people: {
        allToken: await token(all.id),
        adminToken: await token(admin.id),
        teamToken: await token(teamIds[0]),
        sharingToken: await token(teamIds[1]),
        sharingUserId: teamIds[1],
        ownerIds,
        teamIds,
      },
    };
  } finally {
    await database.close();
  }
}

/**
 * Fills org and deal with set-based SQL. The secondary indexes the engine created
 * are dropped and re-created from their own definitions (pg_indexes.indexdef), so
 * the catalog ends up exactly as the publish left it, only faster to build.
 */
export async function loadDeals(url: string, deals: number, orgs: number, ownerIds: readonly string[]): Promise<Omit<LoadTimings, 'publishMs'>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '256MB'`);
    await client.query('select setseed(0.42)');
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = 'loom_data' and i.tablename in ('deal', 'org')
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype = 'p')`,
    );
    for (const index of indexes) await client.query(`drop index loom_data.${pg.escapeIdentifier(index.indexname)}`);

    let started = performance.now();
    await client.query(
      `insert into loom_data.org (id, created_at, updated_at, version, name)
       select md5('org-' || i)::uuid, now() - interval '400 days', now() - interval '400 days', 1,
              ($1::text[])[1 + i % array_length($1::text[], 1)] || ($2::text[])[1 + (i / 16) % array_length($2::text[], 1)] || '控股' || i
         from generate_series(1, $3::int) as g(i)`,
      [CITIES, CORES, orgs],
    );
    // Each deal carries its owner's team key, as the engine writes it beside the owner.
    await client.query(
      `insert into loom_data.deal (id, created_at, updated_at, version, owner, ${OWNER_TEAM_KEY}, name, status, amount, amount__cur, close_at, org)
       select gen_random_uuid(), t.created, t.created + random() * interval '30 days', 1,
              o.owner, (select u.team_key from loom.users u where u.id = o.owner),
              case when i % 200 = 0 then ($4::text[])[1 + (i / 200) % array_length($4::text[], 1)]
                   when i % 10 = 1 then ($5::text[])[1 + (i / 10) % array_length($5::text[], 1)] || ' ' || i
                   else ($1::text[])[1 + (random() * 1000)::int % array_length($1::text[], 1)]
                     || ($2::text[])[1 + (random() * 1000)::int % array_length($2::text[], 1)]
                     || ($3::text[])[1 + (random() * 1000)::int % array_length($3::text[], 1)]
                     || ($6::text[])[1 + (random() * 1000)::int % array_length($6::text[], 1)] end,
              ($7::text[])[1 + (random() * 1000)::int % array_length($7::text[], 1)],
              round((random() * 1000000)::numeric, 2), 'CNY',
              now() - interval '540 days' + random() * interval '720 days',
              md5('org-' || (1 + i % $9::int))::uuid
         from generate_series(1, $8::int) as g(i)
        cross join lateral (select now() - interval '365 days' + random() * interval '330 days' + (i % 2) * interval '0 s' as created) as t
        cross join lateral (select ($10::uuid[])[1 + i % array_length($10::uuid[], 1)] as owner) as o`,
      [CITIES, CORES, TRADES, SEARCH_VARIANTS, LATIN, SUFFIXES, [...DEAL_STATUSES], deals, orgs, ownerIds],
    );
    const loadMs = performance.now() - started;

    started = performance.now();
    for (const index of indexes) await client.query(index.indexdef);
    const indexMs = performance.now() - started;

    started = performance.now();
    // VACUUM too: a freshly loaded table has no visibility map, which no real table lacks for long.
    await client.query('vacuum (analyze) loom_data.org');
    await client.query('vacuum (analyze) loom_data.deal');
    return { loadMs, indexMs, analyzeMs: performance.now() - started };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Shares `count` deals owned outside the user's team with the user, as the share API stores them. */
export async function shareDeals(url: string, userId: string, teamIds: readonly string[], count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into loom.record_shares (entity, record_id, user_id, access)
       select 'deal', d.id, $1::uuid, 'read' from loom_data.deal d where not (d.owner = any($2::uuid[])) order by d.id limit $3`,
      [userId, teamIds, count],
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** A few thousand real ids (GET scenarios: any deal, and deals of team 0), and some org ids (create scenario), in random order. */
export async function sampleIds(
  url: string,
  count: number,
  teamIds: readonly string[],
): Promise<{ dealIds: string[]; teamDealIds: string[]; orgIds: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deals = await client.query<{ id: string }>('select id from loom_data.deal order by random() limit $1', [count]);
    const teamDeals = await client.query<{ id: string }>('select id from loom_data.deal where owner = any($2::uuid[]) order by random() limit $1', [
      count,
      teamIds,
    ]);
    const orgs = await client.query<{ id: string }>('select id from loom_data.org order by random() limit 200');
    return { dealIds: deals.rows.map((r) => r.id), teamDealIds: teamDeals.rows.map((r) => r.id), orgIds: orgs.rows.map((r) => r.id) };
  } finally {
    await client.end().catch(() => {});
  }
}

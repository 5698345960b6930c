import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ANONYMOUS_ACTOR, SYSTEM_ACTOR } from '../../src/data/actor.ts';
import { effectiveGrant, type EffectiveGrant } from '../../src/data/access/entity-grant.ts';
import type { DatabaseKind } from '../../src/db/database.ts';
import type { CompiledEntity, CompiledModel } from '../../src/model/compiled-model.ts';
import { loadPackData } from '../../src/pack/load-pack-data.ts';
import { loadPack } from '../../src/pack/load-pack.ts';
import { selectedBackends } from '../backends.ts';
import { createTestUser, startTestApp, type TestApp, type TestServer, type TestUser } from '../test-app.ts';

/**
 * The world an attacker meets: the CRM pack with its sample records, spread over five people
 * as a real company would have them — two salespeople in different teams, their manager (of
 * the first), finance and service — and the administrator. Every owned record of every entity
 * is given to one of them in turn, so each scope has records inside and outside it.
 */
export interface World {
  readonly app: TestServer;
  readonly kind: DatabaseKind;
  readonly model: CompiledModel;
  readonly users: Readonly<Record<PersonName, TestUser>>;
  /** Every record of every entity, as the administrator reads it (lines included for masters' checks). */
  records(entity: string): Promise<Record<string, unknown>[]>;
  /** The ids a person reads through the list (every page, at most `cap` records). */
  readableIds(entity: string, user: TestUser): Promise<Set<string>>;
}

export const PEOPLE = ['salesA', 'salesB', 'manager', 'finance', 'service'] as const;
export type PersonName = (typeof PEOPLE)[number];
/** The CRM pack's role each person holds. */
export const ROLES: Readonly<Record<PersonName, string[]>> = {
  salesA: ['sales'],
  salesB: ['sales'],
  manager: ['sales_manager'],
  finance: ['finance'],
  service: ['service'],
};

/** What a person's roles grant on an entity, merged as the engine merges them (for the 400s and 403s a test expects). */
export function grantOf(model: CompiledModel, entity: CompiledEntity, person: PersonName): EffectiveGrant {
  return effectiveGrant(model, entity, { ...ANONYMOUS_ACTOR, roles: ROLES[person] });
}

const PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../metadata/packs/crm');

/** One world per backend for the tests in `body`, built once per file. */
export function describeWorld(title: string, body: (world: () => World) => void) {
  for (const kind of selectedBackends()) {
    describe(`${title} [${kind}]`, () => {
      let app: TestApp | undefined;
      let world: World | undefined;
      beforeAll(async () => {
        const pack = loadPack(PACK);
        app = await startTestApp(
          kind,
          pack.changes.map((c) => ('put' in c ? c.put : undefined)),
        );
        world = await buildWorld(app.app, kind, pack.dataFiles);
      });
      afterAll(async () => {
        await app?.close();
      });
      body(() => world!);
    });
  }
}

async function buildWorld(app: TestServer, kind: DatabaseKind, dataFiles: readonly string[]): Promise<World> {
  await loadPackData(app.loom.records, dataFiles, SYSTEM_ACTOR);
  const salesA = await createTestUser(app, { name: '李销售', roles: ROLES.salesA, teams: ['east'] });
  const manager = await createTestUser(app, { name: '王经理', roles: ROLES.manager, teams: ['east'] });
  await send(app, 'PATCH', `/api/users/${salesA.id}`, { manager: manager.id });
  const users: Record<PersonName, TestUser> = {
    salesA,
    salesB: await createTestUser(app, { name: '赵销售', roles: ROLES.salesB, teams: ['west'] }),
    manager,
    finance: await createTestUser(app, { name: '钱会计', roles: ROLES.finance }),
    service: await createTestUser(app, { name: '孙工程师', roles: ROLES.service }),
  };
  const model = app.loom.registry.current();
  // Round-robin ownership over the five people and the administrator (who keeps every sixth).
  const owners = [...PEOPLE.map((p) => users[p].id), app.admin.id];
  for (const entity of model.entities.values()) {
    if (!entity.owned) continue;
    const ids = (await allRecords(app, entity.name, app.admin.headers)).map((r) => r.id as string);
    for (const [i, owner] of owners.entries()) {
      const mine = ids.filter((_, j) => j % owners.length === i);
      if (mine.length && owner !== app.admin.id) await send(app, 'POST', `/api/data/${entity.name}/transfer`, { ids: mine, owner });
    }
  }
  const cache = new Map<string, Promise<Record<string, unknown>[]>>();
  return {
    app,
    kind,
    model,
    users,
    records: (entity) => {
      if (!cache.has(entity)) cache.set(entity, allRecords(app, entity, app.admin.headers));
      return cache.get(entity)!;
    },
    async readableIds(entity, user) {
      return new Set((await allRecords(app, entity, user.headers)).map((r) => r.id as string));
    },
  };
}

/** Every record of an entity a caller can list, following `next` (an empty list for one who may read none). */
export async function allRecords(app: TestServer, entity: string, headers: Record<string, string>, query = ''): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const res = await app.inject({ url: `/api/data/${entity}?limit=200${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers });
    expect(res.statusCode, `${entity}: ${res.body}`).toBe(200);
    const page = res.json();
    rows.push(...page.data);
    cursor = page.next ?? undefined;
  } while (cursor);
  return rows;
}

export async function send(
  app: TestServer,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  user?: TestUser,
): Promise<LightMyRequestResponse> {
  const res = await app.inject({ method, url, payload: payload as Record<string, unknown>, headers: user?.headers });
  if (res.statusCode >= 500) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res;
}

/** A request that must succeed with `status`; answers the parsed body. */
export async function ok(app: TestServer, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, user?: TestUser, status = 200) {
  const res = await send(app, method, url, payload, user);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return status === 204 ? undefined : res.json();
}

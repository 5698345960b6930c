import { expect, it } from 'vitest';
import { SYSTEM_FIELD_NAMES } from '../../src/model/system-fields.ts';
import { describeWorld, send } from './crm-world.ts';

/**
 * What an attacker sends that no form would: system fields in a body (mass assignment),
 * parameters no route knows, limits past the allowed, malformed filters, cursors and ids,
 * bodies of the wrong shape. Generated over every entity of the model: each answers a clear
 * 4xx, never a 5xx (`send` fails the test on one) and never writes what it should not.
 */

const BAD_QUERIES = [
  'bogus=1',
  'limit=0',
  'limit=100001',
  'limit=abc',
  'sort=noSuchField',
  'fields=noSuchField',
  'expand=noSuchField',
  'filter=%7Bnot%20json',
  `filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'noSuchField' }, 1] }))}`,
  `filter=${encodeURIComponent(JSON.stringify(nest(300)))}`,
  'cursor=garbage',
  `cursor=${Buffer.from(JSON.stringify({ s: '', v: [{ $gt: 1 }] })).toString('base64url')}`,
];

function nest(depth: number): unknown {
  let expr: unknown = { '==': [1, 1] };
  for (let i = 0; i < depth; i++) expr = { '!': [expr] };
  return expr;
}

describeWorld('adversarial: request hygiene', (world) => {
  it('system fields cannot be mass-assigned on create or update, in any entity', async () => {
    const w = world();
    const { salesA } = w.users;
    const values: Record<string, unknown> = {
      id: '0190e0e0-0000-7000-8000-000000000001',
      createdAt: '2000-01-01T00:00:00Z',
      updatedAt: '2000-01-01T00:00:00Z',
      createdBy: salesA.id,
      updatedBy: salesA.id,
      version: 99,
      deletedAt: '2000-01-01T00:00:00Z',
      deletedBy: salesA.id,
      ownerTeamKey: salesA.id,
      owner_team_key: salesA.id,
    };
    for (const entity of w.model.entities.values()) {
      for (const name of [...SYSTEM_FIELD_NAMES, 'ownerTeamKey', 'owner_team_key']) {
        if (name === 'owner' || !(name in values)) continue;
        const res = await send(w.app, 'POST', `/api/data/${entity.name}`, { [name]: values[name] }, salesA);
        expect(res.statusCode, `${entity.name}.${name}: ${res.body}`).toBeGreaterThanOrEqual(400);
      }
      const mine = (await send(w.app, 'GET', `/api/data/${entity.name}?limit=1&fields=id`, undefined, salesA)).json().data?.[0];
      if (!mine) continue;
      for (const name of ['id', 'createdBy', 'createdAt', 'ownerTeamKey']) {
        const res = await send(w.app, 'PATCH', `/api/data/${entity.name}/${mine.id}`, { [name]: values[name] }, salesA);
        expect(res.statusCode, `PATCH ${entity.name}.${name}: ${res.body}`).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('unknown parameters, limits past the allowed and malformed filters, cursors and ids are 400 or 404, in every entity', async () => {
    const w = world();
    for (const entity of w.model.entities.values()) {
      for (const user of [w.users.salesA, w.users.service]) {
        for (const query of BAD_QUERIES) {
          const res = await send(w.app, 'GET', `/api/data/${entity.name}?${query}`, undefined, user);
          expect(res.statusCode, `${entity.name}?${query}: ${res.body}`).toBe(400);
          expect(res.headers['content-type']).toContain('application/problem+json');
        }
        expect((await send(w.app, 'GET', `/api/data/${entity.name}/not-a-uuid`, undefined, user)).statusCode).toBe(404);
        expect((await send(w.app, 'GET', `/api/data/${entity.name}?q=${'科'.repeat(5000)}`, undefined, user)).statusCode).toBeLessThan(500);
      }
    }
  });

  it('bodies of the wrong shape are refused with a pointer, in every entity', async () => {
    const w = world();
    const { salesA } = w.users;
    for (const entity of w.model.entities.values()) {
      for (const body of [[], 'text', 42, { noSuchField: 1 }]) {
        const res = await w.app.inject({
          method: 'POST',
          url: `/api/data/${entity.name}`,
          payload: JSON.stringify(body),
          headers: { ...salesA.headers, 'content-type': 'application/json' },
        });
        expect(res.statusCode, `${entity.name} ${JSON.stringify(body)}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }
      const bulk = await send(w.app, 'POST', `/api/data/${entity.name}/bulk`, { operations: [{ op: 'drop' }] }, salesA);
      expect(bulk.statusCode, bulk.body).toBeGreaterThanOrEqual(400);
    }
  });

  it('a record of an entity the person has no grant for is 404 exactly like a missing one, whatever the query', async () => {
    const w = world();
    let checked = 0;
    for (const entity of w.model.entities.values()) {
      const [record] = await w.records(entity.name);
      if (!record) continue;
      for (const person of ['service', 'finance'] as const) {
        const user = w.users[person];
        if ((await w.readableIds(entity.name, user)).has(record.id as string)) continue;
        const missing = await send(w.app, 'GET', `/api/data/${entity.name}/0190e0e0-0000-7000-8000-000000000000`, undefined, user);
        const hidden = await send(w.app, 'GET', `/api/data/${entity.name}/${record.id}`, undefined, user);
        expect(hidden.statusCode, `${person} ${entity.name}: ${hidden.body}`).toBe(404);
        expect(hidden.json().code).toBe(missing.json().code);
        expect(hidden.json().errors).toEqual(missing.json().errors);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

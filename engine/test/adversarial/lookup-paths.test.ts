import fc from 'fast-check';
import { expect, it } from 'vitest';
import { evaluateLogic } from '../../src/logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../src/model/compiled-model.ts';
import { allRecords, describeWorld, grantOf, PEOPLE, send, type World } from './crm-world.ts';

/**
 * A lookup path (`contract.amount`) may pass only through target rows the caller may read, in
 * every place a request can name it: filter (every operator), count, sort, the cursor a sort
 * hands out, `fields` and `expand`. Generated from the compiled model: every lookup of every
 * entity, for every person of the world, so a new entity, field or role is covered unwritten.
 */

interface PathCase {
  readonly entity: CompiledEntity;
  readonly lookup: CompiledField;
  readonly target: CompiledEntity;
  readonly field: CompiledField;
}

/** Every lookup of every entity, each with its target's title field (text: comparable in SQL and JS alike). */
function pathCases(model: CompiledModel): PathCase[] {
  const cases: PathCase[] = [];
  for (const entity of model.entities.values()) {
    for (const lookup of entity.fieldList) {
      if (lookup.type !== 'lookup' || !lookup.target) continue;
      const target = model.entities.get(lookup.target)!;
      const field = target.fields[target.titleField];
      if (field.column && field.logicType === 'text') cases.push({ entity, lookup, target, field });
    }
  }
  return cases;
}

/** What a person may see of a path's target: the titles of the targets they may read, by id. */
async function visibleTargets(world: World, c: PathCase, person: (typeof PEOPLE)[number]) {
  const readable = await world.readableIds(c.target.name, world.users[person]);
  const titles = new Map<string, unknown>();
  for (const record of await world.records(c.target.name)) if (readable.has(record.id as string)) titles.set(record.id as string, record[c.field.name] ?? null);
  return titles;
}

const pathOf = (c: PathCase) => `${c.lookup.name}.${c.field.name}`;
/** Whether the person's roles let them read the entity and see the field (the 400 cases), as the engine merges roles. */
const may = (world: World, person: (typeof PEOPLE)[number], entity: CompiledEntity, field: string) => {
  const grant = grantOf(world.model, entity, person);
  return (grant.all || grant.scopes.read.size > 0) && grant.fieldAccess(field) !== 'hidden';
};

describeWorld('adversarial: lookup paths', (world) => {
  it('filters and counts through every lookup path see only target rows the caller may read', async () => {
    const w = world();
    let checked = 0;
    for (const c of pathCases(w.model)) {
      for (const person of PEOPLE) {
        const user = w.users[person];
        if (!may(w, person, c.entity, c.lookup.name)) continue;
        const filter = encodeURIComponent(JSON.stringify({ '!=': [{ var: pathOf(c) }, null] }));
        const res = await send(w.app, 'GET', `/api/data/${c.entity.name}?filter=${filter}&count=true&limit=500&fields=id,${c.lookup.name}`, undefined, user);
        if (!may(w, person, c.target, c.field.name)) {
          expect(res.statusCode, `${person} ${c.entity.name}?${pathOf(c)}: ${res.body}`).toBe(400);
          continue;
        }
        expect(res.statusCode, res.body).toBe(200);
        const targets = await visibleTargets(w, c, person);
        const mine = await allRecords(w.app, c.entity.name, user.headers, `&fields=id,${c.lookup.name}`);
        const oracle = mine
          .filter((r) => typeof r[c.lookup.name] === 'string' && targets.get(r[c.lookup.name] as string) != null)
          .map((r) => r.id)
          .sort();
        const got = res.json();
        expect(got.data.map((r: { id: string }) => r.id).sort(), `${person} ${c.entity.name} through ${pathOf(c)}`).toEqual(oracle);
        expect(got.total).toBe(oracle.length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('a sort through a lookup path hands out cursors that carry only values the caller may read', async () => {
    const w = world();
    for (const c of pathCases(w.model)) {
      for (const person of PEOPLE) {
        if (!may(w, person, c.entity, c.lookup.name) || !may(w, person, c.target, c.field.name)) continue;
        const user = w.users[person];
        const allowed = new Set([null, ...(await visibleTargets(w, c, person)).values()]);
        let cursor: string | undefined;
        let pages = 0;
        do {
          const res = await send(
            w.app,
            'GET',
            `/api/data/${c.entity.name}?sort=-${pathOf(c)}&limit=3&fields=id${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            undefined,
            user,
          );
          expect(res.statusCode, res.body).toBe(200);
          cursor = res.json().next ?? undefined;
          if (cursor) {
            const [value] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).v;
            expect(allowed.has(value), `${person}: cursor of ${c.entity.name} sorted by ${pathOf(c)} carries ${JSON.stringify(value)}`).toBe(true);
          }
        } while (cursor && ++pages < 20);
      }
    }
  });

  it('expand shows a lookup target only when the caller may read it', async () => {
    const w = world();
    for (const c of pathCases(w.model)) {
      for (const person of ['salesA', 'service'] as const) {
        if (!may(w, person, c.entity, c.lookup.name)) continue;
        const user = w.users[person];
        const readable = await w.readableIds(c.target.name, user);
        const rows = await allRecords(w.app, c.entity.name, user.headers, `&expand=${c.lookup.name}`);
        for (const row of rows) {
          const value = row[c.lookup.name];
          if (value && typeof value === 'object')
            expect(readable.has((value as { id: string }).id), `${person} expands ${c.entity.name}.${c.lookup.name}`).toBe(true);
        }
      }
    }
  });

  it('random filters over random lookup paths never return more than the caller may read (property)', async () => {
    const w = world();
    const cases = pathCases(w.model).filter((c) => c.entity.owned);
    const titles = new Map<string, unknown[]>();
    for (const c of cases)
      titles.set(
        c.target.name,
        (await w.records(c.target.name)).map((r) => r[c.field.name]).filter((v) => v != null),
      );
    const clause = (c: PathCase) =>
      fc.oneof(
        fc.constantFrom(...(titles.get(c.target.name)!.length ? titles.get(c.target.name)! : ['x'])).map((v) => ({ '==': [{ var: pathOf(c) }, v] })),
        fc.constantFrom(...(titles.get(c.target.name)!.length ? titles.get(c.target.name)! : ['x'])).map((v) => ({ '!=': [{ var: pathOf(c) }, v] })),
        fc.subarray(titles.get(c.target.name)!, { maxLength: Math.min(4, titles.get(c.target.name)!.length) }).map((vs) => ({ in: [{ var: pathOf(c) }, vs] })),
        fc.constant({ '==': [{ var: pathOf(c) }, null] }),
      );
    const scenario = fc
      .record({ entity: fc.constantFrom(...new Set(cases.map((c) => c.entity.name))), person: fc.constantFrom(...PEOPLE) })
      .chain(({ entity, person }) => {
        const mine = cases.filter((c) => c.entity.name === entity);
        const one = fc.constantFrom(...mine).chain(clause);
        return fc.record({
          entity: fc.constant(entity),
          person: fc.constant(person),
          filter: fc.oneof(
            one,
            fc.array(one, { minLength: 2, maxLength: 3 }).map((cs) => ({ or: cs })),
            fc.array(one, { minLength: 2, maxLength: 3 }).map((cs) => ({ and: cs })),
          ),
        });
      });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ entity, person, filter }) => {
        const user = w.users[person];
        const res = await send(w.app, 'GET', `/api/data/${entity}?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=500&count=true`, undefined, user);
        if (res.statusCode === 400) return; // a path the person may not name at all
        expect(res.statusCode, res.body).toBe(200);
        // The oracle: each record the person may read, with each lookup's target as they see it.
        const mine = await allRecords(w.app, entity, user.headers);
        const expected: string[] = [];
        for (const record of mine) {
          const view: Record<string, unknown> = { ...record };
          for (const c of cases.filter((x) => x.entity.name === entity)) {
            const targets = await visibleTargets(w, c, person);
            const id = record[c.lookup.name] as string | null;
            view[c.lookup.name] = id && targets.has(id) ? { [c.field.name]: targets.get(id) } : null;
          }
          if (evaluateLogic(filter, view, { now: new Date(), user: {} as never })) expected.push(record.id as string);
        }
        const got = res.json().data.map((r: { id: string }) => r.id);
        for (const id of got) expect(expected, `${person} ${entity} ${JSON.stringify(filter)}`).toContain(id);
        expect(got.length).toBe(expected.length);
      }),
      { numRuns: 25 },
    );
  });
});

import { expect, it } from 'vitest';
import type { CompiledEntity } from '../../src/model/compiled-model.ts';
import { allRecords, describeWorld, ok, PEOPLE, send, type World } from './crm-world.ts';

/**
 * Child records never escape their master: a detail (the rows of a `lines` field, or a record
 * whose lookup is declared `master`) is read, changed and deleted exactly when its master
 * allows it, whatever the role says of the detail itself. Generated over every detail entity
 * of the model and every person; then the CRM's own need: finance writes payment plans and
 * receipts on a salesperson's contract, and only that salesperson's side sees them.
 */

const details = (world: World) =>
  [...world.model.entities.values()].filter((e): e is CompiledEntity & { master: NonNullable<CompiledEntity['master']> } => e.master !== undefined);
const MISSING = '0190e0e0-0000-7000-8000-000000000000';

describeWorld('adversarial: master and detail records', (world) => {
  it('every person reads a detail exactly when they may read its master (an exclusive one), never otherwise', async () => {
    const w = world();
    // The CRM pack's lines, payment plans and receipts are details of their documents.
    expect(
      details(w)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['contractLine', 'paymentPlan', 'quoteLine', 'receipt']);
    for (const detail of details(w)) {
      const all = await w.records(detail.name);
      expect(all.length, `${detail.name} has sample records`).toBeGreaterThan(0);
      for (const person of PEOPLE) {
        const user = w.users[person];
        const masters = await w.readableIds(detail.master.entity, user);
        const readable = await w.readableIds(detail.name, user);
        for (const record of all) {
          const master = record[detail.master.field] as string | null;
          const id = record.id as string;
          if (readable.has(id) && detail.master.exclusive)
            expect(masters.has(master!), `${person} reads ${detail.name} ${id} of an unreadable ${detail.master.entity}`).toBe(true);
          if (!readable.has(id)) {
            expect((await send(w.app, 'GET', `/api/data/${detail.name}/${id}`, undefined, user)).statusCode).toBe(404);
            expect((await send(w.app, 'PATCH', `/api/data/${detail.name}/${id}`, {}, user)).statusCode).toBe(404);
            expect((await send(w.app, 'DELETE', `/api/data/${detail.name}/${id}`, undefined, user)).statusCode).toBe(404);
          }
        }
        // A person who reads the details at all reads every detail of each master they may read.
        if (readable.size)
          for (const record of all)
            if (masters.has(record[detail.master.field] as string))
              expect(readable.has(record.id as string), `${person}: ${detail.name} of a readable ${detail.master.entity}`).toBe(true);
      }
    }
  });

  it('a detail cannot be created under, or moved to, a master the writer may not read (422 as for a missing one) or write under (403)', async () => {
    const w = world();
    for (const detail of details(w)) {
      for (const person of PEOPLE) {
        const user = w.users[person];
        const masters = await w.readableIds(detail.master.entity, user);
        const foreign = (await w.records(detail.master.entity)).find((m) => !masters.has(m.id as string));
        if (!foreign) continue;
        const body = (master: string) => ({ [detail.master.field]: master });
        const missing = await send(w.app, 'POST', `/api/data/${detail.name}`, body(MISSING), user);
        const hidden = await send(w.app, 'POST', `/api/data/${detail.name}`, body(foreign.id as string), user);
        // A person who may not create the detail at all is refused before anything is looked up.
        if (missing.statusCode === 403) expect(hidden.statusCode).toBe(403);
        else
          expect(hidden.json().errors.find((e: { path: string }) => e.path === `/${detail.master.field}`)).toEqual(
            missing.json().errors.find((e: { path: string }) => e.path === `/${detail.master.field}`),
          );
        // Moving a detail one may change to such a master is refused the same way.
        const mine = (await allRecords(w.app, detail.name, user.headers))[0];
        if (mine)
          expect([403, 404, 422]).toContain((await send(w.app, 'PATCH', `/api/data/${detail.name}/${mine.id}`, body(foreign.id as string), user)).statusCode);
      }
    }
  });

  it('lines of a document the person may not change cannot be changed through the parent or on their own', async () => {
    const w = world();
    const { salesA, salesB } = w.users;
    const contracts = await allRecords(w.app, 'contract', salesA.headers);
    const theirs = (await w.records('contract')).find((c) => !contracts.some((m) => m.id === c.id))!;
    const line = (await w.records('contractLine')).find((l) => l.contract === theirs.id);
    expect((await send(w.app, 'PATCH', `/api/data/contract/${theirs.id}`, { lines: [] }, salesA)).statusCode).toBe(404);
    if (line) {
      expect((await send(w.app, 'PATCH', `/api/data/contractLine/${line.id}`, { price: '1.00' }, salesA)).statusCode).toBe(404);
      expect((await send(w.app, 'DELETE', `/api/data/contractLine/${line.id}`, undefined, salesA)).statusCode).toBe(404);
    }
    const lineCount = (await allRecords(w.app, 'contractLine', w.app.admin.headers)).length;
    expect((await allRecords(w.app, 'contractLine', salesB.headers)).length).toBeLessThan(lineCount);
  });

  it("finance records a payment plan and a receipt on a salesperson's contract; that salesperson sees them on the contract, the other one does not", async () => {
    const w = world();
    const { salesA, salesB, finance, manager } = w.users;
    const mine = (await allRecords(w.app, 'contract', salesA.headers)).find((c) => c.owner === salesA.id)!;
    expect(mine, 'salesA owns a contract').toBeDefined();
    const before = await ok(w.app, 'GET', `/api/data/contract/${mine.id}`, undefined, salesA);
    const plan = await ok(
      w.app,
      'POST',
      '/api/data/paymentPlan',
      { title: '第9期', contract: mine.id, dueDate: '2027-01-31', amount: { amount: '1000.00', currency: 'CNY' } },
      finance,
      201,
    );
    const receipt = await ok(
      w.app,
      'POST',
      '/api/data/receipt',
      { customer: mine.customer, contract: mine.id, paymentPlan: plan.id, amount: { amount: '1000.00', currency: 'CNY' }, receivedOn: '2026-12-01' },
      finance,
      201,
    );
    for (const [entity, id] of [
      ['paymentPlan', plan.id],
      ['receipt', receipt.id],
    ] as const) {
      await ok(w.app, 'GET', `/api/data/${entity}/${id}`, undefined, salesA);
      await ok(w.app, 'GET', `/api/data/${entity}/${id}`, undefined, manager);
      expect((await send(w.app, 'GET', `/api/data/${entity}/${id}`, undefined, salesB)).statusCode).toBe(404);
      const related = await ok(w.app, 'GET', `/api/data/contract/${mine.id}/related/${entity}.contract`, undefined, salesA);
      expect(related.data.map((r: { id: string }) => r.id)).toContain(id);
    }
    const after = await ok(w.app, 'GET', `/api/data/contract/${mine.id}`, undefined, salesA);
    expect(Number(after.paid?.amount ?? after.paid) - Number(before.paid?.amount ?? before.paid)).toBe(1000);
    // salesA may write payment plans of their own contract (masterWrite read), but receipts are finance's.
    expect((await send(w.app, 'PATCH', `/api/data/paymentPlan/${plan.id}`, { note: '已确认' }, salesA)).statusCode).toBe(200);
    expect((await send(w.app, 'PATCH', `/api/data/receipt/${receipt.id}`, { note: 'x' }, salesA)).statusCode).toBe(403);
    expect((await send(w.app, 'PATCH', `/api/data/paymentPlan/${plan.id}`, { note: 'x' }, salesB)).statusCode).toBe(404);
  });

  it('a role that grants a detail anything but "master" or "none" is refused at publish, with a pointer', async () => {
    const w = world();
    const role = { kind: 'role', name: 'leaky', label: 'Leaky', entities: { contract: { read: 'own' }, contractLine: { read: 'all', update: 'own' } } };
    const res = await send(w.app, 'POST', '/api/meta/publish', { documents: [role] });
    expect(res.statusCode, res.body).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/documents/0/entities/contractLine/read', '/documents/0/entities/contractLine/update']));
    // Plan agrees with publish.
    const plan = await send(w.app, 'POST', '/api/meta/plan', { documents: [role] });
    expect(plan.statusCode, plan.body).toBe(400);
    expect(plan.json().errors).toEqual(res.json().errors);
  });
});

import { sql } from 'kysely';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { loadPack } from '../../pack/load-pack.ts';
import { selectedBackends } from '../../../test/backends.ts';
import { createTestUser, startTestApp, type TestApp, type TestServer, type TestUser } from '../../../test/test-app.ts';
import { stepOutcome } from './decide.ts';

/**
 * The CRM pack's contract approval, end to end over HTTP: the owner's manager, finance above
 * CNY 500,000 (skipped below), rejection back to the manager (returnTo), re-submission, recall,
 * the lock, self-approval, the owned status, concurrent decisions, who sees what, and the step
 * timeouts with a moved clock.
 */

const PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../metadata/packs/crm');
const HOUR = 3_600_000;

type People = Record<'sales' | 'manager' | 'boss' | 'finance' | 'finance2' | 'other', TestUser>;

for (const kind of selectedBackends()) {
  describe(`approvals: the contract flow [${kind}]`, () => {
    let started: TestApp;
    let app: TestServer;
    let now = new Date('2026-03-02T09:00:00Z');
    let people: People;
    let customer: string;

    beforeAll(async () => {
      const pack = loadPack(PACK);
      started = await startTestApp(
        kind,
        pack.changes.map((c) => ('put' in c ? c.put : undefined)),
        { clock: () => now },
      );
      app = started.app;
      const boss = await createTestUser(app, { name: 'Boss', roles: ['sales_manager'] });
      const manager = await createTestUser(app, { name: 'Manager', roles: ['sales_manager'], manager: boss.id });
      people = {
        boss,
        manager,
        sales: await createTestUser(app, { name: 'Sales', roles: ['sales'], manager: manager.id }),
        finance: await createTestUser(app, { name: 'Finance', roles: ['finance'], manager: boss.id }),
        finance2: await createTestUser(app, { name: 'Finance Two', roles: ['finance'] }),
        other: await createTestUser(app, { name: 'Other Sales', roles: ['sales'] }),
      };
      customer = (await ok('POST', '/api/data/customer', { name: 'Acme Machinery' }, undefined, 201)).id;
    }, 120_000);
    afterAll(async () => {
      await started?.close();
    });

    async function send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user?: TestUser): Promise<LightMyRequestResponse> {
      const res = await app.inject({ method, url, payload: payload as Record<string, unknown>, headers: user?.headers });
      if (res.statusCode >= 500) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
      return res;
    }
    async function ok(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user?: TestUser, status = 200) {
      const res = await send(method, url, payload, user);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
      return res.json();
    }
    const contract = async (amount: number, owner: TestUser = people.sales) =>
      (await ok('POST', '/api/data/contract', { name: `Contract ${amount}`, customer, amount: { amount: String(amount), currency: 'CNY' } }, owner, 201))
        .id as string;
    const submit = (record: string, user: TestUser = people.sales) => send('POST', '/api/approvals/contract_approval/submit', { record }, user);
    const decide = (id: string, decision: 'approve' | 'reject' | 'recall', user: TestUser, comment?: string) =>
      send('POST', `/api/approvals/instances/${id}/${decision}`, comment === undefined ? {} : { comment }, user);
    const statusOf = async (id: string) => (await ok('GET', `/api/data/contract/${id}`)).status;
    const history = async (record: string, user: TestUser = people.sales) => ok('GET', `/api/approvals/instances?record=${record}`, undefined, user);

    it("goes to the owner's manager; below CNY 500,000 finance is skipped; the approval sets the status", async () => {
      const record = await contract(200_000);
      const res = await submit(record);
      expect(res.statusCode, res.body).toBe(201);
      const instance = res.json();
      expect(instance).toMatchObject({ status: 'pending', round: 1, step: { name: 'manager' }, submitter: { id: people.sales.id } });
      expect(instance.approvers.map((a: { user: { id: string } }) => a.user.id)).toEqual([people.manager.id]);
      // onSubmitted: the status says it is pending (set by the approval, so the automation that submits on "pending" does not submit twice).
      expect(await statusOf(record)).toBe('pending');
      expect((await history(record)).data).toHaveLength(1);

      const inbox = await ok('GET', '/api/approvals/inbox', undefined, people.manager);
      const item = inbox.data.find((i: { record: string }) => i.record === record);
      expect(item).toMatchObject({
        entity: 'contract',
        title: 'Contract 200000',
        step: { name: 'manager' },
        submitter: { id: people.sales.id, name: 'Sales' },
      });
      expect(inbox.count).toBeGreaterThanOrEqual(1);
      expect((await ok('GET', '/api/approvals/inbox/count', undefined, people.manager)).count).toBe(inbox.count);
      expect((await ok('GET', '/api/approvals/inbox', undefined, people.sales)).data.some((i: { record: string }) => i.record === record)).toBe(false);

      const approved = await ok('POST', `/api/approvals/instances/${instance.id}/approve`, { comment: 'Fine by me' }, people.manager);
      expect(approved.status).toBe('approved');
      expect(approved.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'step', 'approve', 'skipped', 'approved']);
      expect(approved.history[2]).toMatchObject({ actor: { id: people.manager.id, name: 'Manager' }, comment: 'Fine by me', step: { name: 'manager' } });
      expect(approved.history[3]).toMatchObject({ step: { name: 'finance' }, actor: null });
      expect(await statusOf(record)).toBe('approved');
      expect((await ok('GET', '/api/approvals/inbox', undefined, people.manager)).data.some((i: { record: string }) => i.record === record)).toBe(false);
      // The manager was told when the step reached them, the submitter of the outcome, each in the same transaction as the change.
      const told = (user: TestUser) =>
        ok('GET', '/api/notifications', undefined, user).then((n) => n.data.filter((x: { recordId: string }) => x.recordId === record));
      expect((await told(people.manager)).map((n: { title: string; source: string }) => [n.title, n.source])).toEqual([
        ['Waiting for your approval: Contract approval', 'approval:contract_approval'],
      ]);
      expect((await told(people.sales)).map((n: { title: string }) => n.title)).toContain('Approved: Contract approval');
    });

    it('above CNY 500,000 finance approves too; a rejection there returns to the manager; a final rejection ends it; re-submission is a new round', async () => {
      const record = await contract(800_000);
      const id = (await submit(record)).json().id;
      const atFinance = await ok('POST', `/api/approvals/instances/${id}/approve`, {}, people.manager);
      expect(atFinance).toMatchObject({ status: 'pending', step: { name: 'finance' } });
      expect(atFinance.approvers.map((a: { user: { id: string } }) => a.user.id).sort()).toEqual([people.finance.id, people.finance2.id].sort());

      const returned = await ok('POST', `/api/approvals/instances/${id}/reject`, { comment: 'Payment terms too loose' }, people.finance);
      expect(returned).toMatchObject({ status: 'pending', step: { name: 'manager' } });
      expect(returned.history.map((h: { action: string }) => h.action).slice(-3)).toEqual(['reject', 'returned', 'step']);
      expect(await statusOf(record)).toBe('pending');

      const rejected = await ok('POST', `/api/approvals/instances/${id}/reject`, { comment: 'Renegotiate' }, people.manager);
      expect(rejected.status).toBe('rejected');
      expect(await statusOf(record)).toBe('rejected');
      // Decided: no second decision, by anyone.
      expect((await decide(id, 'approve', people.manager)).statusCode).toBe(409);

      const again = await submit(record);
      expect(again.statusCode, again.body).toBe(201);
      expect(again.json()).toMatchObject({ round: 2, status: 'pending', step: { name: 'manager' } });
      const all = await history(record);
      expect(all.data.map((i: { round: number; status: string }) => [i.round, i.status])).toEqual([
        [2, 'pending'],
        [1, 'rejected'],
      ]);
      const first = all.data[1];
      expect(
        first.history.filter((h: { comment: string | null }) => h.comment).map((h: { actor: { name: string }; comment: string }) => [h.actor.name, h.comment]),
      ).toEqual([
        ['Finance', 'Payment terms too loose'],
        ['Manager', 'Renegotiate'],
      ]);
      // One pending round at a time.
      expect((await submit(record)).statusCode).toBe(409);
    });

    it('the submitter recalls while pending; nobody else may; a recalled approval cannot be decided', async () => {
      const record = await contract(150_000);
      const id = (await submit(record)).json().id;
      expect((await decide(id, 'recall', people.manager)).statusCode).toBe(403);
      const recalled = await ok('POST', `/api/approvals/instances/${id}/recall`, { comment: 'Wrong amount' }, people.sales);
      expect(recalled.status).toBe('recalled');
      expect(await statusOf(record)).toBe('draft');
      const late = await decide(id, 'approve', people.manager);
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('LOOM_ERR_APPROVAL_NOT_PENDING');
      expect((await decide(id, 'recall', people.sales)).statusCode).toBe(409);
      // Recalled: the owner edits again, and may submit again.
      await ok('PATCH', `/api/data/contract/${record}`, { amount: { amount: '140000', currency: 'CNY' } }, people.sales);
      expect((await submit(record)).statusCode).toBe(201);
    });

    it('locks the record while pending: the owner gets 409 with a clear message, the approver may edit', async () => {
      const record = await contract(300_000);
      const id = (await submit(record)).json().id;
      const refused = await app.inject({
        method: 'PATCH',
        url: `/api/data/contract/${record}`,
        payload: { paymentTerms: 'net 30' },
        headers: { ...people.sales.headers, 'accept-language': 'zh-CN' },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('LOOM_ERR_APPROVAL_LOCKED');
      expect(refused.json().detail).toContain('审批');
      // The record's approvals tell the web app who may edit now, so it offers Edit only to them.
      const editable = async (user: TestUser) =>
        (await ok('GET', `/api/approvals/instances?record=${record}&entity=contract`, undefined, user)).data[0].can.edit;
      expect(await editable(people.sales)).toBe(false);
      expect(await editable(people.manager)).toBe(true);
      const refusedEn = await send('DELETE', `/api/data/contract/${record}`, undefined, people.sales);
      expect([403, 409]).toContain(refusedEn.statusCode);
      const edited = await ok('PATCH', `/api/data/contract/${record}`, { paymentTerms: 'net 30' }, people.manager);
      expect(edited.paymentTerms).toBe('net 30');
      await ok('POST', `/api/approvals/instances/${id}/approve`, {}, people.manager);
      await ok('PATCH', `/api/data/contract/${record}`, { paymentTerms: 'net 45' }, people.sales);
    });

    it("nobody approves their own submission: the manager submitting a subordinate's contract goes to their own manager", async () => {
      const record = await contract(250_000);
      const res = await submit(record, people.manager);
      expect(res.statusCode, res.body).toBe(201);
      const instance = res.json();
      expect(instance.approvers.map((a: { user: { id: string } }) => a.user.id)).toEqual([people.boss.id]);
      const own = await decide(instance.id, 'approve', people.manager);
      expect(own.statusCode).toBe(403);
      expect(own.json().code).toBe('LOOM_ERR_APPROVAL_NOT_APPROVER');
      expect((await decide(instance.id, 'approve', people.boss)).statusCode).toBe(200);
    });

    it('owns the status values its outcome sets: a salesperson cannot set "approved" by an edit or a create (403); below the entry amount they may', async () => {
      const record = await contract(104_000);
      const edit = await send('PATCH', `/api/data/contract/${record}`, { status: 'approved' }, people.sales);
      expect(edit.statusCode).toBe(403);
      expect(edit.json().code).toBe('LOOM_ERR_APPROVAL_OWNED_FIELD');
      expect(await statusOf(record)).toBe('draft');
      const create = await send(
        'POST',
        '/api/data/contract',
        { name: 'Sneaky', customer, amount: { amount: '900000', currency: 'CNY' }, status: 'rejected' },
        people.sales,
      );
      expect(create.statusCode).toBe(403);
      const small = await contract(50_000);
      expect((await ok('PATCH', `/api/data/contract/${small}`, { status: 'approved' }, people.sales)).status).toBe('approved');
      // Outside the entry condition there is nothing to submit.
      expect((await submit(small)).statusCode).toBe(409);
    });

    it('starts from the contract_submit automation when the status becomes pending', async () => {
      const record = await contract(120_000);
      await ok('PATCH', `/api/data/contract/${record}`, { status: 'pending' }, people.sales);
      const [instance] = (await history(record)).data;
      expect(instance).toMatchObject({ status: 'pending', submitter: { id: people.sales.id }, step: { name: 'manager' } });
      await ok('POST', `/api/approvals/instances/${instance.id}/approve`, {}, people.manager);
      expect(await statusOf(record)).toBe('approved');
    });

    it('two decisions on one step at once: one wins, the other is a 409', async () => {
      const record = await contract(900_000);
      const id = (await submit(record)).json().id;
      await ok('POST', `/api/approvals/instances/${id}/add-approver`, { user: people.boss.id }, people.manager);
      // Two approvers of the manager step (mode any) answer at once: the step is decided once.
      const [a, b] = await Promise.all([decide(id, 'approve', people.manager, 'yes'), decide(id, 'approve', people.boss, 'me too')]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      expect((a.statusCode === 409 ? a : b).json().code).toBe('LOOM_ERR_APPROVAL_ALREADY_DECIDED');
      const after = (await history(record)).data[0];
      expect(after.history.filter((h: { action: string }) => h.action === 'approve')).toHaveLength(1);
      expect(after.step.name).toBe('finance');
      // The last step: the winner ends the approval, the loser finds it decided.
      const [c, d] = await Promise.all([decide(id, 'approve', people.finance), decide(id, 'approve', people.finance2)]);
      expect([c.statusCode, d.statusCode].sort()).toEqual([200, 409]);
      expect(['LOOM_ERR_APPROVAL_ALREADY_DECIDED', 'LOOM_ERR_APPROVAL_NOT_PENDING']).toContain((c.statusCode === 409 ? c : d).json().code);
      const ended = (await history(record)).data[0];
      expect(ended.status).toBe('approved');
      // The deciding answer and the end are written together, the answer first.
      expect(ended.history.map((h: { action: string }) => h.action).slice(-2)).toEqual(['approve', 'approved']);
      const { rows } = await sql<{
        status: string;
      }>`select status from loom.approval_tasks where instance_id = ${id}::uuid and step_name = 'finance' order by status`.execute(started.test.database.db);
      expect(rows.map((r) => r.status)).toEqual(['approved', 'closed']);
    });

    it('who sees what: a reader without access gets 404; a reader who is no approver 403; approving twice 409', async () => {
      const record = await contract(200_000);
      const id = (await submit(record)).json().id;
      expect((await send('GET', `/api/approvals/instances?record=${record}`, undefined, people.other)).statusCode).toBe(404);
      expect((await send('GET', `/api/approvals/instances?record=${record}&entity=contract`, undefined, people.other)).statusCode).toBe(404);
      expect((await send('GET', `/api/approvals/instances?record=0190e0e0-0000-7000-8000-000000000000`, undefined, people.other)).statusCode).toBe(404);
      expect((await send('GET', '/api/approvals/instances?record=nope', undefined, people.other)).statusCode).toBe(404);
      expect((await decide(id, 'approve', people.other)).statusCode).toBe(404);
      expect((await decide(id, 'approve', people.finance)).statusCode).toBe(403);
      expect((await decide('not-a-uuid', 'approve', people.manager)).statusCode).toBe(404);
      expect((await history(record, people.finance)).data).toHaveLength(1);
      await ok('POST', `/api/approvals/instances/${id}/approve`, {}, people.manager);
      const twice = await decide(id, 'approve', people.manager);
      expect(twice.statusCode).toBe(409);
    });

    it('reassigns and adds approvers where the step allows, to active users who are not the submitter', async () => {
      const record = await contract(200_000);
      const id = (await submit(record)).json().id;
      expect((await send('POST', `/api/approvals/instances/${id}/reassign`, { to: people.sales.id }, people.manager)).statusCode).toBe(422);
      expect((await send('POST', `/api/approvals/instances/${id}/reassign`, { to: 'nobody' }, people.manager)).statusCode).toBe(422);
      expect((await send('POST', `/api/approvals/instances/${id}/reassign`, { to: people.boss.id }, people.other)).statusCode).toBe(404);
      const added = await ok('POST', `/api/approvals/instances/${id}/add-approver`, { user: people.finance.id }, people.manager);
      expect(added.approvers.map((a: { user: { id: string } }) => a.user.id).sort()).toEqual([people.manager.id, people.finance.id].sort());
      const moved = await ok('POST', `/api/approvals/instances/${id}/reassign`, { to: people.boss.id, comment: 'On leave' }, people.manager);
      const statuses = Object.fromEntries(moved.approvers.map((a: { user: { id: string }; status: string }) => [a.user.id, a.status]));
      expect(statuses).toEqual({ [people.manager.id]: 'reassigned', [people.finance.id]: 'waiting', [people.boss.id]: 'waiting' });
      expect(moved.history.at(-1)).toMatchObject({
        action: 'reassigned',
        actor: { id: people.manager.id },
        target: { id: people.boss.id },
        comment: 'On leave',
      });
      expect((await decide(id, 'approve', people.manager)).statusCode).toBe(409);
      expect((await ok('POST', `/api/approvals/instances/${id}/approve`, {}, people.boss)).status).toBe('approved');
    });

    it("step timeouts act once per step occurrence, with the clock moved: remind the manager, escalate finance to their manager, through the scheduler's tick", async () => {
      const record = await contract(700_000);
      const id = (await submit(record)).json().id;
      // The scheduler's tick runs the timeout sweep over the time since its last run (the first tick only starts the clock).
      const sweep = () => app.loom.processes.tick();
      await sweep();
      now = new Date(now.getTime() + 47 * HOUR);
      await sweep();
      expect((await history(record)).data[0].history.some((h: { action: string }) => h.action === 'reminded')).toBe(false);
      now = new Date(now.getTime() + 2 * HOUR);
      await sweep();
      await sweep();
      const reminded = (await history(record)).data[0];
      expect(reminded.history.filter((h: { action: string }) => h.action === 'reminded')).toHaveLength(1);
      expect(reminded.step.name).toBe('manager');

      await ok('POST', `/api/approvals/instances/${id}/approve`, {}, people.manager);
      now = new Date(now.getTime() + 73 * HOUR);
      await sweep();
      const escalated = (await history(record)).data[0];
      expect(escalated.history.filter((h: { action: string }) => h.action === 'escalated').map((h: { target: { id: string } }) => h.target.id)).toEqual([
        people.boss.id,
      ]);
      expect(escalated.approvers.find((a: { user: { id: string } }) => a.user.id === people.boss.id).status).toBe('waiting');
      expect(escalated.approvers.find((a: { user: { id: string } }) => a.user.id === people.finance.id).status).toBe('escalated');
      await sweep();
      expect((await history(record)).data[0].history.filter((h: { action: string }) => h.action === 'escalated')).toHaveLength(1);
      expect((await ok('POST', `/api/approvals/instances/${id}/approve`, {}, people.boss)).status).toBe('approved');
    });
  });
}

describe('approvals: step outcomes by mode', () => {
  it('any: the first answer decides; all: every approval, one rejection rejects; ratio: the share, rounded up', () => {
    expect(stepOutcome('any', ['waiting', 'approved'])).toBe('approved');
    expect(stepOutcome('any', ['rejected', 'waiting'])).toBe('rejected');
    expect(stepOutcome('all', ['approved', 'waiting'])).toBeUndefined();
    expect(stepOutcome('all', ['approved', 'approved', 'reassigned'])).toBe('approved');
    expect(stepOutcome('all', ['approved', 'rejected', 'waiting'])).toBe('rejected');
    expect(stepOutcome({ ratio: 0.66 }, ['approved', 'waiting', 'waiting'])).toBeUndefined();
    expect(stepOutcome({ ratio: 0.66 }, ['approved', 'approved', 'waiting'])).toBe('approved');
    expect(stepOutcome({ ratio: 0.66 }, ['rejected', 'rejected', 'waiting'])).toBe('rejected');
    expect(stepOutcome({ ratio: 0.5 }, ['approved', 'rejected', 'waiting', 'waiting'])).toBeUndefined();
    expect(stepOutcome({ ratio: 0.5 }, ['approved', 'rejected', 'approved', 'waiting'])).toBe('approved');
  });
});

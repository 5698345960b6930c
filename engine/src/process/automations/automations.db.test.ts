import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { beforeAll, expect, it, vi } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';
import { loadPack } from '../../pack/load-pack.ts';

/** The CRM pack's entities, roles, approvals and automations, and a few test automations on an entity of their own. */
const pack = loadPack(fileURLToPath(new URL('../../../../metadata/packs/crm', import.meta.url)));
const crm = pack.changes
  .map((c) => (c as { put: Record<string, unknown> }).put)
  .filter((d) => ['entity', 'role', 'approval', 'automation', 'action', 'report', 'dashboard'].includes(d.kind as string));

const gadget = {
  kind: 'entity',
  name: 'gadget',
  label: 'Gadget',
  titleField: 'name',
  fields: {
    name: { type: 'text', required: true },
    status: { type: 'text' },
    a: { type: 'text' },
    b: { type: 'text' },
    note: { type: 'text' },
  },
};
const gadgetLog = { kind: 'entity', name: 'gadgetLog', label: 'Gadget log', titleField: 'message', fields: { message: { type: 'text', required: true } } };
const automation = (name: string, on: unknown, actions: unknown[], where?: unknown) => ({
  kind: 'automation',
  name,
  entity: 'gadget',
  on,
  actions,
  ...(where ? { where } : {}),
});
const widget = { ...gadget, name: 'widget', label: 'Widget' };
const sprocket = { ...gadget, name: 'sprocket', label: 'Sprocket', owned: true, fields: { ...gadget.fields, stampedAt: { type: 'datetime' } } };
const documents = [
  ...crm,
  widget,
  // Two create automations that only set: run as one update, the second seeing what the first set.
  { kind: 'automation', name: 'widget_first', entity: 'widget', on: { create: true }, actions: [{ set: { a: { cat: [{ var: 'name' }, '!'] } } }] },
  {
    kind: 'automation',
    name: 'widget_second',
    entity: 'widget',
    on: { create: true },
    where: { '!=': [{ var: 'a' }, null] },
    actions: [{ set: { b: { cat: [{ var: 'a' }, '?'] } } }],
  },
  sprocket,
  // Values known before the insert (a literal, $now): written with the record, in its INSERT.
  {
    kind: 'automation',
    name: 'sprocket_open',
    entity: 'sprocket',
    on: { create: true },
    actions: [{ set: { status: 'open', stampedAt: { var: '$now' } } }, { notify: { to: [{ field: 'owner' }], message: { en: 'Opened {{name}}' } } }],
  },
  gadget,
  gadgetLog,
  automation('gadget_old', { update: true, fields: ['status'] }, [{ set: { note: { cat: ['was ', { var: '$old.status' }, ', now ', { var: 'status' }] } } }]),
  // Two automations that set each other's trigger field: a loop in metadata.
  automation('gadget_ping', { update: true, fields: ['a'] }, [{ set: { b: { cat: [{ var: 'b' }, '+'] } } }], { '==': [{ var: 'status' }, 'loop'] }),
  automation('gadget_pong', { update: true, fields: ['b'] }, [{ set: { a: { cat: [{ var: 'a' }, '+'] } } }], { '==': [{ var: 'status' }, 'loop'] }),
  // A set, then a create that cannot be made (its required message is empty): the whole write fails.
  automation(
    'gadget_broken',
    { update: true, fields: ['status'] },
    [{ set: { a: 'set before the failure' } }, { create: { entity: 'gadgetLog', values: { message: { var: 'note' } } } }],
    {
      '==': [{ var: 'status' }, 'broken'],
    },
  ),
  automation('gadget_deleted', { delete: true }, [{ create: { entity: 'gadgetLog', values: { message: { cat: ['deleted ', { var: 'name' }] } } } }]),
];

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describeAppOnEachBackend('automations on writes', documents, (ctx) => {
  let sales: TestUser;
  let owner: TestUser;
  beforeAll(async () => {
    sales = await createTestUser(ctx.app, { roles: ['sales'] });
    // The approvals' first step goes to the owner's manager.
    const boss = await createTestUser(ctx.app, { roles: ['sales_manager'] });
    owner = await createTestUser(ctx.app, { roles: ['sales'], manager: boss.id });
  });

  const as = (user: TestUser | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    ctx.app.inject({
      method,
      url,
      ...(body !== undefined ? json(body) : {}),
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(user?.headers ?? {}) },
    });
  const create = async (entity: string, body: unknown, user?: TestUser) => {
    const res = await as(user, 'POST', `/api/data/${entity}`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Record<string, any>;
  };
  const update = async (entity: string, id: string, body: unknown, user?: TestUser) => {
    const res = await as(user, 'PATCH', `/api/data/${entity}/${id}`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Record<string, any>;
  };
  const get = async (entity: string, id: string) => (await as(undefined, 'GET', `/api/data/${entity}/${id}`)).json() as Record<string, any>;
  const list = async (entity: string, filter: unknown) =>
    (await as(undefined, 'GET', `/api/data/${entity}?limit=100&filter=${encodeURIComponent(JSON.stringify(filter))}`)).json().data as Record<string, any>[];

  it('an opportunity marked won gets probability 100 and a task to prepare the contract, in the same write', async () => {
    const customer = await create('customer', { name: '赢单客户', owner: owner.id });
    const opportunity = await create('opportunity', { name: 'Big deal', customer: customer.id, stage: 'negotiation', probability: 70, owner: owner.id });
    const before = Date.now();
    const won = await update('opportunity', opportunity.id, { stage: 'won' });
    // The answer already shows what the automation set.
    expect(won).toMatchObject({ stage: 'won', probability: 100 });
    const tasks = await list('task', { '==': [{ var: 'opportunity' }, opportunity.id] });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ subject: 'Prepare the contract for Big deal / 准备合同', type: 'todo', customer: customer.id, owner: owner.id });
    const due = Date.parse(tasks[0].dueAt) - before;
    expect(due).toBeGreaterThan(86_400_000 - 60_000);
    expect(due).toBeLessThan(86_400_000 + 60_000);
    // History names the person whose write it was.
    const history = (await as(undefined, 'GET', `/api/data/opportunity/${opportunity.id}/history`)).json();
    const entries = (history.data ?? history) as { changes: Record<string, unknown>; actor: string }[];
    expect(entries.find((h) => 'probability' in h.changes)?.actor).toBe(ctx.app.admin.id);
  });

  it('an update trigger with fields does not fire when other fields change', async () => {
    const customer = await create('customer', { name: 'Fields customer' });
    const opportunity = await create('opportunity', { name: 'Already won', customer: customer.id, stage: 'won', probability: 40 });
    await update('opportunity', opportunity.id, { name: 'Already won, renamed', probability: 50 });
    expect((await get('opportunity', opportunity.id)).probability).toBe(50);
    expect(await list('task', { '==': [{ var: 'opportunity' }, opportunity.id] })).toHaveLength(0);
  });

  it('$old reads the record before the write', async () => {
    const thing = await create('gadget', { name: 'old one', status: 'draft' });
    const after = await update('gadget', thing.id, { status: 'ready' });
    expect(after.note).toBe('was draft, now ready');
  });

  it('a resolved ticket gets a return-visit task', async () => {
    const customer = await create('customer', { name: '服务客户', owner: owner.id });
    const ticket = await create('ticket', { subject: '打印机故障', customer: customer.id, priority: 'normal', status: 'inProgress', owner: owner.id });
    expect(await list('task', { '==': [{ var: 'customer' }, customer.id] })).toHaveLength(0);
    await update('ticket', ticket.id, { status: 'resolved', resolution: '更换硒鼓' });
    const tasks = await list('task', { '==': [{ var: 'customer' }, customer.id] });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ type: 'revisit', subject: 'Return visit / 服务回访： 打印机故障', owner: owner.id });
  });

  it("a follow-up sets its customer's last follow-up time, though its writer may not update the customer", async () => {
    const customer = await create('customer', { name: '别人的客户', owner: owner.id });
    // The salesperson may not edit this customer, nor that field at all.
    expect((await as(sales, 'PATCH', `/api/data/customer/${customer.id}`, { lastFollowUpAt: '2026-01-01T00:00:00.000Z' })).statusCode).toBe(403);
    const at = '2026-11-20T03:15:00.000Z';
    await create('followUp', { subject: '电话回访', customer: customer.id, method: 'call', at, content: '客户有兴趣' }, sales);
    const after = await get('customer', customer.id);
    expect(after.lastFollowUpAt).toBe(at);
    expect(after.owner).toBe(owner.id);
    // An older follow-up entered later does not move it back.
    await create('followUp', { subject: '补录', customer: customer.id, method: 'visit', at: '2026-10-01T00:00:00.000Z', content: '补录' }, sales);
    expect((await get('customer', customer.id)).lastFollowUpAt).toBe(at);
    // A check-in counts too.
    const later = '2026-11-25T08:00:00.000Z';
    await create('checkIn', { subject: '拜访签到', customer: customer.id, at: later }, sales);
    expect((await get('customer', customer.id)).lastFollowUpAt).toBe(later);
  });

  it('a loop of two automations stops at the depth limit with a logged error; the write is saved', async () => {
    const errors = vi.spyOn(ctx.app.loom.processes.services.log, 'error');
    const thing = await create('gadget', { name: 'looping', status: 'loop', a: '', b: '' });
    const res = await as(undefined, 'PATCH', `/api/data/gadget/${thing.id}`, { a: 'x' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await get('gadget', thing.id);
    // The person's write (depth 0) and 8 automation writes: 4 by each, then the chain stops.
    expect(after.a).toBe('x++++');
    expect(after.b).toBe('++++');
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][1]).toMatch(/automation chain stopped at depth 8/);
    errors.mockRestore();
  });

  it('a failing step rolls the whole write back and says which step failed', async () => {
    const thing = await create('gadget', { name: 'fragile', status: 'new' });
    const res = await as(undefined, 'PATCH', `/api/data/gadget/${thing.id}`, { status: 'broken' });
    expect(res.statusCode, res.body).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('LOOM_ERR_AUTOMATION_ACTION_FAILED');
    expect(problem.detail).toMatch(/step 2 of automation:gadget_broken could not create gadgetLog/);
    expect(problem.errors[0].path).toBe('/actions/1/create/values/message');
    const after = await get('gadget', thing.id);
    expect(after).toMatchObject({ status: 'new', a: null, version: thing.version });
  });

  it('a contract set to pending and an expense submitted start their approvals, the person as the submitter', async () => {
    const customer = await create('customer', { name: '合同客户', owner: owner.id });
    const contract = await create('contract', {
      name: '年度合同',
      customer: customer.id,
      amount: { amount: '200000.00', currency: 'CNY' },
      status: 'draft',
      owner: owner.id,
    });
    await update('contract', contract.id, { status: 'pending' });
    const expense = await create('expense', {
      subject: '差旅',
      category: 'travel',
      amount: { amount: '800.00', currency: 'CNY' },
      incurredOn: '2026-11-20',
      status: 'draft',
      owner: owner.id,
    });
    await update('expense', expense.id, { status: 'submitted' });
    const { rows } = await sql<{ approval: string; record_id: string; status: string; submitted_by: string }>`
      select approval, record_id::text as record_id, status, submitted_by::text as submitted_by from loom.approval_instances order by approval`.execute(
      ctx.test.database.db,
    );
    expect(rows).toEqual([
      { approval: 'contract_approval', record_id: contract.id, status: 'pending', submitted_by: ctx.app.admin.id },
      { approval: 'expense_approval', record_id: expense.id, status: 'pending', submitted_by: ctx.app.admin.id },
    ]);
  });

  it('automations of one write that only set run as one update, each seeing what the earlier set', async () => {
    const made = await create('widget', { name: 'w' });
    expect(made).toMatchObject({ a: 'w!', b: 'w!?', version: 2 });
    const history = (await as(undefined, 'GET', `/api/data/widget/${made.id}/history`)).json();
    const entries = (history.data ?? history) as { action: string; changes: Record<string, unknown> }[];
    expect(entries.map((h) => h.action)).toEqual(['update', 'create']);
    expect(entries[0].changes).toEqual({ a: [null, 'w!'], b: [null, 'w!?'] });
  });

  it('a create automation whose values are known before the insert writes them with the record: one create, no update, its notice queued', async () => {
    const made = await create('sprocket', { name: 'early', status: 'draft' });
    expect(made).toMatchObject({ status: 'open', version: 1 });
    expect(Date.parse(made.stampedAt)).not.toBeNaN();
    const history = (await as(undefined, 'GET', `/api/data/sprocket/${made.id}/history`)).json();
    const entries = (history.data ?? history) as { action: string; changes: Record<string, unknown> }[];
    expect(entries.map((h) => h.action)).toEqual(['create']);
    expect(entries[0].changes).toMatchObject({ status: [null, 'open'] });
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from loom.jobs where name = 'loom.automation-notify' and data::text like ${`%${made.id}%`}`.execute(ctx.test.database.db);
    expect(rows[0].n).toBe(1);
  });

  it('a delete trigger runs with the record as it was', async () => {
    const thing = await create('gadget', { name: 'doomed' });
    expect((await as(undefined, 'DELETE', `/api/data/gadget/${thing.id}`)).statusCode).toBe(204);
    expect(await list('gadgetLog', { '==': [{ var: 'message' }, 'deleted doomed'] })).toHaveLength(1);
  });
});

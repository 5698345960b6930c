import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';
import { loadPack } from '../../pack/load-pack.ts';

/** The CRM pack's entities, roles and actions (with the reports and dashboards roles open on): the record actions as the pack defines them, no other process. */
const pack = loadPack(fileURLToPath(new URL('../../../../metadata/packs/crm', import.meta.url)));
const docs = pack.changes
  .map((c) => (c as { put: Record<string, unknown> }).put)
  .filter((d) => ['entity', 'role', 'action', 'report', 'dashboard'].includes(d.kind as string));
const claim = docs.find((d) => d.name === 'claim_from_pool') as { limits: { max: number }[] };
const CAP = claim.limits[0].max;
const lead = docs.find((d) => d.name === 'lead_to_customer') as { targets: { map: Record<string, string> }[] };
/** The pack's lead conversion with a last target that cannot be created (its required name from an empty field). */
const brokenConversion = {
  ...lead,
  name: 'lead_to_customer_broken',
  targets: [lead.targets[0], lead.targets[1], { ...lead.targets[2], map: { ...lead.targets[2].map, name: 'notes' } }],
};
/** An action that takes one field from the caller: the grade to give a pool customer as it is claimed. */
const claimWithGrade = { ...claim, name: 'claim_with_grade', label: 'Claim and grade', limits: [], input: ['grade'] };
const salesRole = docs.find((d) => d.kind === 'role' && d.name === 'sales') as { actions: string[] };
const documents = [
  ...docs.map((d) => (d === salesRole ? { ...salesRole, actions: [...salesRole.actions, 'claim_with_grade'] } : d)),
  brokenConversion,
  claimWithGrade,
];

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describeAppOnEachBackend('record actions', documents, (ctx) => {
  let sales: TestUser;
  let other: TestUser;
  let service: TestUser;
  beforeAll(async () => {
    sales = await createTestUser(ctx.app, { roles: ['sales'] });
    other = await createTestUser(ctx.app, { roles: ['sales'] });
    service = await createTestUser(ctx.app, { roles: ['service'] });
  });

  const as = (user: TestUser | undefined, opts: { method?: 'GET' | 'POST'; url: string; body?: unknown }) =>
    ctx.app.inject({
      method: opts.method ?? 'GET',
      url: opts.url,
      ...(opts.body !== undefined ? json(opts.body) : {}),
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(user ? user.headers : {}) },
    });
  const run = (user: TestUser | undefined, name: string, records: string[], input?: unknown) =>
    as(user, { method: 'POST', url: `/api/actions/${name}`, body: input === undefined ? { records } : { records, input } });
  const create = async (entity: string, body: unknown, user?: TestUser) => {
    const res = await as(user, { method: 'POST', url: `/api/data/${entity}`, body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Record<string, any>;
  };
  const get = async (entity: string, id: string) => (await as(undefined, { url: `/api/data/${entity}/${id}` })).json() as Record<string, any>;
  const poolCustomer = (name: string) => create('customer', { name, inPool: true, owner: null });
  const ownedCustomers = async (owner: string, n: number) => {
    const operations = Array.from({ length: n }, (_, i) => ({ op: 'create', data: { name: `Held ${owner.slice(-4)} ${i}`, owner, inPool: false } }));
    const res = await as(undefined, { method: 'POST', url: '/api/data/customer/bulk', body: { operations } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const count = async (entity: string, filter: unknown) => {
    const res = await as(undefined, { url: `/api/data/${entity}?count=true&limit=1&filter=${encodeURIComponent(JSON.stringify(filter))}` });
    return res.json().total as number;
  };

  it('a salesperson claims a pool customer their update scope would not let them edit, written as theirs', async () => {
    const customer = await poolCustomer('公海客户甲');
    const patch = await as(sales, { method: 'POST', url: `/api/data/customer/${customer.id}/actions/claim_from_pool`, body: {} });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toEqual({ results: [{ id: customer.id }] });
    const after = await get('customer', customer.id);
    expect(after).toMatchObject({ owner: sales.id, inPool: false, updatedBy: sales.id, version: 2 });
    expect(Date.parse(after.lastFollowUpAt)).toBeGreaterThan(Date.now() - 60_000);
    // Claimed once: the button no longer applies (409), for them or anyone else.
    const again = await run(other, 'claim_from_pool', [customer.id]);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().code).toBe('LOOM_ERR_ACTION_NOT_APPLICABLE');
  });

  it('a role that does not grant the action is refused (403), an unknown action is 404', async () => {
    const customer = await poolCustomer('公海客户乙');
    const res = await run(service, 'claim_from_pool', [customer.id]);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().code).toBe('LOOM_ERR_ACTION_FORBIDDEN');
    expect((await run(sales, 'no_such_action', [customer.id])).statusCode).toBe(404);
    expect((await get('customer', customer.id)).inPool).toBe(true);
  });

  it('the action writes only what it declares: input it does not take is 400, other fields untouched', async () => {
    const customer = await poolCustomer('公海客户丙');
    const res = await run(sales, 'claim_from_pool', [customer.id], { name: 'Renamed', grade: 'A' });
    expect(res.statusCode, res.body).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/input/grade', '/input/name']);
    const body = await as(sales, { method: 'POST', url: `/api/actions/claim_from_pool`, body: { records: [customer.id], set: { name: 'x' } } });
    expect(body.statusCode).toBe(400);
    expect(await get('customer', customer.id)).toMatchObject({ name: '公海客户丙', inPool: true, owner: null, version: 1 });
    // Nor does a granted action widen plain edits: the customer stays someone else's to edit.
    const held = await create('customer', { name: 'Held by other', owner: other.id });
    const edit = await as(sales, { method: 'PATCH' as 'POST', url: `/api/data/customer/${held.id}`, body: { name: 'mine now' } });
    expect(edit.statusCode).toBe(403);
  });

  it('writes the input an action takes, checked like any value of its field', async () => {
    const customer = await poolCustomer('公海客户戊');
    const bad = await run(sales, 'claim_with_grade', [customer.id], { grade: 'Z' });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().errors[0].path).toBe('/records/0/grade');
    const ok = await run(sales, 'claim_with_grade', [customer.id], { grade: 'A' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await get('customer', customer.id)).toMatchObject({ grade: 'A', owner: sales.id, inPool: false });
  });

  it('a record the caller may not read answers 404, as if it did not exist', async () => {
    const theirs = await create('lead', { name: '他人的线索', company: '某公司', status: 'new' }, other);
    const res = await run(sales, 'lead_to_customer', [theirs.id]);
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().code).toBe('LOOM_ERR_DATA_NOT_FOUND');
    expect((await run(sales, 'claim_from_pool', ['0190b7a4-0000-7000-8000-00000000dead'])).statusCode).toBe(404);
  });

  it('claims up to the cap, then refuses with the limit message; concurrent claims at the cap let exactly one through', async () => {
    const user = await createTestUser(ctx.app, { roles: ['sales'] });
    await ownedCustomers(user.id, CAP - 2);
    const first = await poolCustomer('池A');
    expect((await run(user, 'claim_from_pool', [first.id])).statusCode).toBe(200);
    // One place left: six claims at once, each of another pool customer.
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => poolCustomer(`池B${i}`)));
    const answers = await Promise.all(racing.map((c) => run(user, 'claim_from_pool', [c.id])));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((r) => r.statusCode === 409)) expect(refused.json().code).toBe('LOOM_ERR_ACTION_LIMIT');
    expect(answers.find((r) => r.statusCode === 409)!.json().detail).toContain(String(CAP));
    expect(await count('customer', { '==': [{ var: 'owner' }, user.id] })).toBe(CAP);
    expect(
      (await count('customer', { in: [{ var: 'id' }, racing.map((c) => c.id)] })) -
        (await count('customer', { and: [{ in: [{ var: 'id' }, racing.map((c) => c.id)] }, { '==': [{ var: 'inPool' }, true] }] })),
    ).toBe(1);
    // Over the cap: the limit's message in the caller's language.
    const d = await poolCustomer('池D');
    const over = await ctx.app.inject({
      method: 'POST',
      url: '/api/actions/claim_from_pool',
      ...json({ records: [d.id] }),
      headers: { ...user.headers, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().detail).toContain('公海');
    expect((await get('customer', d.id)).inPool).toBe(true);
  });

  it('returns a customer to the pool; only the owner sees the button', async () => {
    const customer = await poolCustomer('公海客户丁');
    expect((await run(sales, 'claim_from_pool', [customer.id])).statusCode).toBe(200);
    expect((await run(other, 'return_to_pool', [customer.id])).statusCode).toBe(409);
    // The record's own route, with no body at all.
    const res = await as(sales, { method: 'POST', url: `/api/data/customer/${customer.id}/actions/return_to_pool` });
    expect(res.statusCode, res.body).toBe(200);
    expect((await as(sales, { method: 'POST', url: `/api/data/lead/${customer.id}/actions/return_to_pool` })).statusCode).toBe(404);
    expect((await as(sales, { method: 'POST', url: `/api/data/customer/not-an-id/actions/return_to_pool` })).statusCode).toBe(404);
    expect(await get('customer', customer.id)).toMatchObject({ owner: null, inPool: true });
  });

  it('a bulk action is all or nothing: one record that does not qualify and none is claimed', async () => {
    const pool = [await poolCustomer('批量1'), await poolCustomer('批量2'), await poolCustomer('批量3')];
    const taken = await create('customer', { name: 'Not in pool', owner: other.id });
    const res = await run(sales, 'claim_from_pool', [pool[0].id, taken.id, pool[1].id]);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().errors[0].path).toBe('/records/1');
    for (const c of pool) expect((await get('customer', c.id)).inPool).toBe(true);
    const ok = await run(
      sales,
      'claim_from_pool',
      pool.map((c) => c.id),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().results.map((r: { id: string }) => r.id)).toEqual(pool.map((c) => c.id));
    // An action that is not bulk takes one record; the same record twice is refused.
    const leads = [
      await create('lead', { name: 'L1', company: 'C1', status: 'new' }, sales),
      await create('lead', { name: 'L2', company: 'C2', status: 'new' }, sales),
    ];
    expect(
      (
        await run(
          sales,
          'lead_to_customer',
          leads.map((l) => l.id),
        )
      ).statusCode,
    ).toBe(400);
    expect((await run(sales, 'return_to_pool', [pool[0].id, pool[0].id])).statusCode).toBe(400);
  });

  it('converts a lead into a customer, a contact and an opportunity in one transaction, linking the lead to its customer', async () => {
    const source = await create(
      'lead',
      { name: '王建国', company: '河南金穗粮油有限公司', title: '总经理', phone: '0371-68812201', status: 'qualified', source: 'website', industry: 'food' },
      sales,
    );
    const res = await run(sales, 'lead_to_customer', [source.id]);
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json().results[0].created as { name: string; entity: string; id: string }[];
    expect(created.map((c) => c.entity)).toEqual(['customer', 'contact', 'opportunity']);
    const [customer, contact, opportunity] = await Promise.all(created.map((c) => get(c.entity, c.id)));
    expect(customer).toMatchObject({
      name: '河南金穗粮油有限公司',
      phone: '0371-68812201',
      industry: 'food',
      source: 'website',
      owner: sales.id,
      createdBy: sales.id,
    });
    expect(contact).toMatchObject({ name: '王建国', customer: customer.id, title: '总经理', owner: sales.id });
    expect(opportunity).toMatchObject({ name: '河南金穗粮油有限公司', customer: customer.id, contact: contact.id, stage: 'lead' });
    expect(await get('lead', source.id)).toMatchObject({ status: 'converted', convertedCustomer: customer.id });
    expect((await run(sales, 'lead_to_customer', [source.id])).statusCode).toBe(409);
  });

  it('a failure in the last target rolls back the lead conversion entirely', async () => {
    const source = await create('lead', { name: '刘婷', company: '郑州博雅口腔医院有限公司', status: 'new' }, sales);
    const customers = await count('customer', { '==': [{ var: 'name' }, '郑州博雅口腔医院有限公司'] });
    const res = await run(undefined, 'lead_to_customer_broken', [source.id]);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors[0].path).toBe('/records/0/opportunity/name');
    expect(await count('customer', { '==': [{ var: 'name' }, '郑州博雅口腔医院有限公司'] })).toBe(customers);
    expect(await count('contact', { '==': [{ var: 'name' }, '刘婷'] })).toBe(0);
    expect(await get('lead', source.id)).toMatchObject({ status: 'new', convertedCustomer: null, version: 1 });
  });

  it('pushes an accepted quote down to a contract with its three lines, and the quote remembers it', async () => {
    const product = await create('product', { name: '智能终端', price: 100 });
    const customer = await create('customer', { name: '报价客户', owner: sales.id });
    const quote = await create(
      'quote',
      {
        title: '年度采购报价',
        customer: customer.id,
        status: 'draft',
        lines: [
          { product: product.id, description: '终端', qty: 10, price: 100, amount: 1000 },
          { description: '安装', qty: 1, price: 500, amount: 500 },
          { description: '培训', qty: 2, price: 250.5, discount: 10, amount: 450.9 },
        ],
      },
      sales,
    );
    expect((await run(sales, 'quote_to_contract', [quote.id])).statusCode).toBe(409);
    const accepted = await as(sales, { method: 'PATCH' as 'POST', url: `/api/data/quote/${quote.id}`, body: { status: 'accepted' } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const res = await run(sales, 'quote_to_contract', [quote.id]);
    expect(res.statusCode, res.body).toBe(200);
    const [made] = res.json().results[0].created;
    expect(made.entity).toBe('contract');
    const contract = (await as(sales, { url: `/api/data/contract/${made.id}` })).json();
    expect(contract).toMatchObject({ name: '年度采购报价', customer: customer.id, quote: quote.id, owner: sales.id, status: 'draft' });
    expect(Number(contract.amount.amount)).toBeCloseTo(1950.9, 2);
    const lines = (
      await as(sales, { url: `/api/data/contractLine?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'contract' }, made.id] }))}&sort=id` })
    ).json().data;
    expect(lines.map((l: Record<string, unknown>) => [l.product, l.description, Number(l.qty), Number(l.price), Number(l.discount ?? 0)])).toEqual([
      [product.id, '终端', 10, 100, 0],
      [null, '安装', 1, 500, 0],
      [null, '培训', 2, 250.5, 10],
    ]);
    expect((await get('quote', quote.id)).contract).toBe(made.id);
    // Pushed once: the button is gone.
    expect((await run(sales, 'quote_to_contract', [quote.id])).statusCode).toBe(409);
  });
});

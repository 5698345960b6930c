import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';
import { loadPack } from '../../pack/load-pack.ts';

/**
 * A record action is not a process: it writes as the system on the caller's behalf, so a record
 * waiting for approval stays locked for that person (only the step's approvers may change it).
 */
const pack = loadPack(fileURLToPath(new URL('../../../../metadata/packs/crm', import.meta.url)));
const docs = pack.changes
  .map((c) => (c as { put: Record<string, unknown> }).put)
  .filter((d) => ['entity', 'role', 'action', 'report', 'dashboard'].includes(d.kind as string) || d.name === 'contract_approval');
const note = {
  kind: 'action',
  name: 'contract_checked',
  entity: 'contract',
  label: 'Checked',
  type: 'update',
  set: { notes: 'Checked' },
};
const grant = (d: Record<string, unknown>) =>
  d.kind === 'role' && (d.name === 'sales' || d.name === 'sales_manager') ? { ...d, actions: [...((d.actions as string[]) ?? []), 'contract_checked'] } : d;
const documents = [...docs.map(grant), note];

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describeAppOnEachBackend('record actions and approval locks', documents, (ctx) => {
  let manager: TestUser;
  let sales: TestUser;
  beforeAll(async () => {
    manager = await createTestUser(ctx.app, { roles: ['sales_manager'] });
    sales = await createTestUser(ctx.app, { roles: ['sales'], manager: manager.id });
  });
  const as = (user: TestUser, method: 'GET' | 'POST', url: string, body?: unknown) =>
    ctx.app.inject({
      method,
      url,
      ...(body === undefined ? { headers: user.headers } : { ...json(body), headers: { ...json(body).headers, ...user.headers } }),
    });

  it('a contract waiting for approval is locked for its salesperson, even through an action; its approver may run it', async () => {
    const customer = (await ctx.app.inject({ method: 'POST', url: '/api/data/customer', ...json({ name: '审批客户', owner: sales.id }) })).json();
    const contract = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/data/contract',
        ...json({ name: '大额合同', customer: customer.id, amount: 200000, status: 'draft', owner: sales.id }),
      })
    ).json();
    expect((await as(sales, 'POST', '/api/actions/contract_checked', { records: [contract.id] })).statusCode).toBe(200);
    const submitted = await as(sales, 'POST', '/api/approvals/contract_approval/submit', { record: contract.id });
    expect(submitted.statusCode, submitted.body).toBe(201);

    const locked = await as(sales, 'POST', '/api/actions/contract_checked', { records: [contract.id] });
    expect(locked.statusCode, locked.body).toBe(409);
    expect(locked.json().code).toBe('LOOM_ERR_APPROVAL_LOCKED');
    const byApprover = await as(manager, 'POST', '/api/actions/contract_checked', { records: [contract.id] });
    expect(byApprover.statusCode, byApprover.body).toBe(200);
    const after = (await ctx.app.inject({ url: `/api/data/contract/${contract.id}` })).json();
    expect(after).toMatchObject({ notes: 'Checked', updatedBy: manager.id });
  });
});

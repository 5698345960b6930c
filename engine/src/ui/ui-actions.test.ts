import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../data/actor.ts';
import { compileModelOrThrow } from '../model/compile-model.ts';
import { loadPack } from '../pack/load-pack.ts';
import { buildUiBundle } from './build-ui-bundle.ts';

const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
const model = compileModelOrThrow(pack.changes.map((c) => ({ document: (c as { put: unknown }).put, pointer: c.pointer })));
const actor = (roles: string[], admin = false): Actor => ({
  id: '0190b7a4-0000-7000-8000-000000000001',
  roles,
  teams: [],
  teamMembers: [],
  subordinates: [],
  teamKeys: [],
  sharedEntities: new Set(),
  admin,
});

describe('record actions in the UI bundle', () => {
  it('lists the actions the roles grant, labelled in the locale', () => {
    const bundle = buildUiBundle(model, actor(['sales']), 'zh-CN');
    expect(bundle.entities.customer.actions).toEqual([
      {
        name: 'claim_from_pool',
        label: '领取',
        type: 'update',
        bulk: true,
        visibleWhen: { '==': [{ var: 'inPool' }, true] },
      },
      expect.objectContaining({ name: 'return_to_pool', label: '退回公海', bulk: true }),
    ]);
    expect(bundle.entities.quote.actions).toEqual([expect.objectContaining({ name: 'quote_to_contract', type: 'convert', target: 'contract', bulk: false })]);
    expect(bundle.entities.lead.actions?.[0]).toMatchObject({ name: 'lead_to_customer', label: '转为客户', target: 'customer' });
    // Not granted to sales: starting a contract's execution.
    expect(bundle.entities.contract.actions).toEqual([]);
  });

  it('gives an administrator every action, and a role without grants none', () => {
    const admin = buildUiBundle(model, actor([], true), 'en');
    expect(admin.entities.contract.actions?.map((a) => [a.name, a.label])).toEqual([['contract_activate', 'Start execution']]);
    const service = buildUiBundle(model, actor(['service']), 'en');
    expect(service.entities.customer.actions).toEqual([]);
    expect(service.entities.ticket.actions?.map((a) => a.name)).toEqual(['ticket_resolve']);
  });
});

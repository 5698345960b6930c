import { describe, expect, it } from 'vitest';
import type { UiAction, UiEntity, UiUser } from '@loom/metadata';
import { customer, field } from '../__tests__/test-bundle.ts';
import { actionsFor } from './actions-api.ts';

const user: UiUser = { id: 'u1', email: 'a@b.c', name: 'A', admin: false, roles: ['sales'] };
const claim: UiAction = { name: 'claim', label: 'Claim', type: 'update', bulk: true, visibleWhen: { '==': [{ var: 'inPool' }, true] } };
const giveBack: UiAction = {
  name: 'giveBack',
  label: 'Return',
  type: 'update',
  bulk: true,
  visibleWhen: { and: [{ '==': [{ var: 'inPool' }, false] }, { '==': [{ var: 'owner' }, { var: '$user.id' }] }] },
};
const always: UiAction = { name: 'note', label: 'Note', type: 'update', bulk: false };
const pooled: UiEntity = {
  ...customer,
  fields: { ...customer.fields, inPool: field('inPool', 'boolean'), owner: field('owner', 'user', { system: true }) },
  actions: [claim, giveBack, always],
};

describe('the actions a record page offers', () => {
  it('are those whose visibleWhen holds for the record, $user being the signed-in user', () => {
    expect(actionsFor(pooled, { id: 'c1', inPool: true, owner: null }, user).map((a) => a.name)).toEqual(['claim', 'note']);
    expect(actionsFor(pooled, { id: 'c1', inPool: false, owner: 'u1' }, user).map((a) => a.name)).toEqual(['giveBack', 'note']);
    // Someone else's customer: neither claim nor return.
    expect(actionsFor(pooled, { id: 'c1', inPool: false, owner: 'u2' }, user).map((a) => a.name)).toEqual(['note']);
  });

  it('reads an expanded lookup as its id', () => {
    expect(actionsFor(pooled, { id: 'c1', inPool: false, owner: { id: 'u1', name: 'A' } }, user).map((a) => a.name)).toEqual(['giveBack', 'note']);
  });

  it('are none for an entity without actions', () => {
    expect(actionsFor(customer, { id: 'c1' }, user)).toEqual([]);
  });
});

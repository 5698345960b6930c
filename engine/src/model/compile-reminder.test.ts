import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../pack/load-pack.ts';
import { compileModel, compileModelOrThrow } from './compile-model.ts';

const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
const packSources = pack.changes.map((c) => ({ document: (c as { put: unknown }).put, pointer: c.pointer }));

const entity = {
  kind: 'entity',
  name: 'deal',
  label: 'Deal',
  titleField: 'name',
  owned: true,
  fields: { name: { type: 'text' }, endDate: { type: 'date' }, dueAt: { type: 'datetime' }, qty: { type: 'integer' } },
};
const reminder = (extra: object) => ({
  kind: 'reminder',
  name: 'r',
  entity: 'deal',
  at: { field: 'endDate' },
  to: [{ field: 'owner' }],
  message: 'x',
  ...extra,
});
const errorsOf = (doc: object) => {
  const result = compileModel([
    { document: entity, pointer: '/0' },
    { document: doc, pointer: '/1' },
  ]);
  return result.ok ? [] : result.errors;
};

describe('compiled reminders', () => {
  it("compiles the CRM pack's reminders: offsets as local intervals, default channel, repeats", () => {
    const model = compileModelOrThrow(packSources);
    const expiry = model.reminders.get('contract_expiry')!;
    expect(expiry).toMatchObject({ offsetInterval: '-30 days', offsetMs: -30 * 86_400_000, time: '09:00', channels: ['inbox'] });
    expect(model.reminders.get('task_due')).toMatchObject({ offsetInterval: '-15 minutes', time: undefined });
    const yearly = compileModelOrThrow([
      { document: entity, pointer: '/0' },
      { document: reminder({ repeat: { every: '1y' } }), pointer: '/1' },
    ]).reminders.get('r')!;
    expect(yearly.every).toEqual({ unit: 'month', count: 12 });
    const fortnightly = compileModelOrThrow([
      { document: entity, pointer: '/0' },
      { document: reminder({ repeat: { every: '2w' }, channels: ['email'] }), pointer: '/1' },
    ]).reminders.get('r')!;
    expect(fortnightly).toMatchObject({ every: { unit: 'day', count: 14 }, channels: ['email'] });
  });

  it('names each problem at its JSON pointer', () => {
    expect(errorsOf(reminder({ at: { field: 'nope' } })).map((e) => e.path)).toEqual(['/1/at/field']);
    expect(errorsOf(reminder({ at: { field: 'qty' } }))[0]).toMatchObject({ path: '/1/at/field', message: expect.stringContaining('date or datetime') });
    expect(errorsOf(reminder({ when: { '==': [{ var: 'missing' }, 1] } })).map((e) => e.path)).toEqual(['/1/when/==/0']);
    expect(errorsOf(reminder({ to: [{ field: 'owner' }, { field: 'owner.manager' }, { field: 'ghost' }, { var: '$old.owner' }] })).map((e) => e.path)).toEqual([
      '/1/to/2/field',
      '/1/to/3/var',
    ]);
    expect(errorsOf(reminder({ message: { en: '{{name}} {{nope}}', 'zh-CN': '{{name}}' }, title: '{{x.y}}' })).map((e) => e.path)).toEqual([
      '/1/message/en',
      '/1/title',
    ]);
    expect(errorsOf(reminder({ repeat: { every: '1x' } })).map((e) => e.path)).toEqual(['/1/repeat/every']);
    expect(errorsOf(reminder({ at: { field: 'dueAt', offset: '-2h' }, repeat: { every: '6mo' } }))).toEqual([]);
  });
});

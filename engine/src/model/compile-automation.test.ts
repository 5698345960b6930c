import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../pack/load-pack.ts';
import { compileModel, compileModelOrThrow } from './compile-model.ts';
import { lastFireTime, parseCron } from './cron.ts';

const entity = (name: string, fields: Record<string, unknown>) => ({
  kind: 'entity',
  name,
  label: name,
  titleField: 'title',
  fields: { title: { type: 'text' }, ...fields },
});
const base = [
  { ...entity('account', { tier: { type: 'text' }, lastContactAt: { type: 'datetime' }, code: { type: 'autonumber', pattern: 'A-{0000}' } }), owned: true },
  entity('visit', {
    account: { type: 'lookup', entity: 'account' },
    at: { type: 'datetime' },
    on: { type: 'date' },
    note: { type: 'text' },
    score: { type: 'integer' },
    items: { type: 'lines', entity: 'visitItem', via: 'visit' },
  }),
  entity('visitItem', { visit: { type: 'lookup', entity: 'visit', required: true, onDelete: 'cascade' } }),
  { kind: 'approval', name: 'account_check', entity: 'account', steps: [{ name: 'boss', approvers: { role: 'boss' } }] },
  { kind: 'role', name: 'boss', label: 'Boss', entities: {} },
];
const automation = (on: unknown, actions: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'automation',
  name: 'auto',
  entity: 'visit',
  on,
  actions,
  ...extra,
});
const errorsOf = (...docs: unknown[]) => {
  const result = compileModel([...base, ...docs].map((document, i) => ({ document, pointer: `/documents/${i}` })));
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
};
const at = `/documents/${base.length}`;

describe('compiled automations', () => {
  it('the CRM pack compiles with its eleven automations, triggers parsed', () => {
    const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
    const model = compileModelOrThrow(pack.changes.map((c) => ({ document: (c as { put: unknown }).put, pointer: c.pointer })));
    expect(model.automations.size).toBe(11);
    expect(model.automations.get('opportunity_won')!.trigger).toEqual({ kind: 'update', fields: ['stage'] });
    expect(model.automations.get('follow_up_touch')!.trigger).toEqual({ kind: 'create' });
    expect(model.automations.get('pool_reclaim')!.trigger.kind).toBe('schedule');
  });

  it('accepts sets through a lookup, creates, notifications, webhooks and an approval of the same entity', () => {
    expect(
      errorsOf(
        automation({ create: true }, [
          { set: { note: { cat: ['seen ', { var: 'title' }] }, 'account.lastContactAt': { var: 'at' } } },
          { create: { entity: 'visit', values: { note: { var: '$now+1d' }, account: { var: 'account' } } } },
          { notify: { to: [{ field: 'account.owner' }], message: 'x' } },
          { webhook: { url: 'https://hooks.example.com/v', body: { note: { var: 'note' }, list: [{ var: 'score' }] } } },
        ]),
      ),
    ).toEqual([]);
    const model = compileModelOrThrow(
      [...base, automation({ dateField: { field: 'at', offset: '-2h' } }, [{ set: { note: 'due' } }])].map((document, i) => ({ document, pointer: `/d/${i}` })),
    );
    expect(model.automations.get('auto')!.trigger).toEqual({ kind: 'dateField', field: 'at', offsetMs: -7_200_000 });
  });

  it('reports each broken reference at its JSON pointer', () => {
    expect(errorsOf(automation({ update: true, fields: ['nope'] }, [{ set: { note: 'x' } }]))).toEqual([`${at}/on/fields/0: "nope" is not a field of visit`]);
    expect(errorsOf(automation({ schedule: '61 * * * *' }, [{ set: { note: 'x' } }]))).toEqual([`${at}/on/schedule: "61 * * * *" minute "61" must be 0–59`]);
    expect(errorsOf(automation({ dateField: { field: 'note' } }, [{ set: { note: 'x' } }]))).toEqual([
      `${at}/on/dateField/field: "note" must be a stored date or datetime field`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ set: { nope: 1 } }]))).toEqual([`${at}/actions/0/set/nope: "nope" is not a field of visit`]);
    expect(errorsOf(automation({ create: true }, [{ set: { 'note.x': 1 } }]))).toEqual([
      `${at}/actions/0/set/note.x: "note" is not a lookup of visit: a "lookup.field" key sets a field of the record a lookup points to`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ set: { 'account.code': 'A-1' } }]))).toEqual([
      `${at}/actions/0/set/account.code: "code" of account is set by Loom and cannot be written`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ set: { items: [] } }]))).toEqual([
      `${at}/actions/0/set/items: "items" holds child lines, which actions do not set`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ set: { note: { regex: ['a'] } } }]))).toEqual([
      `${at}/actions/0/set/note: operator "regex" is not JSON Logic`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ set: { note: { var: 'account.tier' } } }]))).toEqual([
      `${at}/actions/0/set/note: "account.tier": action values read the record's own fields, not lookup paths`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ set: { note: { var: '$old.note' } } }]))).toEqual([
      `${at}/actions/0/set/note: "$old.note": $old has no values in a create trigger`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ create: { entity: 'ghost' } }]))).toEqual([`${at}/actions/0/create/entity: entity "ghost" does not exist`]);
    expect(errorsOf(automation({ create: true }, [{ create: { entity: 'account', values: { nope: 1 } } }]))).toEqual([
      `${at}/actions/0/create/values/nope: "nope" is not a field of account`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ notify: { to: [{ field: 'account.nope' }], message: 'x' } }]))).toEqual([
      `${at}/actions/0/notify/to/0/field: "account.nope" is not a field of visit`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ webhook: { url: 'https://h.example.com', body: { a: { var: 'nope' } } } }]))).toEqual([
      `${at}/actions/0/webhook/body/a: "nope" is not a field of visit`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ startApproval: { approval: 'account_check' } }]))).toEqual([
      `${at}/actions/0/startApproval/approval: approval "account_check" approves account, not visit`,
    ]);
    expect(errorsOf(automation({ create: true }, [{ startApproval: { approval: 'missing' } }]))).toEqual([
      `${at}/actions/0/startApproval/approval: no approval named "missing"`,
    ]);
    // A where that SQL cannot evaluate faithfully (schedules select records with it).
    expect(errorsOf(automation({ create: true }, [{ set: { note: 'x' } }], { where: { '<': [{ var: 'note' }, 5] } }))).toEqual([
      `${at}/where: cannot compare text with number`,
    ]);
  });
});

describe('cron schedules', () => {
  it('finds the latest due minute in a window, in the time zone, once however long the window', () => {
    const nightly = parseCron('0 2 * * *');
    expect(lastFireTime(nightly, new Date('2026-12-03T17:00:00Z'), new Date('2026-12-03T18:00:00Z'), 'Asia/Shanghai')).toEqual(
      new Date('2026-12-03T18:00:00Z'),
    );
    expect(lastFireTime(nightly, new Date('2026-12-03T18:00:00Z'), new Date('2026-12-03T19:00:00Z'), 'Asia/Shanghai')).toBeUndefined();
    // Down for three days: one run, the latest.
    expect(lastFireTime(nightly, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-04T12:00:00Z'), 'UTC')).toEqual(new Date('2026-12-04T02:00:00Z'));
    const weekdays = parseCron('*/15 9-17 * * mon-fri');
    // Saturday 2026-12-05: the last run was Friday 17:45.
    expect(lastFireTime(weekdays, new Date('2026-12-04T00:00:00Z'), new Date('2026-12-05T12:00:00Z'), 'UTC')).toEqual(new Date('2026-12-04T17:45:00Z'));
    // Six fields: seconds first, ignored.
    expect(lastFireTime(parseCron('0 30 8 1 * *'), new Date('2026-11-30T00:00:00Z'), new Date('2026-12-02T00:00:00Z'), 'UTC')).toEqual(
      new Date('2026-12-01T08:30:00Z'),
    );
  });

  it('explains what is wrong', () => {
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
    expect(() => parseCron('0 25 * * *')).toThrow(/hour "25" must be 0–23/);
    expect(() => parseCron('0 0 5-1 * *')).toThrow(/runs backwards/);
    expect(() => parseCron('0 0 * * */0')).toThrow(/step/);
  });
});

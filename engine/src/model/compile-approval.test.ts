import { describe, expect, it } from 'vitest';
import { compileModel, compileModelOrThrow } from './compile-model.ts';
import { durationMs } from './compile-approval.ts';

const deal = {
  kind: 'entity',
  name: 'deal',
  label: 'Deal',
  titleField: 'title',
  owned: true,
  fields: {
    title: { type: 'text' },
    amount: { type: 'number' },
    reviewer: { type: 'user' },
    company: { type: 'lookup', entity: 'company' },
    status: { type: 'select', options: [{ value: 'draft' }, { value: 'approved' }, { value: 'rejected' }] },
  },
};
const company = { kind: 'entity', name: 'company', label: 'Company', titleField: 'title', owned: true, fields: { title: { type: 'text' } } };
const role = { kind: 'role', name: 'finance', entities: { deal: { read: 'all' } } };
const sources = (docs: unknown[]) => docs.map((document, i) => ({ document, pointer: `/documents/${i}` }));

const approval = (extra: Record<string, unknown>) => ({
  kind: 'approval',
  name: 'dealApproval',
  entity: 'deal',
  steps: [
    { name: 'manager', approvers: { managerOf: 'owner' }, timeout: { after: '2d', then: 'remind' } },
    { name: 'finance', approvers: { role: 'finance' }, mode: { ratio: 0.5 }, when: { '>': [{ var: 'amount' }, 10] }, returnTo: 'manager' },
  ],
  onApproved: [{ set: { status: 'approved' } }],
  onRejected: [{ set: { status: 'rejected', title: { var: 'title' } } }],
  ...extra,
});

describe('compiled approvals', () => {
  it('fill in defaults, timeouts in milliseconds, returnTo as an index, and the values the outcome owns', () => {
    const compiled = compileModelOrThrow(sources([deal, company, role, approval({})])).approvals.get('dealApproval')!;
    expect(compiled.lock).toBe(true);
    expect(compiled.allowSelfApproval).toBe(false);
    expect(compiled.steps[0]).toMatchObject({ index: 0, mode: 'any', allowReassign: true, allowAddApprover: true, timeoutMs: 2 * 86_400_000 });
    expect(compiled.steps[1]).toMatchObject({ index: 1, mode: { ratio: 0.5 }, returnToIndex: 0 });
    // Only literals are owned: an expression's value is not known in advance.
    expect(compiled.ownedValues).toEqual({ status: ['approved', 'rejected'] });
    expect(durationMs('30m')).toBe(1_800_000);
    expect(durationMs('1w')).toBe(604_800_000);
  });

  it('refuse references that do not resolve, each at its JSON pointer', () => {
    const result = compileModel(
      sources([
        deal,
        company,
        role,
        approval({
          steps: [
            { name: 'first', approvers: { role: 'nobody' }, returnTo: 'second' },
            { name: 'second', approvers: { managerOf: 'amount' }, when: { '==': [{ var: 'colour' }, 'red'] } },
            { name: 'second', approvers: { field: 'company.title' }, returnTo: 'ghost' },
            { name: 'fourth', approvers: { field: 'company.owner' }, returnTo: 'first' },
          ],
          onApproved: [{ set: { stage: 'won' } }],
        }),
      ]),
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
    expect(errors).toEqual([
      '/documents/3/steps/0/returnTo: "second" is not an earlier step: a rejection can only go back',
      '/documents/3/steps/0/approvers/role: no role named "nobody"',
      '/documents/3/steps/1/approvers/managerOf: "amount" is a number field; approvers come from a user field (or a lookup path to one, such as "parent.owner")',
      '/documents/3/steps/1/when/==/0: "colour" is not a field of deal',
      '/documents/3/steps/2/name: another step is also named "second"',
      '/documents/3/steps/2/returnTo: there is no earlier step named "ghost"',
      '/documents/3/steps/2/approvers/field: "company.title" is a text field; approvers come from a user field (or a lookup path to one, such as "parent.owner")',
      '/documents/3/onApproved/0/set/stage: "stage" is not a field of deal',
    ]);
  });

  it('take allowSelfApproval from the document', () => {
    expect(compileModelOrThrow(sources([deal, company, role, approval({ allowSelfApproval: true, lock: false })])).approvals.get('dealApproval')).toMatchObject(
      {
        allowSelfApproval: true,
        lock: false,
      },
    );
  });
});

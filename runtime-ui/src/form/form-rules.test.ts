import { describe, expect, it } from 'vitest';
import { evaluateRules, holds, logicData } from './form-rules.ts';
import { bundle, quote, quoteForm } from '../__tests__/test-bundle.ts';

const ctx = { user: bundle.user, now: new Date('2026-01-02T03:04:05Z') };

describe('form rules', () => {
  it('reads money and decimals as numbers and lookups as ids, plus $user and $now', () => {
    const data = logicData(quote, { amount: { amount: '12.50', currency: 'CNY' }, customer: { id: 'c1', name: 'Acme' }, title: '' }, ctx);
    expect(data.amount).toBe(12.5);
    expect(data.customer).toBe('c1');
    expect(data.title).toBeNull();
    expect(data.$user).toMatchObject({ id: 'u1', roles: ['sales'] });
    expect(data.$now).toBe('2026-01-02T03:04:05.000Z');
  });

  it('treats a condition that cannot be evaluated as false', () => {
    expect(holds({ nosuchop: [1] }, {})).toBe(false);
    expect(holds(undefined, {})).toBe(false);
    expect(holds({ '==': [1, 1] }, {})).toBe(true);
  });

  it('evaluates visibleWhen, requiredWhen and readOnlyWhen live', () => {
    const draft = evaluateRules(quoteForm, quote, { status: 'draft' }, ctx);
    expect(draft.hidden.has('validUntil')).toBe(true);
    expect(draft.required.has('validUntil')).toBe(false);
    expect(draft.readOnly.has('lines')).toBe(false);

    const accepted = evaluateRules(quoteForm, quote, { status: 'accepted' }, ctx);
    expect(accepted.hidden.has('validUntil')).toBe(false);
    expect(accepted.required.has('validUntil')).toBe(true);
    expect(accepted.readOnly.has('lines')).toBe(true);
  });

  it('hides sections whose visibleWhen fails, and fields that only they show', () => {
    const sales = evaluateRules(quoteForm, quote, {}, ctx);
    expect(sales.hiddenSections).toEqual(new Set([2]));
    // "amount" is also in the first section, so it stays visible.
    expect(sales.hidden.has('amount')).toBe(false);
    const finance = evaluateRules(quoteForm, quote, {}, { user: { ...bundle.user, roles: ['finance'] } });
    expect(finance.hiddenSections.size).toBe(0);
  });

  it('never requires a hidden field', () => {
    const form = { ...quoteForm, fieldRules: { validUntil: { requiredWhen: true, visibleWhen: false } } };
    const state = evaluateRules(form, quote, {}, ctx);
    expect(state.hidden.has('validUntil')).toBe(true);
    expect(state.required.has('validUntil')).toBe(false);
  });
});

import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { bindContext } from './bind-context.ts';
import { isContextVar } from './context-vars.ts';
import { evaluateLogic } from './evaluate-logic.ts';
import { logicVars } from './logic-vars.ts';
import { parseTimeVar, timeVarValue } from './time-vars.ts';
import type { LogicContext } from './types.ts';

const now = new Date('2024-01-31T22:15:00.250Z');
const context: LogicContext = { now, user: { id: 'u1', roles: ['sales', 'sales.lead'], teams: ['t1'] } };
const at = (path: string) => timeVarValue(parseTimeVar(path)!, now);

describe('context variables', () => {
  it('recognises $user.*, $role:…, $now…, $today…, $old.*', () => {
    for (const path of [
      '$user.id',
      '$user.roles',
      '$user.teams',
      '$role:sales.lead',
      '$params.from',
      '$now',
      '$now-30d',
      '$now+2h',
      '$now-15min',
      '$today',
      '$today-7d',
      '$today+1M',
      '$today-1y',
      '$old.amount',
      '$old.customer.grade',
    ]) {
      expect(isContextVar(path), path).toBe(true);
    }
    for (const path of ['amount', '$user', '$user.email', '$today+2h', '$now-1q', '$old', '$role:', 'toString', '$0']) {
      expect(isContextVar(path), path).toBe(false);
    }
  });

  it('computes times from the context clock, in UTC, months clamped like PostgreSQL', () => {
    expect(at('$now')).toBe('2024-01-31T22:15:00.250Z');
    expect(at('$now+2h')).toBe('2024-02-01T00:15:00.250Z');
    expect(at('$now-15min')).toBe('2024-01-31T22:00:00.250Z');
    expect(at('$now-1w')).toBe('2024-01-24T22:15:00.250Z');
    expect(at('$now+1M')).toBe('2024-02-29T22:15:00.250Z');
    expect(at('$today')).toBe('2024-01-31');
    expect(at('$today-7d')).toBe('2024-01-24');
    expect(at('$today+1M')).toBe('2024-02-29');
    expect(at('$today+13M')).toBe('2025-02-28');
    expect(at('$today-1y')).toBe('2023-01-31');
  });

  it('evaluates with json-logic-js, context materialised', () => {
    expect(evaluateLogic({ var: '$role:sales.lead' }, {}, context)).toBe(true);
    expect(evaluateLogic({ in: ['sales', { var: '$user.roles' }] }, {}, context)).toBe(true);
    expect(evaluateLogic({ '==': [{ var: 'owner' }, { var: '$user.id' }] }, { owner: 'u1' }, context)).toBe(true);
    expect(evaluateLogic({ '<': [{ var: 'due' }, { var: '$today' }] }, { due: '2024-01-30' }, context)).toBe(true);
    // No $old on insert: the var default applies, exactly as json-logic-js would for a missing key.
    expect(evaluateLogic({ var: ['$old.amount', 7] }, {}, context)).toBe(7);
    expect(evaluateLogic({ var: ['$old.amount', 7] }, {}, { ...context, old: { amount: null } })).toBe(null);
    expect(evaluateLogic({ var: '$old.amount' }, {}, { ...context, old: { amount: 5 } })).toBe(5);
  });

  it('is json-logic-js itself when no context variable is involved', () => {
    const exprs: unknown[] = [{ '+': [{ var: 'a' }, 1] }, { cat: [{ var: 'a' }, null] }, { '/': [1, 0] }, { in: ['x', { var: 'b' }] }];
    const record = { a: null, b: 'xyz' };
    for (const expr of exprs) expect(evaluateLogic(expr, record, context)).toEqual(jsonLogic.apply(expr as RulesLogic, record));
  });

  it('binds context variables to keys that no record path can reach', () => {
    const bound = bindContext({ and: [{ var: '$user.id' }, { var: ['$nope', 1] }, { var: 'amount' }] }, context);
    expect(bound.logic).toEqual({ and: [{ var: ['$0'] }, { var: ['$1', 1] }, { var: 'amount' }] });
    expect(bound.values).toEqual({ $0: 'u1', $1: undefined });
    expect(evaluateLogic({ var: '$0' }, {}, context)).toBe(null);
  });
});

describe('logicVars', () => {
  it('lists every literal var path with the pointer of its node', () => {
    const expr = { and: [{ '>': [{ var: 'amount' }, { var: ['$old.amount', 0] }] }, { '/': [{ var: 'customer.grade' }, 2] }, { '!': { var: 'closed' } }] };
    expect(logicVars(expr, '/rules/0/assert')).toEqual([
      { path: 'amount', pointer: '/rules/0/assert/and/0/>/0' },
      { path: '$old.amount', pointer: '/rules/0/assert/and/0/>/1' },
      { path: 'customer.grade', pointer: '/rules/0/assert/and/1/~1/0' },
      { path: 'closed', pointer: '/rules/0/assert/and/2/!' },
    ]);
    expect(logicVars({ in: ['a', ['b', { var: 'x' }]] })).toEqual([{ path: 'x', pointer: '/in/1/1' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { isLoomError } from '../errors/loom-error.ts';
import { compileCondition } from './compile-condition.ts';
import { compileValue } from './compile-value.ts';
import { testContext, testScope } from '../../test/fixtures/logic/logic-rows.ts';

const scope = testScope(testContext());

/** The one located problem a rejected expression reports. */
function rejection(expr: unknown, pointer = '/rules/0/assert', compile: typeof compileCondition | typeof compileValue = compileCondition) {
  try {
    compile(expr, scope, pointer);
  } catch (error) {
    if (!isLoomError(error)) throw error;
    expect(error.code).toBe('LOOM_ERR_LOGIC_UNSUPPORTED');
    expect(error.status).toBe(400);
    expect(error.errors).toHaveLength(1);
    return error.errors![0];
  }
  throw new Error(`accepted: ${JSON.stringify(expr)}`);
}

describe('compile errors carry the pointer of the offending node', () => {
  it('names the supported operators when one is not', () => {
    const problem = rejection({ and: [true, { regex: [{ var: 't1' }, 'a.*'] }] });
    expect(problem.path).toBe('/rules/0/assert/and/1');
    expect(problem.message).toMatch(
      /^operator "regex" is not supported; supported: ==, ===, !=, !==, <, <=, >, >=, !, !!, and, or, if, \?:, in, \+, -, \*, \/, %, min, max, cat, substr, var$/,
    );
  });

  it('reports unknown fields and context variables', () => {
    expect(rejection({ '>': [{ var: 'foo' }, 1] })).toEqual({ path: '/rules/0/assert/>/0', message: 'unknown field "foo"' });
    expect(rejection({ '==': [{ var: '$old.foo' }, 1] }).message).toBe('unknown field "foo" in "$old.foo"');
    expect(rejection({ '==': [{ var: '$user.email' }, 'a'] }).message).toMatch(/^unknown context variable "\$user.email"; known: /);
    expect(rejection({ '<': [{ var: 'ts1' }, { var: '$today-2h' }] }).message).toMatch(/whole days/);
  });

  it('refuses to compare text with number', () => {
    expect(rejection({ '<': [{ var: 't1' }, 5] })).toEqual({ path: '/rules/0/assert', message: 'cannot compare text with number' });
    expect(rejection({ '==': [5, { var: 't1' }] }).message).toBe('cannot compare number with text');
  });

  it('escapes "/" and "~" in pointers (RFC 6901)', () => {
    expect(rejection({ '/': [{ var: 't1' }, 2] }, '', compileValue)).toEqual({ path: '/~1/0', message: '"/" needs numbers, not text' });
  });

  it('enforces the limits: depth 32, 1000 operations, lists of 1000', () => {
    let deep: unknown = { var: 'b1' };
    for (let i = 0; i < 40; i++) deep = { '!': [deep] };
    expect(rejection(deep).message).toBe('expression is nested deeper than 32 levels');
    const wide = { or: Array.from({ length: 600 }, (_, i) => ({ '==': [{ var: 'n1' }, i] })) };
    expect(rejection(wide).message).toBe('expression has more than 1000 operations');
    const huge = { in: [{ var: 't1' }, Array.from({ length: 1001 }, (_, i) => `v${i}`)] };
    expect(rejection(huge)).toEqual({ path: '/rules/0/assert/in/1', message: 'list has 1001 items; at most 1000 are allowed' });
  });

  it('refuses an expression whose SQL would repeat sub-expressions exponentially', () => {
    let expr: unknown = { var: 'n1' };
    for (let i = 1; i <= 20; i++) expr = { '/': [expr, { '-': [{ var: 'n1' }, i] }] };
    expect(rejection({ '>': [expr, 0] }).message).toMatch(/too complex to translate to SQL/);
  });

  it('accepts the limits themselves', () => {
    let deep: unknown = { var: 'b1' };
    for (let i = 0; i < 31; i++) deep = { '!': [deep] };
    expect(() => compileCondition(deep, scope)).not.toThrow();
    expect(() => compileCondition({ in: [{ var: 't1' }, Array.from({ length: 1000 }, (_, i) => `v${i}`)] }, scope)).not.toThrow();
  });
});

describe('well-typed JSON Logic that SQL cannot reproduce faithfully is rejected, not mis-evaluated', () => {
  const cases: [string, unknown, RegExp][] = [
    ['arithmetic on text ("1" + 1 is 2 in JS)', { '+': [{ var: 't1' }, 1] }, /"\+" needs numbers, not text/],
    ['unary + on text (a string-to-number cast)', { '+': [{ var: 't1' }] }, /needs numbers/],
    ['ordering booleans', { '<': [{ var: 'b1' }, true] }, /cannot order booleans/],
    ['ordering lists', { '>': [{ var: 'a1' }, 'a'] }, /cannot order lists/],
    ['comparing lists (JS compares identity)', { '==': [{ var: 'a1' }, ['a']] }, /use "in"/],
    ['ordering two text fields (null orders like a number in JS)', { '<': [{ var: 't1' }, { var: 't2' }] }, /text constant on one side/],
    ['ordering text against null', { '<=': [{ var: 't1' }, null] }, /cannot order text against null/],
    ['a date never equals a datetime in JS', { '==': [{ var: 'd1' }, { var: 'ts1' }] }, /cannot compare date with datetime/],
    [
      'a non-canonical date string (string order is not date order)',
      { '<': [{ var: 'd1' }, '2024-1-5'] },
      /"2024-1-5" is not a date \(YYYY-MM-DD\) or a datetime/,
    ],
    ['a datetime string without milliseconds', { '==': [{ var: 'ts1' }, '2024-01-05T10:00:00Z'] }, /is not a datetime \(YYYY-MM-DDTHH:mm:ss.sssZ\)/],
    ['comparing a boolean with a number (true == 1 in JS)', { '==': [{ var: 'b1' }, 1] }, /cannot compare boolean with number/],
    ['text field against a date field', { '<': [{ var: 't1' }, { var: 'd1' }] }, /cannot compare text with date/],
    ['extra operands json-logic-js ignores', { '-': [5, 2, 1] }, /"-" takes 1 to 2 operands, not 3/],
    ['a ! with two operands', { '!': [{ var: 'b1' }, true] }, /"!" takes 1 operand, not 2/],
    ['the whole record as a value', { '!!': [{ var: '' }] }, /needs a field name/],
    ['a computed var path', { var: { cat: ['t', '1'] } }, /must be a literal/],
    ['an "in" list with a field inside', { in: ['a', [{ var: 't1' }]] }, /items of an "in" list must be constants/],
    ['"in" on a number', { in: [1, { var: 'n1' }] }, /looks in a list or a text, not in number/],
    ['a number looked for in a text (String(5) formatting)', { in: [{ var: 'n1' }, 'a5'] }, /can only look for a text in a text/],
    ['cat of a list (JS joins with commas)', { cat: [{ var: 'a1' }] }, /cannot join a list/],
    ['substr with a computed start', { substr: [{ var: 't1' }, { var: 'i1' }] }, /whole-number constants/],
    ['min of nothing (Infinity)', { min: [] }, /"min" takes at least 1 operand/],
    ['if branches of different types', { if: [{ var: 'b1' }, 1, 'one'] }, /the branches of "if" mix number and text/],
    ['and/or values of different types', { '==': [{ or: [{ var: 'n1' }, 'none'] }, 'none'] }, /the operands of "or" mix number and text/],
    ['an object with two keys', { '==': [1, 1], '!=': [1, 2] }, /exactly one key/],
    ['a var default of another type', { '==': [{ var: ['n1', 'zero'] }, 0] }, /the default of a number must be a number, not text/],
  ];
  for (const [why, expr, message] of cases) {
    it(why, () => {
      expect(rejection(expr, '', compileValue).message).toMatch(message);
    });
  }

  it('accepts what a CRM filter needs, and text constants next to dates', () => {
    const fine = [
      { '<': [{ var: 'd1' }, '2024-01-05'] },
      { '>=': [{ var: 'ts1' }, '2024-01-05'] },
      { '<': [0, { var: 'n1' }, 100] },
      { if: [{ var: 'b1' }, { var: 'd1' }, '2024-01-31'] },
      { and: [{ var: 't1' }, { var: 'n1' }, { var: 'a1' }] },
      { '==': [{ var: ['n1', 0] }, 0] },
    ];
    for (const expr of fine) expect(() => compileCondition(expr, scope)).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { compileCondition } from './compile-condition.ts';
import { compileValue } from './compile-value.ts';
import { sqlOf, testContext, testScope, UUIDS } from '../../test/fixtures/logic/logic-rows.ts';

const scope = testScope(testContext());
const where = (expr: unknown) => sqlOf(compileCondition(expr, scope));
const value = (expr: unknown) => {
  const operand = compileValue(expr, scope);
  return { ...sqlOf(operand.sql), type: operand.type };
};

describe('compileCondition: SQL text and parameters', () => {
  it('compares a column with a constant in a form an index can serve', () => {
    expect(where({ '>': [{ var: 'n1' }, 100] })).toEqual({
      sql: '((("r"."n1")::numeric > $1::numeric) and ("r"."n1")::numeric is not null)',
      parameters: ['100'],
    });
    // json-logic-js reads null as 0 when ordering numbers: null < 100 holds.
    expect(where({ '<': [{ var: 'n1' }, 100] }).sql).toBe('((("r"."n1")::numeric < $1::numeric) or ("r"."n1")::numeric is null)');
    expect(where({ '==': [{ var: 't1' }, 'won'] })).toEqual({ sql: '(("r"."t1" = $1::text) and "r"."t1" is not null)', parameters: ['won'] });
  });

  it('turns equality with null into IS NULL, and != into its negation', () => {
    expect(where({ '==': [{ var: 't1' }, null] }).sql).toBe('("r"."t1" is null)');
    expect(where({ '!=': [null, { var: 'd1' }] }).sql).toBe('(not ("r"."d1" is null))');
    expect(where({ '!==': [{ var: 't1' }, { var: 't2' }] }).sql).toBe('(not ("r"."t1" is not distinct from "r"."t2"))');
  });

  it('orders text by code units with COLLATE "C", the null case decided in JS', () => {
    expect(where({ '<': [{ var: 't1' }, 'm'] })).toEqual({ sql: '(("r"."t1" collate "C" < $1::text) and "r"."t1" is not null)', parameters: ['m'] });
    // null < "5" is true in JS (both become numbers).
    expect(where({ '<': [{ var: 't1' }, '5'] }).sql).toBe('(("r"."t1" collate "C" < $1::text) or "r"."t1" is null)');
  });

  it('looks in lists and texts without LIKE', () => {
    expect(where({ in: ['vip', { var: 'a1' }] })).toEqual({ sql: `(coalesce("r"."a1", '{}'::text[]) @> array[$1::text])`, parameters: ['vip'] });
    expect(where({ in: [{ var: 't1' }, ['a', 'b', null]] })).toEqual({ sql: '(("r"."t1" = any($1::text[])) or "r"."t1" is null)', parameters: [['a', 'b']] });
    expect(where({ in: ['50%_', { var: 't1' }] })).toEqual({ sql: `coalesce(strpos(nullif("r"."t1", ''), $1::text) > 0, false)`, parameters: ['50%_'] });
    expect(where({ in: [{ var: 'n1' }, [1, 2.5]] }).parameters).toEqual([['1', '2.5']]);
  });

  it('binds context variables as parameters', () => {
    expect(where({ '>=': [{ var: 'ts1' }, { var: '$now-30d' }] })).toEqual({
      sql: '(("r"."ts1" >= $1::timestamptz) and "r"."ts1" is not null)',
      parameters: ['2024-04-15T10:20:30.400Z'],
    });
    expect(where({ '<=': [{ var: 'd1' }, { var: '$today+1M' }] }).parameters).toEqual(['2024-06-15']);
    // A date sorts just before its own midnight when compared with a datetime (JS string order).
    expect(where({ '>': [{ var: 'ts1' }, { var: '$today' }] }).sql).toBe('(("r"."ts1" >= $1::date::timestamptz) and "r"."ts1" is not null)');
  });

  it('reads report parameters, typed by their value', () => {
    const withParams = testScope({ ...testContext(), params: { from: '2024-01-01', min: 10, stages: ['won', 'lost'] } });
    expect(sqlOf(compileCondition({ '>=': [{ var: 'd1' }, { var: '$params.from' }] }, withParams))).toEqual({
      sql: '(("r"."d1" >= $1::date) and "r"."d1" is not null)',
      parameters: ['2024-01-01'],
    });
    expect(sqlOf(compileCondition({ in: [{ var: 't1' }, { var: '$params.stages' }] }, withParams)).parameters).toEqual([['won', 'lost']]);
    expect(sqlOf(compileCondition({ '==': [{ var: 'n1' }, { var: '$params.missing' }] }, withParams)).sql).toBe('(("r"."n1")::numeric is null)');
  });

  it('compares uuid columns as uuids with canonical uuid constants', () => {
    expect(where({ '==': [{ var: 'u1' }, { var: '$user.id' }] })).toEqual({ sql: '(("r"."u1" = $1::uuid) and "r"."u1" is not null)', parameters: [UUIDS[0]] });
    expect(where({ '==': [{ var: 'u1' }, 'NOT-A-UUID'] }).sql).toBe('((("r"."u1")::text = $1::text) and ("r"."u1")::text is not null)');
    expect(where({ in: [{ var: 'u1' }, { var: '$user.teams' }] })).toEqual({
      sql: '(("r"."u1" = any($1::uuid[])) and ("r"."u1")::text is not null)',
      parameters: [[UUIDS[1], UUIDS[2]]],
    });
  });

  it('folds a sub-expression that reads no field into one parameter, computed by json-logic-js', () => {
    expect(where({ in: ['$role:finance', { var: '$user.roles' }] })).toEqual({ sql: '$1::boolean', parameters: [false] });
    expect(where({ var: '$role:sales.lead' })).toEqual({ sql: '$1::boolean', parameters: [true] });
    expect(where({ and: [{ var: 'b1' }, { '>': [{ '+': [1, 2] }, { var: 'n1' }] }] })).toEqual({
      sql: '(("r"."b1" is true) and (($1::numeric > ("r"."n1")::numeric) or ("r"."n1")::numeric is null))',
      parameters: ['3'],
    });
  });

  it('writes truthiness per type, never NULL', () => {
    expect(where({ var: 't1' }).sql).toBe(`(("r"."t1" <> '') and "r"."t1" is not null)`);
    expect(where({ '!': { var: 'a1' } }).sql).toBe(`(not (cardinality(coalesce("r"."a1", '{}'::text[])) > 0))`);
    expect(where({ or: [{ var: 'd1' }, { var: 'b1' }] }).sql).toBe('(("r"."d1" is not null) or ("r"."b1" is true))');
    expect(where({ if: [{ var: 'b1' }, { var: 'n1' }, { var: 't1' }] }).sql).toBe(
      `(case when ("r"."b1" is true) then ((("r"."n1")::numeric <> 0) and ("r"."n1")::numeric is not null) else (("r"."t1" <> '') and "r"."t1" is not null) end)`,
    );
  });
});

describe('compileValue: typed SQL values', () => {
  it('reproduces json-logic-js arithmetic: parseFloat for +, Number for -, JS division by zero', () => {
    expect(value({ '+': [{ var: 'n1' }, 1] })).toEqual({
      sql: `(coalesce(("r"."n1")::numeric, 'NaN'::numeric) + $1::numeric)`,
      parameters: ['1'],
      type: 'number',
    });
    expect(value({ '-': [{ var: 'n1' }] }).sql).toBe('(- coalesce(("r"."n1")::numeric, 0))');
    expect(value({ '/': [{ var: 'n1' }, 4] }).sql).toBe('(coalesce(("r"."n1")::numeric, 0) / $1::numeric)');
    expect(value({ '/': [{ var: 'n1' }, 0] }).sql).toBe(`(coalesce(("r"."n1")::numeric, 0) * 'Infinity'::numeric)`);
    expect(value({ '/': [1, { var: 'i1' }] }).sql).toBe(
      `(case when coalesce(("r"."i1")::numeric, 0) = 0 then $1::numeric * 'Infinity'::numeric else $2::numeric / coalesce(("r"."i1")::numeric, 0) end)`,
    );
    expect(value({ min: [{ var: 'n1' }, 5] }).sql).toBe('(- greatest((- coalesce(("r"."n1")::numeric, 0)), (- $1::numeric)))');
  });

  it('joins texts as JS does: constants by JS, columns in the same format', () => {
    expect(value({ cat: ['#', 1e21, { var: 'n1' }, null, { var: 'd1' }] })).toEqual({
      sql: `concat($1::text, $2::text, trim_scale(("r"."n1")::numeric)::text, to_char("r"."d1", 'YYYY-MM-DD'))`,
      parameters: ['#', '1e+21'],
      type: 'text',
    });
    expect(value({ substr: [{ var: 't1' }, -3, -1] })).toMatchObject({ sql: `left(right(coalesce("r"."t1", 'null'), $1::int), $2::int)`, parameters: [3, -1] });
  });

  it('types if branches, keeping the null branch typed', () => {
    expect(value({ if: [{ var: 'b1' }, { var: 'd1' }, '2024-01-31'] })).toEqual({
      sql: '(case when ("r"."b1" is true) then "r"."d1" else $1::date end)',
      parameters: ['2024-01-31'],
      type: 'date',
    });
    expect(value({ if: [{ var: 'b1' }, { var: '$today' }, '2024-02-01'] }).sql).toBe('(case when ("r"."b1" is true) then $1::date else $2::date end)');
    expect(value({ if: [{ var: 'b1' }, 5] })).toMatchObject({ sql: '(case when ("r"."b1" is true) then $1::numeric else null::numeric end)', type: 'number' });
  });
});

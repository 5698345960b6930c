import fc from 'fast-check';
import { AWKWARD, DATES, DATETIMES, NUMBERS, TAGS, TEXTS, UUIDS } from './logic-rows.ts';

/**
 * Random well-typed expressions over the `logic_rows` fields. Where SQL and JS differ by
 * design the generators stay away, and say so:
 * - division by a computed divisor is not generated: a computed -0 makes JS give -Infinity
 *   where SQL (no negative zero) gives +Infinity;
 * - division by a column (inexact quotients like 1/3) appears only directly in comparisons,
 *   never inside further arithmetic or `cat`: numeric's 20 digits and a double's 17 then differ;
 * - numbers are quarters up to 1000 and products stay small, so JS double arithmetic is exact;
 * - no characters above U+FFFF (see logic-rows.ts).
 */
type Expr = unknown;
const v = (name: string) => ({ var: name });
const depth = { depthIdentifier: 'logic', maxDepth: 4, depthSize: 'small' } as const;
const op = (name: string, ...args: fc.Arbitrary<Expr>[]) => fc.tuple(...args).map((a) => ({ [name]: a }));
const pick = (...items: Expr[]): fc.Arbitrary<Expr> => fc.constantFrom(...items);
const names = (...items: string[]): fc.Arbitrary<string> => fc.constantFrom(...items);

const numberLeaf: fc.Arbitrary<Expr> = fc.oneof(
  pick(v('n1'), v('n2'), v('i1'), v('f1'), v('$old.n1'), { var: ['n1', 0] }),
  pick(...NUMBERS),
);
const divisorLeaf: fc.Arbitrary<Expr> = pick(v('n1'), v('i1'), v('f1'), 0, 2, -4, 0.5, null);
const exactDivisor: fc.Arbitrary<Expr> = pick(0, 1, 2, -4, 0.5, null);
const textLeaf: fc.Arbitrary<Expr> = fc.oneof(pick(v('t1'), v('t2'), v('$old.t1')), pick(...TEXTS));
const textConstant: fc.Arbitrary<Expr> = pick(...TEXTS, { cat: ['a', 'b'] });
// Date-typed leaves; literal strings join them only where a date operand gives them a type
// (an `if` whose branches are all string literals is text, and text does not order against dates).
const dateLeaf: fc.Arbitrary<Expr> = pick(v('d1'), v('d2'), v('$today'), v('$today-7d'), v('$today+1M'), v('$old.d1'));
const datetimeLeaf: fc.Arbitrary<Expr> = pick(v('ts1'), v('ts2'), v('$now'), v('$now-30d'), v('$now+2h'));
const orLiteral = (arb: fc.Arbitrary<Expr>, literals: string[]) => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: pick(...literals) });
const listLeaf: fc.Arbitrary<Expr> = pick(v('a1'), v('$user.roles'), ['vip', '%'], []);
const comparators = ['==', '===', '!=', '!==', '<', '<=', '>', '>='];
const equalities = ['==', '===', '!=', '!=='];
const orders = ['<', '<=', '>', '>='];

export interface LogicArbitraries {
  num: Expr;
  bool: Expr;
  text: Expr;
  date: Expr;
  datetime: Expr;
  cond: Expr;
  any: Expr;
}

export const logicArbitraries = fc.letrec<LogicArbitraries>((tie) => {
  const [num, bool, text, date, datetime, cond, any] = (['num', 'bool', 'text', 'date', 'datetime', 'cond', 'any'] as const).map((k) => tie(k));
  const ifOf = (value: fc.Arbitrary<Expr>) =>
    fc.oneof(op('if', cond, value, value), op('if', cond, value), op('?:', cond, value, cond, value, value));
  const andOr = (value: fc.Arbitrary<Expr>) => fc.tuple(names('and', 'or'), fc.array(value, { minLength: 1, maxLength: 3 })).map(([o, a]) => ({ [o]: a }));
  return {
    num: fc.oneof(
      depth,
      numberLeaf,
      fc.array(num, { minLength: 0, maxLength: 3 }).map((a) => ({ '+': a })),
      fc.array(num, { minLength: 1, maxLength: 2 }).map((a) => ({ '*': a })),
      fc.array(num, { minLength: 1, maxLength: 2 }).map((a) => ({ '-': a })),
      op('/', num, exactDivisor),
      op('%', num, divisorLeaf),
      fc.tuple(names('min', 'max'), fc.array(num, { minLength: 1, maxLength: 3 })).map(([o, a]) => ({ [o]: a })),
      ifOf(num),
      andOr(num),
    ),
    text: fc.oneof(
      depth,
      textLeaf,
      fc.array(fc.oneof(text, num, date, datetime, pick(v('b1'), null)), { maxLength: 3 }).map((a) => ({ cat: a })),
      fc.tuple(text, fc.integer({ min: -4, max: 4 }), fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined })).map(([t, s, l]) => ({
        substr: l === undefined ? [t, s] : [t, s, l],
      })),
      ifOf(text),
      andOr(text),
    ),
    bool: fc.oneof(
      depth,
      pick(v('b1'), v('$role:sales'), true, false),
      fc.tuple(names('!', '!!'), any).map(([o, a]) => ({ [o]: [a] })),
      compareNumbers(num),
      ifOf(bool),
      andOr(bool),
    ),
    // A literal branch next to a typed one is read as a date (an all-literal `if` would be text).
    date: fc.oneof(depth, dateLeaf, ifOf(date), andOr(date), op('if', cond, date, orLiteral(date, DATES))),
    datetime: fc.oneof(depth, datetimeLeaf, ifOf(datetime), andOr(datetime), op('if', cond, datetime, orLiteral(datetime, DATETIMES))),
    cond: fc.oneof(
      depth,
      fc.tuple(names(...comparators), numberLeaf, numberLeaf).map(([o, a, b]) => ({ [o]: [a, b] })),
      compareNumbers(num),
      compareTexts(text),
      compareDates(date, datetime),
      compareOthers(bool),
      inOperations(num, text, date),
      fc.tuple(names('and', 'or'), fc.array(cond, { minLength: 1, maxLength: 3 })).map(([o, a]) => ({ [o]: a })),
      fc.tuple(names('and', 'or'), fc.array(any, { minLength: 1, maxLength: 3 })).map(([o, a]) => ({ [o]: a })),
      fc.tuple(names('!', '!!'), any).map(([o, a]) => ({ [o]: [a] })),
      op('if', cond, any, any),
      any,
    ),
    any: fc.oneof(depth, pick(v('b1'), v('a1'), v('$role:sales.lead'), v('u1')), num, text, date, datetime, listLeaf, bool, cond),
  };
});

/**
 * Numbers directly under a comparison: with division by a column, or with 17-digit doubles
 * (never both in one comparison: an inexact quotient is numeric's 20 digits, not a double).
 */
function compareNumbers(num: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  const quotient = fc.oneof(num, op('/', num, divisorLeaf));
  const awkward = fc.oneof(num, pick(v('f2'), ...AWKWARD));
  return fc.oneof(
    ...[quotient, awkward].map((top) => fc.tuple(names(...comparators), top, top).map(([o, a, b]) => ({ [o]: [a, b] }))),
    ...[quotient, awkward].map((top) => fc.tuple(names('<', '<='), top, top, top).map(([o, a, b, c]) => ({ [o]: [a, b, c] }))),
  );
}

/** Text equality freely; text ordering against a text constant, as the compiler requires. */
function compareTexts(text: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  return fc.oneof(
    fc.tuple(names(...equalities), text, fc.oneof(text, pick(null))).map(([o, a, b]) => ({ [o]: [a, b] })),
    fc.tuple(names(...orders), text, textConstant, fc.boolean()).map(([o, a, k, flip]) => ({ [o]: flip ? [k, a] : [a, k] })),
    fc.tuple(names('<', '<='), textConstant, text, textConstant).map(([o, a, b, c]) => ({ [o]: [a, b, c] })),
  );
}

function compareDates(dateTyped: fc.Arbitrary<Expr>, datetimeTyped: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  const date = orLiteral(dateTyped, DATES);
  const datetime = orLiteral(datetimeTyped, DATETIMES);
  const mixed = fc.oneof(date, datetime);
  return fc.oneof(
    fc.tuple(names(...comparators), date, fc.oneof(date, pick(null))).map(([o, a, b]) => ({ [o]: [a, b] })),
    fc.tuple(names(...comparators), datetime, fc.oneof(datetime, pick(null))).map(([o, a, b]) => ({ [o]: [a, b] })),
    fc.tuple(names(...orders), mixed, mixed).map(([o, a, b]) => ({ [o]: [a, b] })),
    fc.tuple(names('<', '<='), mixed, mixed, mixed).map(([o, a, b, c]) => ({ [o]: [a, b, c] })),
  );
}

/** Booleans (fields, `!`, `!!`, comparisons), uuids stored as uuid, and `== null` on every type. */
function compareOthers(booleans: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  const bool = fc.oneof(pick(null), booleans);
  const uuid = pick(v('u1'), v('$user.id'), UUIDS[1], 'not-a-uuid', UUIDS[0].toUpperCase(), v('t1'), null);
  return fc.oneof(
    fc.tuple(names(...equalities), bool, bool).map(([o, a, b]) => ({ [o]: [a, b] })),
    fc.tuple(names(...equalities), pick(v('u1')), uuid).map(([o, a, b]) => ({ [o]: [a, b] })),
    fc.tuple(names(...equalities), pick(v('t1'), v('n1'), v('d1'), v('ts1'), v('b1'), v('u1')), pick(null)).map(([o, a, b]) => ({ [o]: [b, a] })),
  );
}

function inOperations(num: fc.Arbitrary<Expr>, text: fc.Arbitrary<Expr>, date: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  const list = <T>(items: T[]) => fc.subarray([...items, null as T], { maxLength: 4 });
  return fc.oneof(
    fc.tuple(text, list(TEXTS)).map(([a, l]) => ({ in: [a, l] })),
    fc.tuple(num, list(NUMBERS)).map(([a, l]) => ({ in: [a, l] })),
    fc.tuple(orLiteral(date, DATES), list(DATES)).map(([a, l]) => ({ in: [a, l] })),
    fc.tuple(fc.oneof(text, pick(...TAGS, null)), listLeaf).map(([a, l]) => ({ in: [a, l] })),
    fc.tuple(fc.oneof(text, pick(null)), text).map(([a, b]) => ({ in: [a, b] })),
    fc.tuple(pick(v('u1')), fc.oneof(list(UUIDS), pick(v('$user.teams')))).map(([a, l]) => ({ in: [a, l] })),
  );
}

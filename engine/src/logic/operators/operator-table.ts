import type { Compiler, LogicNode, Operation } from '../compile/logic-node.ts';
import { compileVar } from '../compile/compile-var.ts';
import { compileDivide, compileMinMax, compileMinus, compileModulo, compilePlus, compileTimes } from './arithmetic.ts';
import { andOrCondition, andOrValue, compileNot, compileTruthy } from './boolean-ops.ts';
import { compileEquality } from './equality.ts';
import { ifCondition, ifValue } from './if-op.ts';
import { compileIn } from './in-op.ts';
import { compileOrdering } from './ordering.ts';
import { compileCat, compileSubstr } from './text-ops.ts';

export type OperatorCompiler = (c: Compiler, o: Operation) => LogicNode;

/** Every operator Loom accepts; anything else is refused with this list. */
const VALUE_OPERATORS: Record<string, OperatorCompiler> = {
  '==': compileEquality,
  '===': compileEquality,
  '!=': compileEquality,
  '!==': compileEquality,
  '<': compileOrdering,
  '<=': compileOrdering,
  '>': compileOrdering,
  '>=': compileOrdering,
  '!': compileNot,
  '!!': compileTruthy,
  and: andOrValue,
  or: andOrValue,
  if: ifValue,
  '?:': ifValue,
  in: compileIn,
  '+': compilePlus,
  '-': compileMinus,
  '*': compileTimes,
  '/': compileDivide,
  '%': compileModulo,
  min: compileMinMax,
  max: compileMinMax,
  cat: compileCat,
  substr: compileSubstr,
  var: compileVar,
};

/** Operators with a better form when only truthiness is asked for (no shared type needed). */
const CONDITION_OPERATORS: Record<string, OperatorCompiler> = {
  and: andOrCondition,
  or: andOrCondition,
  if: ifCondition,
  '?:': ifCondition,
};

export const SUPPORTED_OPERATORS: readonly string[] = Object.keys(VALUE_OPERATORS);

export function valueOperator(op: string): OperatorCompiler | undefined {
  return Object.hasOwn(VALUE_OPERATORS, op) ? VALUE_OPERATORS[op] : undefined;
}

export function conditionOperator(op: string): OperatorCompiler | undefined {
  return Object.hasOwn(CONDITION_OPERATORS, op) ? CONDITION_OPERATORS[op] : undefined;
}

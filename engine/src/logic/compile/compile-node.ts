import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { bindContext, isOperation } from '../bind-context.ts';
import { logicError } from '../logic-error.ts';
import type { LogicScope, LogicType } from '../types.ts';
import { conditionOperator, SUPPORTED_OPERATORS, valueOperator } from '../operators/operator-table.ts';
import { readOperation, type Compiler, type LogicNode } from './logic-node.ts';
import { constantNode } from './sql-fragments.ts';
import { truthy } from './truthiness.ts';
import { isCanonicalDate, isCanonicalDateTime } from './typing.ts';

/** Past this many SQL nodes (repeats counted) an expression is refused rather than sent. */
const MAX_SQL_SIZE = 20_000;

/** A compiler for one scope: `node` for values, `cond` for truthiness. */
export function createCompiler(scope: LogicScope): Compiler {
  const readsRecordCache = new WeakMap<object, boolean>();
  const compiler: Compiler = {
    scope,
    node: (expr, pointer) => compileNode(compiler, expr, pointer, readsRecordCache),
    cond: (expr, pointer) => compileCond(compiler, expr, pointer, readsRecordCache),
  };
  return compiler;
}

type Cache = WeakMap<object, boolean>;

function compileNode(c: Compiler, expr: unknown, pointer: string, cache: Cache): LogicNode {
  if (Array.isArray(expr)) return compileList(c, expr, pointer);
  if (typeof expr !== 'object' || expr === null) return compileLiteral(expr, pointer);
  if (!isOperation(expr)) throw logicError(pointer, 'an operation is an object with exactly one key, such as {"var": "amount"}');
  const o = readOperation(expr, pointer);
  const compile = valueOperator(o.op);
  if (!compile) throw logicError(pointer, `operator "${o.op}" is not supported; supported: ${SUPPORTED_OPERATORS.join(', ')}`);
  const node = compile(c, o);
  // Type-checked like any other sub-expression, but computed by json-logic-js itself.
  if (!readsRecord(expr, cache)) return fold(c, expr, node.type, pointer);
  return withinSize(node, pointer);
}

// and/or/if under a condition check their operands as conditions (no shared type needed),
// constant or not, so that reading a record field never changes what is accepted.
function compileCond(c: Compiler, expr: unknown, pointer: string, cache: Cache): LogicNode {
  const compile = isOperation(expr) ? conditionOperator(Object.keys(expr)[0]) : undefined;
  if (!compile) return truthy(c.node(expr, pointer));
  const node = compile(c, readOperation(expr as Record<string, unknown>, pointer));
  if (!readsRecord(expr, cache)) return constantNode(jsonLogic.truthy(evaluate(c, expr, pointer)), 'boolean');
  return withinSize(node, pointer);
}

function withinSize(node: LogicNode, pointer: string): LogicNode {
  if (node.size > MAX_SQL_SIZE) throw logicError(pointer, 'expression is too complex to translate to SQL (it would repeat sub-expressions too often)');
  return node;
}

function compileLiteral(value: unknown, pointer: string): LogicNode {
  if (value === null) return constantNode(null, 'null');
  if (typeof value === 'string') return constantNode(value, 'text');
  if (typeof value === 'boolean') return constantNode(value, 'boolean');
  if (typeof value === 'number' && Number.isFinite(value)) return constantNode(value, 'number');
  throw logicError(pointer, `${String(value)} is not a JSON value`);
}

/** A literal list is a value only as a list of texts (like a multi-select); see also `in`. */
function compileList(c: Compiler, list: unknown[], pointer: string): LogicNode {
  list.forEach((item, i) => {
    if (!c.node(item, `${pointer}/${i}`).constant) throw logicError(`${pointer}/${i}`, 'the items of a list must be constants');
  });
  const value = evaluate(c, list, pointer) as unknown[];
  if (!value.every((v) => typeof v === 'string')) {
    throw logicError(pointer, 'a list value must hold texts only (lists of other values belong in "in")');
  }
  return constantNode(value, 'array');
}

function fold(c: Compiler, expr: unknown, type: LogicType, pointer: string): LogicNode {
  const value = evaluate(c, expr, pointer);
  if (!fitsType(value, type)) throw logicError(pointer, `evaluates to ${JSON.stringify(value)}, which is not a ${type}`);
  return constantNode(value, type);
}

function evaluate(c: Compiler, expr: unknown, pointer: string): unknown {
  const bound = bindContext(expr, c.scope.context);
  try {
    return jsonLogic.apply(bound.logic as RulesLogic, bound.values);
  } catch (error) {
    throw logicError(pointer, `cannot evaluate: ${(error as Error).message}`);
  }
}

function fitsType(value: unknown, type: LogicType): boolean {
  if (value === null) return true;
  switch (type) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && isCanonicalDate(value);
    case 'datetime':
      return typeof value === 'string' && isCanonicalDateTime(value);
    case 'array':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'null':
      return false;
  }
}

/** Does the expression read the record? Only `var` paths not starting with "$" do. */
function readsRecord(expr: unknown, cache: Cache): boolean {
  if (typeof expr !== 'object' || expr === null) return false;
  const known = cache.get(expr);
  if (known !== undefined) return known;
  let reads: boolean;
  if (Array.isArray(expr)) reads = expr.some((item) => readsRecord(item, cache));
  else if (!isOperation(expr)) reads = false;
  else {
    const op = Object.keys(expr)[0];
    const raw = expr[op];
    const path = Array.isArray(raw) ? raw[0] : raw;
    reads = (op === 'var' && !(typeof path === 'string' && path.startsWith('$'))) || readsRecord(raw, cache);
  }
  cache.set(expr, reads);
  return reads;
}

import { sql } from 'kysely';
import { contextVarType } from '../context-vars.ts';
import { logicError } from '../logic-error.ts';
import type { LogicOperand, LogicType } from '../types.ts';
import { makeNode, type Compiler, type LogicNode, type Operation } from './logic-node.ts';
import { typedNull } from './sql-fragments.ts';
import { unify } from './typing.ts';

/**
 * `var` with a literal path and an optional literal default. A record field comes from the
 * scope; a context variable ("$…") gets its type here and its value when the compiler folds it.
 * The default only applies to absent keys: record fields are always present in the logic view
 * (null when empty), so for them it is checked but never used — in SQL and in json-logic-js.
 */
export function compileVar(c: Compiler, o: Operation): LogicNode {
  if (o.args.length > 2) throw logicError(o.pointer, '"var" takes a path and an optional default');
  const path = o.args[0];
  if (typeof path !== 'string' && typeof path !== 'number') {
    throw logicError(o.pointers[0] ?? o.pointer, 'the path of "var" must be a literal such as "amount"');
  }
  const name = String(path);
  if (name === '') throw logicError(o.pointer, '"var" needs a field name (the whole record is not a value)');
  const node = name.startsWith('$') ? contextNode(c, name, o.pointer) : fieldNode(c, name, o.pointer);
  if (o.args.length === 2) checkDefault(c, o, node);
  return node;
}

function fieldNode(c: Compiler, name: string, pointer: string): LogicNode {
  const field: LogicOperand | undefined = c.scope.resolveVar(name);
  if (!field) throw logicError(pointer, `unknown field "${name}"`);
  const shape = { type: field.type, nullable: true, leaf: true, special: field.type === 'number' && field.nonFinite === true };
  // A multi-select is never null in the logic view ([] when empty): make SQL say the same.
  if (field.type === 'array') return makeNode({ ...shape, nullable: false }, [], sql`coalesce(${field.sql}, '{}'::text[])`);
  if (field.type === 'number') return makeNode(shape, [], asNumeric(field));
  if (field.sqlType === 'uuid') return { ...makeNode(shape, [], sql`(${field.sql})::text`), uuid: field.sql };
  return makeNode(shape, [], field.sql);
}

// Arithmetic is numeric. On a numeric column the cast is a no-op an index still serves; a
// double goes through its shortest exact text (PostgreSQL's float8 → numeric keeps 15 digits).
function asNumeric(field: LogicOperand) {
  const float = field.sqlType === 'double precision' || field.sqlType === 'real' || field.sqlType === 'float8' || field.sqlType === 'float4';
  return float ? sql`(${field.sql})::text::numeric` : sql`(${field.sql})::numeric`;
}

// A placeholder with the right type: the compiler replaces it with the folded value.
function contextNode(c: Compiler, name: string, pointer: string): LogicNode {
  const typing = contextVarType(name, c.scope);
  if ('error' in typing) throw logicError(pointer, typing.error);
  return placeholder(typing.type);
}

function placeholder(type: LogicType): LogicNode {
  return makeNode({ type, nullable: true, leaf: true }, [], typedNull(type));
}

function checkDefault(c: Compiler, o: Operation, node: LogicNode): void {
  const fallback = o.args[1];
  if (typeof fallback === 'object' && fallback !== null && !Array.isArray(fallback)) {
    throw logicError(o.pointers[1], 'the default of "var" must be a literal');
  }
  const value = c.node(fallback, o.pointers[1]);
  unify([node, value], o.pointers[1], (a, b) => `the default of a ${a} must be a ${a}, not ${b}`);
}

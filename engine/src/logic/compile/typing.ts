import type { LogicType } from '../types.ts';
import { logicError } from '../logic-error.ts';
import type { LogicNode } from './logic-node.ts';
import { param, typedNull } from './sql-fragments.ts';

/**
 * Static typing. Each operand has one LogicType; operators accept only combinations whose
 * json-logic-js meaning SQL reproduces exactly. Text literals are the one implicit conversion:
 * a canonical date or datetime string next to a date/datetime operand is read as one, since
 * json-logic-js then compares the two strings and canonical strings order like the instants.
 */
export function describeType(type: LogicType): string {
  return type === 'array' ? 'list' : type;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isCanonicalDate(value: string): boolean {
  return DATE.test(value) && safeIso(value + 'T00:00:00.000Z')?.slice(0, 10) === value;
}

/** 'YYYY-MM-DDTHH:mm:ss.sssZ' exactly, as `Date.toISOString` writes it (so string order = time order). */
export function isCanonicalDateTime(value: string): boolean {
  return DATETIME.test(value) && safeIso(value) === value;
}

function safeIso(value: string): string | undefined {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function isDateText(node: LogicNode, target: 'date' | 'datetime'): boolean {
  const value = node.constant?.value;
  return value === null || (typeof value === 'string' && (target === 'date' ? isCanonicalDate(value) : isCanonicalDateTime(value)));
}

export function isTextConstant(node: LogicNode): boolean {
  return node.type === 'text' && node.constant !== undefined;
}

/** Reads a text constant as a date or datetime; anything else is a mistake worth reporting. */
export function coerceText(node: LogicNode, target: 'date' | 'datetime', pointer: string): LogicNode {
  const value = node.constant?.value;
  if (value === null) return { ...node, type: target, sql: typedNull(target) };
  const ok = typeof value === 'string' && (target === 'date' ? isCanonicalDate(value) : isCanonicalDateTime(value));
  if (!ok) {
    const format = target === 'date' ? 'a date (YYYY-MM-DD)' : 'a datetime (YYYY-MM-DDTHH:mm:ss.sssZ)';
    throw logicError(pointer, `${JSON.stringify(value)} is not ${format}`);
  }
  return { ...node, type: target, sql: param(value, target) };
}

/** Retypes the null literal as `target`, so SQL sees one type in CASE branches and lists. */
export function retypeNull(node: LogicNode, target: LogicType): LogicNode {
  return { ...node, type: target, nullable: true, leaf: true, sql: typedNull(target) };
}

export interface Unified {
  type: LogicType;
  nodes: LogicNode[];
}

/**
 * One type for operands that must agree (==, in, if branches, and/or values). `mismatch`
 * phrases the error, e.g. (a, b) => `cannot compare ${a} with ${b}`. `folded` says the caller's
 * result is computed by json-logic-js (all operands constant): a text constant that is not a
 * date then needs no SQL type, e.g. {"==": [{"var": "$today"}, {"var": "$user.id"}]}.
 */
export function unify(nodes: readonly LogicNode[], pointer: string, mismatch: (a: string, b: string) => string, folded = false): Unified {
  const target = pickTarget(nodes);
  const out = nodes.map((node) => {
    if (node.type === target) return node;
    if (node.type === 'null') return retypeNull(node, target);
    if (isTextConstant(node) && (target === 'date' || target === 'datetime')) {
      return folded && !isDateText(node, target) ? node : coerceText(node, target, pointer);
    }
    const first = nodes[0].type === 'null' ? target : nodes[0].type;
    const other = first === node.type ? target : node.type;
    throw logicError(pointer, mismatch(describeType(first), describeType(other)));
  });
  return { type: target, nodes: out };
}

function pickTarget(nodes: readonly LogicNode[]): LogicType {
  const firm = nodes.find((n) => n.type !== 'null' && !isTextConstant(n));
  return firm?.type ?? nodes.find((n) => n.type !== 'null')?.type ?? 'null';
}

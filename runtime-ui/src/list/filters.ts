import type { UiField, LogicExpression } from '@loom/metadata';
import { filterEditorFor, isMultiValued } from '../fields/field-traits.ts';
import type { FilterKind } from '../fields/field-type.ts';

/**
 * The list's filter builder works on clauses, one per field; each compiles to JSON Logic
 * (sent as `filter`, ANDed with the view's own filter) and back, so a saved view's filter
 * reopens as the same chips.
 */
export type FilterClause =
  | { readonly kind: 'contains'; readonly path: string; readonly text: string }
  | { readonly kind: 'oneOf'; readonly path: string; readonly values: readonly string[] }
  | { readonly kind: 'range'; readonly path: string; readonly min?: string; readonly max?: string }
  | { readonly kind: 'flag'; readonly path: string; readonly value: boolean }
  | { readonly kind: 'ref'; readonly path: string; readonly id: string; readonly title: string }
  | { readonly kind: 'raw'; readonly path: ''; readonly logic: LogicExpression };

export type ClauseKind = Exclude<FilterClause['kind'], 'raw'> & FilterKind;

/** The kind of clause a field takes in the builder (from the field registry), or undefined when it cannot be filtered. */
export function clauseKindFor(field: UiField): ClauseKind | undefined {
  return filterEditorFor(field)?.kind;
}

export function isEmptyClause(clause: FilterClause): boolean {
  switch (clause.kind) {
    case 'contains':
      return clause.text.trim() === '';
    case 'oneOf':
      return clause.values.length === 0;
    case 'range':
      return !clause.min && !clause.max;
    case 'ref':
      return !clause.id;
    default:
      return false;
  }
}

/** A range bound as sent: a number, a date, or a date-time at the start or end of the day picked. */
function rangeValue(field: UiField | undefined, raw: string, end = false): string | number {
  const editor = field ? filterEditorFor(field) : undefined;
  return editor?.bound ? editor.bound(raw, end) : raw;
}

export function clauseToLogic(clause: FilterClause, field: UiField | undefined): LogicExpression | undefined {
  if (clause.kind === 'raw') return clause.logic;
  if (isEmptyClause(clause)) return undefined;
  const variable = { var: clause.path };
  switch (clause.kind) {
    case 'contains':
      return { in: [clause.text.trim(), variable] };
    case 'oneOf':
      if (isMultiValued(field)) {
        const parts = clause.values.map((value) => ({ in: [value, variable] }));
        return parts.length === 1 ? parts[0] : { or: parts };
      }
      return { in: [variable, [...clause.values]] };
    case 'range': {
      const parts: LogicExpression[] = [];
      if (clause.min) parts.push({ '>=': [variable, rangeValue(field, clause.min)] });
      if (clause.max) parts.push({ '<=': [variable, rangeValue(field, clause.max, true)] });
      return parts.length === 1 ? parts[0] : { and: parts };
    }
    case 'flag':
      return { '==': [variable, clause.value] };
    case 'ref':
      return { '==': [variable, clause.id] };
  }
}

/** The `filter` parameter: the view's filter and every clause, ANDed; undefined when none. */
export function combineFilters(
  viewFilter: LogicExpression | undefined,
  clauses: readonly FilterClause[],
  fieldAt: (path: string) => UiField | undefined,
): LogicExpression | undefined {
  const parts: LogicExpression[] = [];
  if (viewFilter !== undefined) parts.push(viewFilter);
  for (const clause of clauses) {
    const logic = clauseToLogic(clause, fieldAt(clause.path));
    if (logic !== undefined) parts.push(logic);
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}

/** The user's clauses alone, as stored in a saved view. */
export function clausesToLogic(clauses: readonly FilterClause[], fieldAt: (path: string) => UiField | undefined): LogicExpression | undefined {
  return combineFilters(undefined, clauses, fieldAt);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const varPath = (v: unknown): string | undefined => (isObj(v) && typeof v.var === 'string' ? v.var : undefined);
const bound = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : typeof v === 'number' ? String(v) : undefined);

/** Reads one clause back from its JSON Logic (anything else becomes a raw clause). */
function logicToClause(logic: LogicExpression, fieldAt: (path: string) => UiField | undefined): FilterClause {
  const raw: FilterClause = { kind: 'raw', path: '', logic };
  if (!isObj(logic)) return raw;
  const [op] = Object.keys(logic);
  const args = logic[op];
  if (!Array.isArray(args)) return raw;
  if (op === 'in' && typeof args[0] === 'string' && varPath(args[1])) {
    const path = varPath(args[1])!;
    return isMultiValued(fieldAt(path)) ? { kind: 'oneOf', path, values: [args[0]] } : { kind: 'contains', path, text: args[0] };
  }
  if (op === 'in' && varPath(args[0]) && Array.isArray(args[1])) return { kind: 'oneOf', path: varPath(args[0])!, values: args[1].map(String) };
  if (op === 'or' && args.every((a) => isObj(a) && Array.isArray(a.in) && typeof a.in[0] === 'string' && varPath(a.in[1]))) {
    const paths = new Set(args.map((a) => varPath(((a as Obj).in as unknown[])[1])));
    if (paths.size === 1) return { kind: 'oneOf', path: [...paths][0]!, values: args.map((a) => String(((a as Obj).in as unknown[])[0])) };
  }
  if (op === '==' && varPath(args[0])) {
    const path = varPath(args[0])!;
    if (typeof args[1] === 'boolean') return { kind: 'flag', path, value: args[1] };
    if (typeof args[1] === 'string') return { kind: 'ref', path, id: args[1], title: args[1] };
  }
  if ((op === '>=' || op === '<=') && varPath(args[0])) {
    const path = varPath(args[0])!;
    return op === '>=' ? { kind: 'range', path, min: bound(args[1]) } : { kind: 'range', path, max: bound(args[1]) };
  }
  if (op === 'and' && args.length === 2) {
    const [a, b] = args.map((x) => logicToClause(x as LogicExpression, fieldAt));
    if (a.kind === 'range' && b.kind === 'range' && a.path === b.path) return { kind: 'range', path: a.path, min: a.min ?? b.min, max: b.max ?? a.max };
  }
  return raw;
}

export function logicToClauses(logic: unknown, fieldAt: (path: string) => UiField | undefined): FilterClause[] {
  if (logic === undefined || logic === null) return [];
  const expression = logic as LogicExpression;
  if (isObj(expression) && Array.isArray(expression.and)) {
    const single = logicToClause(expression, fieldAt);
    if (single.kind === 'range') return [single];
    return (expression.and as LogicExpression[]).map((part) => logicToClause(part, fieldAt));
  }
  return [logicToClause(expression, fieldAt)];
}

import type { LogicExpression, UiEntity, UiField } from '@loom/metadata';
import jsonLogic from 'json-logic-js';
import { logicData, type RuleContext } from './form-rules.ts';
import { fitsInLines, isEnteredNumber, isFormulaField, isMoneyField, isRollupField } from '../fields/field-traits.ts';

export type Row = Record<string, unknown>;

/** A key of a field definition that the bundle copies but the UiField type does not name. */
export function fieldExtra<T = unknown>(field: UiField | undefined, key: string): T | undefined {
  return (field as unknown as Record<string, T> | undefined)?.[key];
}

/** The columns of a lines table: the child's fields except system ones and the lookup back to the parent. */
export function lineColumns(child: UiEntity, via: string | undefined): UiField[] {
  return child.fieldOrder.map((name) => child.fields[name]).filter((f): f is UiField => !!f && !f.system && f.name !== via && fitsInLines(f));
}

/** A number from a field value (numbers, decimal strings, money objects); null when empty. */
export function numeric(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object') return numeric((value as { amount?: unknown }).amount);
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The row with its formula fields computed in the browser (when the bundle carries their `expr`). */
export function computeRow(child: UiEntity, row: Row, ctx: RuleContext): Row {
  const formulas = Object.values(child.fields).filter((f) => isFormulaField(f) && fieldExtra(f, 'expr') !== undefined);
  if (!formulas.length) return row;
  const facts = logicData(child, row, ctx);
  const out: Row = { ...row };
  for (const f of formulas) {
    try {
      const value = jsonLogic.apply(fieldExtra<LogicExpression>(f, 'expr') as never, facts);
      out[f.name] = f.result === 'number' ? (Number.isFinite(Number(value)) && value !== null ? Number(value) : null) : value;
    } catch {
      out[f.name] = null;
    }
  }
  return out;
}

/**
 * The columns worth a total under the table: money and computed numbers always, and any
 * numeric child field that the parent sums in a rollup (the parent's total is made of it).
 */
export function totalColumns(parent: UiEntity | undefined, child: UiEntity, columns: readonly UiField[]): string[] {
  const rolled = new Set<string>();
  for (const f of Object.values(parent?.fields ?? {})) {
    if (isRollupField(f) && f.entity === child.name && fieldExtra(f, 'fn') === 'sum') rolled.add(String(fieldExtra(f, 'field')));
  }
  return columns
    .filter((c) => isMoneyField(c) || (isFormulaField(c) && c.result === 'number') || (isEnteredNumber(c) && rolled.has(c.name)))
    .map((c) => c.name);
}

/** Sums of the given columns over the rows; a money column keeps the first row's currency. */
export function sumColumns(rows: readonly Row[], names: readonly string[]): Record<string, { sum: number; currency?: string }> {
  const out: Record<string, { sum: number; currency?: string }> = {};
  for (const name of names) {
    let sum = 0;
    let currency: string | undefined;
    for (const row of rows) {
      const v = row[name];
      sum += numeric(v) ?? 0;
      if (!currency && v && typeof v === 'object') currency = (v as { currency?: string }).currency;
    }
    out[name] = { sum: Math.round(sum * 1e6) / 1e6, currency };
  }
  return out;
}

/** A new row: the child's defaults for the given columns. */
export function newRow(columns: readonly UiField[]): Row {
  const row: Row = {};
  for (const c of columns) if (c.default !== undefined && !c.readOnly) row[c.name] = c.default;
  return row;
}

/**
 * A parent's rollup over the rows being edited (sum, count, avg, min, max of a child
 * field), so totals follow the table before saving. Undefined when the bundle does not
 * say how the rollup is made (`fn`, `field`) or it is filtered (only the server knows).
 */
export function liveRollup(rollup: UiField, child: UiEntity, rows: readonly Row[], ctx: RuleContext): number | null | undefined {
  const fn = fieldExtra<string>(rollup, 'fn');
  const name = fieldExtra<string>(rollup, 'field');
  if (!fn || fieldExtra(rollup, 'filter') !== undefined) return undefined;
  if (fn === 'count') return rows.length;
  if (!name) return undefined;
  const values = rows.map((r) => numeric(computeRow(child, r, ctx)[name])).filter((v): v is number => v !== null);
  if (!values.length) return fn === 'sum' ? 0 : null;
  const sum = values.reduce((a, b) => a + b, 0);
  const result = fn === 'sum' ? sum : fn === 'avg' ? sum / values.length : fn === 'min' ? Math.min(...values) : fn === 'max' ? Math.max(...values) : undefined;
  return result === undefined ? undefined : Math.round(result * 1e6) / 1e6;
}

import { describe, expect, it } from 'vitest';
import type { UiField } from '@loom/metadata';
import { field } from '../__tests__/test-bundle.ts';
import { clauseKindFor, clauseToLogic } from '../list/filters.ts';
import { columnWidthOf, filterEditorFor, fitsInLists, isNumericField, isReferenceField, isWideField, widgetNameOf } from './field-traits.ts';

const formula = (result: string) => ({ ...field('f', 'formula', { readOnly: true, result }), expr: { var: 'x' } }) as UiField;

describe('field traits from the registry', () => {
  it('gives each type its filter editor; fields without a column cannot be filtered, except multiselects', () => {
    expect(clauseKindFor(field('t', 'text'))).toBe('contains');
    expect(clauseKindFor(field('s', 'select'))).toBe('oneOf');
    expect(clauseKindFor(field('m', 'money'))).toBe('range');
    expect(clauseKindFor(field('b', 'boolean'))).toBe('flag');
    expect(clauseKindFor(field('u', 'user'))).toBe('ref');
    expect(clauseKindFor(formula('date'))).toBe('range');
    expect(clauseKindFor(formula('boolean'))).toBe('flag');
    expect(clauseKindFor(field('g', 'geo'))).toBeUndefined();
    expect(clauseKindFor(field('t', 'text', { sortable: false }))).toBeUndefined();
    expect(clauseKindFor(field('m', 'multiselect', { sortable: false }))).toBe('oneOf');
    expect(filterEditorFor(field('d', 'datetime'))?.input).toBe('date');
  });

  it('sends range bounds as the type reads them: numbers, dates, whole days of date-times', () => {
    expect(clauseToLogic({ kind: 'range', path: 'm', min: '100', max: '200' }, field('m', 'money'))).toEqual({
      and: [{ '>=': [{ var: 'm' }, 100] }, { '<=': [{ var: 'm' }, 200] }],
    });
    expect(clauseToLogic({ kind: 'range', path: 'd', min: '2026-01-01' }, field('d', 'date'))).toEqual({ '>=': [{ var: 'd' }, '2026-01-01'] });
    expect(clauseToLogic({ kind: 'range', path: 'd', max: '2026-01-01' }, field('d', 'datetime'))).toEqual({
      '<=': [{ var: 'd' }, '2026-01-01T23:59:59.999Z'],
    });
    expect(clauseToLogic({ kind: 'oneOf', path: 'm', values: ['a', 'b'] }, field('m', 'multiselect'))).toEqual({
      or: [{ in: ['a', { var: 'm' }] }, { in: ['b', { var: 'm' }] }],
    });
  });

  it('knows references, numbers, widths, widgets and what fits a list cell or a whole form row', () => {
    expect(isReferenceField(field('l', 'lookup'))).toBe(true);
    expect(isReferenceField(field('t', 'text'))).toBe(false);
    expect(isNumericField(field('p', 'percent'))).toBe(true);
    expect(isNumericField(formula('number'))).toBe(true);
    expect(isNumericField(formula('text'))).toBe(false);
    expect(fitsInLists(field('r', 'richtext'))).toBe(false);
    expect(isWideField(field('l', 'lines'))).toBe(true);
    expect(isWideField(field('t', 'text'))).toBe(false);
    expect(widgetNameOf(field('i', 'image'))).toBe('image');
    expect(widgetNameOf(field('x', 'someday-type' as UiField['type']))).toBe('text');
    expect(columnWidthOf(field('m', 'money'))).toBe(130);
    expect(columnWidthOf(field('s', 'select', { options: [{ value: 'a', label: '非常非常长的选项名称' }] }))).toBe(192);
  });
});

import { describe, expect, it } from 'vitest';
import { makeFormatters } from '../fields/formatters.ts';
import { dimensionText, formatMeasure, formatTick } from './report-format.ts';

const en = makeFormatters('en');
const zh = makeFormatters('zh-CN');

describe('report values per locale', () => {
  it('money with its currency, shares as percentages, counts whole, dates as dates', () => {
    expect(formatMeasure(en, { type: 'money', currency: 'CNY' }, 1234.5)).toBe('CN¥1,234.50');
    expect(formatMeasure(zh, { type: 'money', currency: 'CNY' }, 1234.5)).toBe('¥1,234.50');
    expect(formatMeasure(en, { type: 'percent' }, 0.2537)).toBe('25.4%');
    expect(formatMeasure(en, { type: 'integer' }, 1234)).toBe('1,234');
    expect(formatMeasure(en, { type: 'number' }, 3.14159)).toBe('3.14');
    expect(formatMeasure(en, { type: 'date' }, '2026-03-01')).toBe('Mar 1, 2026');
    expect(formatMeasure(zh, { type: 'date' }, '2026-03-01')).toBe('2026年3月1日');
    expect(formatMeasure(en, { type: 'money', currency: 'CNY' }, null)).toBe('—');
  });

  it('axis ticks are short in each language', () => {
    expect(formatTick(en, 'money', 120000)).toBe('120K');
    expect(formatTick(zh, 'money', 120000)).toBe('12万');
    expect(formatTick(en, 'percent', 0.5)).toBe('50%');
  });

  it('a dimension reads as its label, else its value, else a dash', () => {
    const row = { stage: 'won', owner: null, $label: { stage: 'Won' }, $drill: {} };
    expect(dimensionText(row, 'stage')).toBe('Won');
    expect(dimensionText({ ...row, $label: {} }, 'stage')).toBe('won');
    expect(dimensionText(row, 'owner')).toBe('—');
  });
});

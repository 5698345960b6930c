import { describe, expect, it } from 'vitest';
import { formValues, paramText, rangeOf, withParam } from './report-params.ts';
import { validateReportSearch } from './report-search.ts';
import { paretoAnswer } from './report-test-answers.ts';

describe('report parameters in the address', () => {
  it('keeps text values of sane names, numbers and booleans as text, drops the rest', () => {
    expect(validateReportSearch({ period: '2026-01-01..2026-02-01', n: 5, on: true, 'bad name': 'x', obj: { a: 1 }, empty: '' })).toEqual({
      period: '2026-01-01..2026-02-01',
      n: '5',
      on: 'true',
    });
  });

  it('writes a range as from..to with open ends, a list comma-separated', () => {
    expect(paramText({ type: 'dateRange' }, { from: '2026-01-01', to: '2026-02-01' })).toBe('2026-01-01..2026-02-01');
    expect(paramText({ type: 'dateRange' }, { to: '2026-02-01' })).toBe('..2026-02-01');
    expect(paramText({ type: 'dateRange' }, {})).toBe('');
    expect(paramText({ type: 'select' }, ['a', 'b'])).toBe('a,b');
    expect(paramText({ type: 'user' }, null)).toBe('');
    expect(rangeOf('..2026-02-01')).toEqual({ to: '2026-02-01' });
  });

  it('the form shows the address value, else the default the answer was computed with', () => {
    expect(formValues(paretoAnswer.params, {})).toEqual({ period: '2025-12-03..2026-12-03' });
    expect(formValues(paretoAnswer.params, { period: '2026-01-01..' })).toEqual({ period: '2026-01-01..' });
  });

  it('a cleared value leaves the address (the default applies again)', () => {
    expect(withParam({ period: 'x', grade: 'A' }, 'grade', '')).toEqual({ period: 'x' });
    expect(withParam({}, 'grade', 'B')).toEqual({ grade: 'B' });
  });
});

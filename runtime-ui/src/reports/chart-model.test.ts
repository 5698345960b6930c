import { describe, expect, it } from 'vitest';
import { makeFormatters } from '../fields/formatters.ts';
import { chartModel } from './chart-model.ts';
import { funnelAnswer, paretoAnswer, pivotAnswer } from './report-test-answers.ts';

const format = makeFormatters('en');
type Series = { type: string; name: string; data: unknown[]; yAxisIndex?: number; stack?: string; tooltip: { valueFormatter(v: unknown): string } };
type Option = { series: Series[]; xAxis: { data: string[] }; yAxis: unknown[]; tooltip: { formatter?(p: { dataIndex: number }): string } };
const optionOf = (answer: Parameters<typeof chartModel>[0]) => chartModel(answer, format)!.option as unknown as Option;

describe('chartModel', () => {
  it('draws a bar per category, a count beside amounts on its own axis as a line, values formatted for the tooltip', () => {
    const option = optionOf(funnelAnswer);
    expect(option.xAxis.data).toEqual(['Lead', 'Won <b>']);
    expect(option.yAxis).toHaveLength(2);
    expect(option.series.map((s) => [s.type, s.name, s.data, s.yAxisIndex])).toEqual([
      ['bar', 'Opportunities', [4, 3], 0],
      ['line', 'Amount', [328000, 490200], 1],
    ]);
    expect(option.series[1].tooltip.valueFormatter(328000)).toBe('CN¥328,000.00');
    expect(option.series[0].tooltip.valueFormatter(null)).toBe('—');
  });

  it('maps a clicked bar and a clicked category back to its row (whose $drill lists its records)', () => {
    const model = chartModel(funnelAnswer, format)!;
    expect(model.rowAt(0, 1)?.$drill).toEqual({ '==': [{ var: 'stage' }, 'won'] });
    expect(model.categoryRow?.(0)?.stage).toBe('lead');
    expect(model.rowAt(0, 5)).toBeUndefined();
  });

  it('draws the 80/20 curve as a line on a percent axis over the amounts', () => {
    const option = optionOf(paretoAnswer);
    expect(option.series.map((s) => [s.type, s.yAxisIndex])).toEqual([
      ['bar', 0],
      ['line', 1],
    ]);
    expect(option.series[1].tooltip.valueFormatter(0.8)).toBe('80%');
  });

  it('pivots: one stacked series per value of the second dimension, missing cells empty, each cell its own row', () => {
    const model = chartModel(pivotAnswer, format)!;
    const option = model.option as unknown as Option;
    expect(option.xAxis.data).toEqual(['Jan 2026', 'Feb 2026']);
    expect(option.series.map((s) => [s.name, s.data, s.stack])).toEqual([
      ['A', [10, null], 'total'],
      ['B', [20, 5], 'total'],
    ]);
    expect(model.rowAt(1, 1)?.$drill).toEqual({ m: 2, c: 'b' });
    expect(model.rowAt(0, 1)).toBeUndefined();
  });

  it('pie and funnel: a slice per row; the tooltip lists every measure and escapes labels', () => {
    const model = chartModel({ ...funnelAnswer, chart: { ...funnelAnswer.chart, type: 'funnel' } }, format)!;
    const option = model.option as unknown as Option & { series: [{ data: { name: string; value: number }[]; sort: string }] };
    expect(option.series[0].data).toEqual([
      { name: 'Lead', value: 4 },
      { name: 'Won <b>', value: 3 },
    ]);
    expect(option.series[0].sort).toBe('none');
    expect(option.tooltip.formatter!({ dataIndex: 1 })).toBe('<b>Won &#60;b&#62;</b><br/>Opportunities: <b>3</b><br/>Amount: <b>CN¥490,200.00</b>');
    expect(model.rowAt(0, 0)?.stage).toBe('lead');
  });

  it('a table report, or one without a dimension, has no chart', () => {
    expect(chartModel({ ...funnelAnswer, chart: { ...funnelAnswer.chart, type: 'table' } }, format)).toBeUndefined();
    expect(chartModel({ ...funnelAnswer, chart: { type: 'bar', series: ['count'] } }, format)).toBeUndefined();
  });
});

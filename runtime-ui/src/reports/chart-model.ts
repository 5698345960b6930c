import type { EChartsCoreOption } from 'echarts/core';
import type { Formatters } from '../fields/formatters.ts';
import { dimensionText, formatMeasure, formatTick, unitOf, type MeasureUnit } from './report-format.ts';
import type { ReportAnswer, ReportColumn, ReportRow } from './reports-api.ts';

/**
 * How a report answer is drawn: the ECharts option (no ECharts code here, so this is plain
 * data and testable) and, for a click, which answer row a drawn item stands for — its
 * `$drill` opens the list of exactly those records. Undefined when the report is a table,
 * or has nothing to chart (no dimension, no numeric measure).
 */
export interface ChartModel {
  readonly option: EChartsCoreOption;
  /** The row behind series `seriesIndex`'s item `dataIndex`. */
  rowAt(seriesIndex: number, dataIndex: number): ReportRow | undefined;
  /** The row behind the x-axis category `index` (bar and line charts with one row per category). */
  categoryRow?(index: number): ReportRow | undefined;
}

export const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#f97316', '#64748b', '#ec4899'];
const FONT = "'Inter Variable', Inter, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Measure {
  readonly column: ReportColumn;
  readonly unit: MeasureUnit;
}

function measuresOf(answer: ReportAnswer): Measure[] {
  const byKey = new Map(answer.columns.map((c) => [c.key, c]));
  return answer.chart.series
    .map((key) => byKey.get(key))
    .filter((c): c is ReportColumn => c !== undefined && c.role === 'measure')
    .map((column) => ({ column, unit: unitOf(column) }))
    .filter((m) => m.unit !== 'date');
}

const numeric = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** "Label: value" lines of a row's measures, for an item's tooltip (labels escaped: they are data). */
function rowTooltip(format: Formatters, answer: ReportAnswer, row: ReportRow, x: string): string {
  const lines = answer.columns.filter((c) => c.role === 'measure').map((c) => `${escape(c.label)}: <b>${escape(formatMeasure(format, c, row[c.key]))}</b>`);
  return [`<b>${escape(dimensionText(row, x))}</b>`, ...lines].join('<br/>');
}

const base = (narrow: boolean) => ({
  color: PALETTE,
  textStyle: { fontFamily: FONT, fontSize: narrow ? 11 : 12, color: '#475467' },
  animationDuration: 300,
});

export function chartModel(answer: ReportAnswer, format: Formatters, options: { narrow?: boolean } = {}): ChartModel | undefined {
  const { chart, rows } = answer;
  const x = chart.x;
  const measures = measuresOf(answer);
  if (chart.type === 'table' || !x || measures.length === 0) return undefined;
  const narrow = options.narrow === true;
  const typed = rows as readonly ReportRow[];
  if (chart.type === 'pie' || chart.type === 'funnel') return sliceChart(answer, typed, x, measures[0], format, narrow);
  if (chart.pivot) return pivotChart(answer, typed, x, chart.pivot.by, measures[0], format, narrow);
  return axisChart(answer, typed, x, measures, format, narrow);
}

function sliceChart(answer: ReportAnswer, rows: readonly ReportRow[], x: string, measure: Measure, format: Formatters, narrow: boolean): ChartModel {
  const funnel = answer.chart.type === 'funnel';
  const data = rows.map((row) => ({ name: dimensionText(row, x), value: numeric(row[measure.column.key]) ?? 0 }));
  const series = funnel
    ? {
        type: 'funnel',
        name: measure.column.label,
        data,
        sort: 'none',
        gap: 2,
        left: narrow ? '4%' : '10%',
        right: narrow ? '4%' : '10%',
        top: 8,
        bottom: 8,
        minSize: '12%',
        label: { show: true, position: 'inside', color: '#fff', fontWeight: 600, formatter: '{b}' },
        itemStyle: { borderWidth: 0 },
      }
    : {
        type: 'pie',
        name: measure.column.label,
        data,
        radius: narrow ? ['32%', '58%'] : ['38%', '66%'],
        center: ['50%', '46%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: !narrow, formatter: '{b}  {d}%' },
      };
  return {
    option: {
      ...base(narrow),
      tooltip: { trigger: 'item', confine: true, formatter: (p: { dataIndex: number }) => rowTooltip(format, answer, rows[p.dataIndex], x) },
      legend: funnel ? { show: false } : { type: 'scroll', bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8 },
      series: [series],
    },
    rowAt: (_series, index) => rows[index],
  };
}

/** Which values share a y axis: amounts (money and plain numbers), counts, shares. */
type AxisClass = 'amount' | 'count' | 'percent';
const axisClass = (unit: MeasureUnit): AxisClass => (unit === 'percent' ? 'percent' : unit === 'count' ? 'count' : 'amount');

/** Axes by class: the first measure's on the left, any other class on the right (at most two). */
function axesOf(measures: readonly Measure[], format: Formatters, narrow: boolean) {
  const classes = [...new Set(measures.map((m) => axisClass(m.unit)))].slice(0, 2);
  const yAxis = classes.map((kind, i) => ({
    type: 'value',
    position: i === 0 ? 'left' : 'right',
    splitLine: { show: i === 0, lineStyle: { color: '#eef0f3' } },
    axisLabel: { formatter: (v: number) => formatTick(format, kind === 'percent' ? 'percent' : 'number', v), fontSize: narrow ? 10 : 11 },
    ...(kind === 'percent' ? { max: (e: { max: number }) => Math.max(1, e.max) } : kind === 'count' ? { minInterval: 1 } : {}),
  }));
  const axisIndex = (unit: MeasureUnit) => {
    const i = classes.indexOf(axisClass(unit));
    return i === -1 ? classes.length - 1 : i;
  };
  return { yAxis, axisIndex };
}

const categoryAxis = (categories: readonly string[], narrow: boolean) => ({
  type: 'category',
  data: categories,
  axisTick: { alignWithLabel: true },
  axisLine: { lineStyle: { color: '#d0d5dd' } },
  // On a phone, more than four categories lean so that more of their names fit.
  axisLabel: {
    hideOverlap: true,
    fontSize: narrow ? 10 : 11,
    width: narrow ? 64 : 110,
    overflow: 'truncate',
    rotate: narrow && categories.length > 4 ? 35 : 0,
  },
});

const grid = (narrow: boolean, legend: boolean) => ({
  left: narrow ? 4 : 8,
  right: narrow ? 4 : 12,
  top: 16,
  bottom: legend ? 36 : 8,
  containLabel: true,
});

function axisChart(answer: ReportAnswer, rows: readonly ReportRow[], x: string, measures: readonly Measure[], format: Formatters, narrow: boolean): ChartModel {
  const { chart } = answer;
  const { yAxis, axisIndex } = axesOf(measures, format, narrow);
  const series = measures.map((m) => {
    // What a bar chart measures on its second axis (a count beside amounts, the 80/20 curve's
    // cumulative share) is drawn as a line, so bars of different scales never stand side by side.
    const line = chart.type === 'line' || axisIndex(m.unit) > 0;
    return {
      type: line ? 'line' : 'bar',
      name: m.column.label,
      yAxisIndex: axisIndex(m.unit),
      data: rows.map((row) => numeric(row[m.column.key])),
      ...(line ? { smooth: false, symbolSize: 6, showSymbol: rows.length <= 24 } : { barMaxWidth: 36 }),
      ...(chart.stacked && !line && axisIndex(m.unit) === 0 ? { stack: 'total' } : {}),
      tooltip: { valueFormatter: (v: unknown) => formatMeasure(format, m.column, v) },
      emphasis: { focus: 'series' },
    };
  });
  const legend = measures.length > 1;
  return {
    option: {
      ...base(narrow),
      grid: grid(narrow, legend),
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: chart.type === 'line' ? 'line' : 'shadow' } },
      legend: legend ? { type: 'scroll', bottom: 0, itemWidth: 12, itemHeight: 8 } : { show: false },
      xAxis: categoryAxis(
        rows.map((row) => dimensionText(row, x)),
        narrow,
      ),
      yAxis,
      series,
    },
    rowAt: (_series, index) => rows[index],
    categoryRow: (index) => rows[index],
  };
}

function pivotChart(
  answer: ReportAnswer,
  rows: readonly ReportRow[],
  x: string,
  by: string,
  measure: Measure,
  format: Formatters,
  narrow: boolean,
): ChartModel {
  const key = (v: unknown) => JSON.stringify(v ?? null);
  const categories: { key: string; label: string }[] = [];
  const seenX = new Set<string>();
  for (const row of rows) {
    const k = key(row[x]);
    if (!seenX.has(k)) {
      seenX.add(k);
      categories.push({ key: k, label: dimensionText(row, x) });
    }
  }
  const groups = answer.chart.pivot?.values ?? [];
  const cell = new Map(rows.map((row) => [`${key(row[x])}\u0000${key(row[by])}`, row]));
  const grid2 = groups.map((g) => categories.map((c) => cell.get(`${c.key}\u0000${key(g.value)}`)));
  const line = answer.chart.type === 'line';
  const series = groups.map((g, i) => ({
    type: line ? 'line' : 'bar',
    name: g.label,
    data: grid2[i].map((row) => (row ? numeric(row[measure.column.key]) : null)),
    ...(answer.chart.stacked ? { stack: 'total' } : {}),
    ...(line ? {} : { barMaxWidth: 36 }),
    tooltip: { valueFormatter: (v: unknown) => formatMeasure(format, measure.column, v) },
    emphasis: { focus: 'series' },
  }));
  const { yAxis } = axesOf([measure], format, narrow);
  return {
    option: {
      ...base(narrow),
      grid: grid(narrow, true),
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: line ? 'line' : 'shadow' } },
      legend: { type: 'scroll', bottom: 0, itemWidth: 12, itemHeight: 8 },
      xAxis: categoryAxis(
        categories.map((c) => c.label),
        narrow,
      ),
      yAxis,
      series,
    },
    rowAt: (s, index) => grid2[s]?.[index],
  };
}

import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/i18n.tsx';
import { useMediaQuery } from '../ui/hooks.ts';
import { chartModel } from './chart-model.ts';
import type { ReportAnswer, ReportRow } from './reports-api.ts';

// Only what Loom draws: four chart types, axes, tooltips and legends on a canvas. This module
// is imported by the report and dashboard pages alone, so ECharts stays out of other chunks.
echarts.use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/**
 * A report's chart. It follows its box's size (phones, a dashboard's grid), and a click on a
 * bar, a slice, a funnel stage or anywhere in a bar chart's category column hands the row it
 * stands for to `onDrill`. Renders nothing for a table report.
 */
export function ReportChart({ answer, height, onDrill, label }: { answer: ReportAnswer; height: number; onDrill?(row: ReportRow): void; label: string }) {
  const { format } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const model = useMemo(() => chartModel(answer, format, { narrow }), [answer, format, narrow]);
  const box = useRef<HTMLDivElement>(null);
  const instance = useRef<echarts.ECharts | null>(null);
  const latest = useRef({ model, onDrill });
  useEffect(() => {
    latest.current = { model, onDrill };
  });

  const drawn = model !== undefined;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    instance.current = chart;
    chart.on('click', (event) => {
      const { model: current, onDrill: drill } = latest.current;
      const row = current?.rowAt(event.seriesIndex ?? 0, event.dataIndex);
      if (row && drill) drill(row);
    });
    // A click in a category's column, off its bar (a small bar is hard to hit on a phone).
    chart.getZr().on('click', (event) => {
      const { model: current, onDrill: drill } = latest.current;
      if (event.target || !current?.categoryRow || !drill) return;
      const point = [event.offsetX, event.offsetY];
      if (!chart.containPixel({ gridIndex: 0 }, point)) return;
      const [index] = chart.convertFromPixel({ gridIndex: 0 }, point) as number[];
      const row = current.categoryRow(Math.round(index));
      if (row) drill(row);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      instance.current = null;
    };
  }, [drawn]);

  useEffect(() => {
    if (model) instance.current?.setOption(model.option, { notMerge: true });
  }, [model]);

  if (!model) return null;
  return <div ref={box} className="rp-chart" style={{ height }} role="img" aria-label={label} data-chart={answer.chart.type} />;
}

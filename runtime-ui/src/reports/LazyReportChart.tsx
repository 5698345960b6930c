import { lazy, Suspense, type ComponentProps } from 'react';
import type { ReportChart as ReportChartComponent } from './ReportChart.tsx';

// Asked for as soon as a report or dashboard page's own (small) code runs (or at start, by
// app/boot.ts), so the charting library loads while the report is computed, not after it.
let loaded: typeof ReportChartComponent | undefined;
const chartCode = import('./ReportChart.tsx').then((m) => {
  loaded = m.ReportChart;
  return m;
});
const LazyChart = lazy(() => chartCode.then((m) => ({ default: m.ReportChart })));

type Props = ComponentProps<typeof ReportChartComponent>;

/**
 * The report chart, its code loaded apart from the page's: the table and parameters do not
 * wait for it, and once it is there the chart is drawn in the same pass as the page (no
 * suspended render first).
 */
export function LazyReportChart(props: Props) {
  const Chart = loaded;
  if (Chart) return <Chart {...props} />;
  return (
    <Suspense fallback={<div className="rp-chart" style={{ height: props.height }} aria-busy="true" />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

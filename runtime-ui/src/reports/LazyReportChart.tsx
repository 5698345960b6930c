import { lazy, Suspense, type ComponentProps } from 'react';

// Asked for as soon as a report or dashboard page's own (small) code runs, so the charting
// library loads while the report is computed, not after it.
const chartCode = import('./ReportChart.tsx');
const ReportChart = lazy(() => chartCode.then((m) => ({ default: m.ReportChart })));

/** The report chart, its code loaded apart from the page's: the table and parameters do not wait for it. */
export function LazyReportChart(props: ComponentProps<typeof ReportChart>) {
  return (
    <Suspense fallback={<div className="rp-chart" style={{ height: props.height }} aria-busy="true" />}>
      <ReportChart {...props} />
    </Suspense>
  );
}

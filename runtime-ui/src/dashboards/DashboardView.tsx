import { useState, type CSSProperties } from 'react';
import { useUiBundle } from '../app/bundle-context.ts';
import { linkHandler, navigate, routePath, type Route } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { ApiError } from '../api/index.ts';
import { ParamsForm } from '../reports/ParamsForm.tsx';
import { LazyReportChart as ReportChart } from '../reports/LazyReportChart.tsx';
import { formValues, problemsOf, withParam } from '../reports/report-params.ts';
import { ReportTable } from '../reports/ReportTable.tsx';
import { drillPath } from '../reports/report-drill.ts';
import { isProblem, useDashboard, useReport, type ParamValues, type ReportAnswer, type ReportRow, type WidgetAnswer } from '../reports/reports-api.ts';
import { KpiTile } from './KpiTile.tsx';
import '../reports/reports.css';
import './dashboards.css';

/** Height of one grid row unit (a widget's `h`), in pixels. */
const ROW_UNIT = 72;

/**
 * A dashboard: its widgets on a 12-column grid (`w` columns, `h` row units), all computed by
 * one request (the server runs their reports in parallel). A chart widget's title opens its
 * report; its bars, slices and rows open the records they count. On a phone, one column.
 */
export function DashboardView({ name }: { name: string }) {
  const { t, locale } = useI18n();
  const query = useDashboard(name, locale);
  if (query.error instanceof ApiError && query.error.status === 404)
    return (
      <div className="page-empty">
        <p>{t('reports.dashboardNotFound')}</p>
      </div>
    );
  if (query.isError)
    return (
      <p className="lf-page-message is-error" role="alert">
        {query.error instanceof ApiError ? query.error.messages.join(' ') : t('reports.loadFailed')}
      </p>
    );
  if (!query.data) return <p className="lf-page-message">{t('shell.loading')}</p>;
  const { dashboard, widgets } = query.data;
  return (
    <div className="db-page" data-dashboard={dashboard.name}>
      <header className="rp-head">
        <div className="rp-title">
          <h1>{dashboard.label}</h1>
          {dashboard.description && <p className="rp-description">{dashboard.description}</p>}
        </div>
      </header>
      {widgets.length === 0 && <p className="lf-page-message">{t('reports.noWidgets')}</p>}
      <div className="db-grid">
        {widgets.map((w, i) => (
          <Widget key={i} widget={w} />
        ))}
      </div>
    </div>
  );
}

function Widget({ widget }: { widget: WidgetAnswer }) {
  const { t, locale } = useI18n();
  const bundle = useUiBundle();
  // Parameters changed on this widget: its report is then asked for alone with them.
  const [values, setValues] = useState<ParamValues | null>(null);
  const [editing, setEditing] = useState(false);
  const own = useReport(widget.report, values ?? {}, locale, values !== null);
  // On a narrower screen a chart takes at least half the width (KPI tiles keep theirs).
  const style = { '--w': widget.w, '--h': widget.h, '--w-md': widget.kind === 'kpi' ? widget.w : Math.max(widget.w, 6) } as CSSProperties;
  const result = widget.result;
  const target: Route = { name: 'report', report: widget.report };
  if (isProblem(result))
    return (
      <section className="db-widget is-problem" style={style}>
        <h2 className="db-widget-title">{widget.title ?? widget.report}</h2>
        <p className="rp-error" role="alert">
          <Icon name="triangle-alert" /> {result.problem.title}: {result.problem.detail}
        </p>
      </section>
    );
  const answer = (values !== null ? own.data : undefined) ?? (result as ReportAnswer);
  const title = widget.title ?? answer.chart.title ?? answer.report.label;
  if (widget.kind === 'kpi' && widget.kpi)
    return (
      <section className="db-widget is-kpi" style={style} data-report={widget.report}>
        <KpiTile title={title} kpi={widget.kpi} href={routePath(target)} onOpen={linkHandler(target)} />
      </section>
    );
  const hrefOf = (row: ReportRow) => drillPath(bundle, answer.report.entity, row.$drill);
  const drill = (row: ReportRow) => {
    const href = hrefOf(row);
    if (href) navigate(href);
  };
  const bodyHeight = Math.max(160, widget.h * ROW_UNIT - 56);
  const current = formValues(answer.params, values ?? {});
  // The report page opens with the values changed here (its address carries them).
  const reportHref = values === null ? routePath(target) : `${routePath(target)}?${new URLSearchParams(current).toString()}`;
  return (
    <section className="db-widget" style={style} data-report={widget.report} aria-busy={own.isFetching}>
      <div className="db-widget-head">
        <h2 className="db-widget-title">
          <a
            href={reportHref}
            onClick={(e) => {
              if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
              e.preventDefault();
              navigate(reportHref);
            }}
          >
            {title}
          </a>
        </h2>
        {answer.params.length > 0 && (
          <button
            type="button"
            className={`icon-btn ${editing ? 'is-on' : ''}`}
            aria-expanded={editing}
            aria-label={t('reports.parameters')}
            title={t('reports.parameters')}
            onClick={() => setEditing((e) => !e)}
          >
            <Icon name="filter" />
          </button>
        )}
      </div>
      {editing && (
        <ParamsForm
          params={answer.params}
          values={current}
          problems={problemsOf(own.error)}
          onChange={(name, text) => setValues(withParam(current, name, text))}
        />
      )}
      {answer.rows.length === 0 ? (
        <p className="rp-empty">{t('reports.noRows')}</p>
      ) : answer.chart.type === 'table' ? (
        <div className="db-widget-table" style={{ maxHeight: bodyHeight }}>
          <ReportTable answer={answer} hrefOf={hrefOf} onDrill={drill} compact />
        </div>
      ) : (
        <ReportChart answer={answer} height={bodyHeight} onDrill={drill} label={title} />
      )}
    </section>
  );
}

import { useState } from 'react';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { ApiError } from '../api/index.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useMediaQuery } from '../ui/hooks.ts';
import { ParamsForm } from './ParamsForm.tsx';
import { LazyReportChart as ReportChart } from './LazyReportChart.tsx';
import { ReportTable } from './ReportTable.tsx';
import { drillPath } from './report-drill.ts';
import { formValues, problemsOf, withParam } from './report-params.ts';
import { exportUrl, useReport, type ParamValues, type ReportAnswer, type ReportRow } from './reports-api.ts';
import './reports.css';

/**
 * A report (`/app/r/<name>?<param>=…`): its parameters (kept in the address), the chart, the
 * table, CSV and XLSX export of what is shown, and a click on a bar, a slice or a row opening
 * the list of exactly the records it counts.
 */
export function ReportPage() {
  const { name } = useParams({ from: '/r/$name' });
  const search = useSearch({ from: '/r/$name' }) as ParamValues;
  const go = useNavigate({ from: '/r/$name' });
  const { t, locale } = useI18n();
  const bundle = useUiBundle();
  const narrow = useMediaQuery('(max-width: 640px)');
  const query = useReport(name, search, locale);
  // The last answer of this report stays on screen when a changed parameter is refused.
  // (React's "state from the previous render" pattern: set while rendering, before anything is shown.)
  const [lastGood, setLastGood] = useState<ReportAnswer | undefined>(undefined);
  if (query.data && query.data !== lastGood) setLastGood(query.data);
  const answer = query.data ?? (lastGood?.report.name === name ? lastGood : undefined);

  if (query.error instanceof ApiError && query.error.status === 404)
    return (
      <div className="page-empty">
        <p>{t('reports.notFound')}</p>
      </div>
    );
  if (!answer) {
    return query.isError ? (
      <p className="lf-page-message is-error" role="alert">
        {query.error instanceof ApiError ? query.error.messages.join(' ') : t('reports.loadFailed')}
      </p>
    ) : (
      <p className="lf-page-message">{t('shell.loading')}</p>
    );
  }

  const problems = problemsOf(query.error);
  const otherError =
    query.error && Object.keys(problems).length === 0
      ? query.error instanceof ApiError
        ? query.error.messages.join(' ')
        : t('reports.loadFailed')
      : undefined;
  const entity = answer.report.entity;
  const hrefOf = (row: ReportRow) => drillPath(bundle, entity, row.$drill);
  const drill = (row: ReportRow) => {
    const href = hrefOf(row);
    if (href) navigate(href);
  };
  const setParam = (param: string, text: string) => void go({ to: '.', search: withParam(search, param, text) });
  const values = formValues(answer.params, search);

  return (
    <div className="rp-page" data-report={name} aria-busy={query.isFetching}>
      <header className="rp-head">
        <div className="rp-title">
          <h1>{answer.report.label}</h1>
          {answer.report.description && <p className="rp-description">{answer.report.description}</p>}
        </div>
        <div className="rp-export">
          <a className="btn btn-sm" href={exportUrl(name, search, 'csv')} download>
            <Icon name="download" /> {t('reports.exportCsv')}
          </a>
          <a className="btn btn-sm" href={exportUrl(name, search, 'xlsx')} download>
            <Icon name="download" /> {t('reports.exportXlsx')}
          </a>
        </div>
      </header>
      <ParamsForm params={answer.params} values={values} problems={problems} onChange={setParam} />
      {otherError && (
        <p className="rp-error" role="alert">
          {otherError}
        </p>
      )}
      {answer.chart.type !== 'table' && answer.rows.length > 0 && (
        <section className="rp-card">
          <ReportChart answer={answer} height={narrow ? 280 : 380} onDrill={drill} label={answer.chart.title ?? answer.report.label} />
          {hrefOf(answer.rows[0] as ReportRow) && <p className="rp-hint">{t('reports.drillHint')}</p>}
        </section>
      )}
      <section className="rp-card">
        <ReportTable answer={answer} hrefOf={hrefOf} onDrill={drill} />
      </section>
    </div>
  );
}

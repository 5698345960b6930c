import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { dataList, idParams } from './common-schemas.ts';

/** Reports and dashboards (reports.plugin.ts). */

const TAG = ['Reports'];
const LOGIC: JsonSchema = { description: 'A JSON Logic expression.' };

const reportSummary: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    label: { type: 'string', description: "In the caller's language (Accept-Language)." },
    description: { type: 'string' },
    entity: { type: 'string', description: 'The entity whose records it aggregates.' },
  },
  required: ['name', 'label', 'entity'],
};

const param: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'The query parameter that sets it.' },
    type: { enum: ['text', 'number', 'integer', 'boolean', 'date', 'datetime', 'user', 'select', 'dateRange'] },
    label: { type: 'string' },
    required: { type: 'boolean' },
    value: { description: 'The value the answer was computed with (the default when none was given); a dateRange is `{ from, to }`.' },
    field: { type: 'string', description: 'The field the value filters on.' },
    options: {
      type: 'array',
      items: { type: 'object', properties: { value: { type: 'string' }, label: { type: 'string' } }, required: ['value', 'label'] },
    },
  },
  required: ['name', 'type', 'label', 'required', 'value'],
};

const column: JsonSchema = {
  type: 'object',
  properties: {
    key: { type: 'string', description: 'The key of the value in each row: the groupBy entry, or the measure name.' },
    label: { type: 'string' },
    role: { enum: ['dimension', 'measure'] },
    type: {
      type: 'string',
      description: "A dimension: its field's type, or `date` for a date bucket. A measure: `integer`, `number`, `percent` (0.25 is 25 %) or `money`.",
    },
    bucket: { enum: ['day', 'week', 'month', 'quarter', 'year'], description: "A date bucket's size; its value is the bucket's first day." },
    currency: { type: 'string' },
  },
  required: ['key', 'label', 'role', 'type'],
};

const row: JsonSchema = {
  type: 'object',
  description: 'One group: each column key with its value (measures are numbers or null), and:',
  properties: {
    $label: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Each dimension as a person reads it (an option label, a record title, "Mar 2026").',
    },
    $drill: {
      ...LOGIC,
      description: 'The filter (JSON Logic on the report entity) for `GET /api/data/{entity}?filter=` that lists exactly the records this row counted.',
    },
    $others: { const: true, description: 'The row totalling the groups after the first n (top).' },
  },
  required: ['$label', '$drill'],
  additionalProperties: true,
};

const chart: JsonSchema = {
  type: 'object',
  properties: {
    type: { enum: ['bar', 'line', 'pie', 'funnel', 'table'] },
    title: { type: 'string' },
    stacked: { type: 'boolean' },
    x: { type: 'string', description: 'The dimension on the x axis (or the slices).' },
    series: { type: 'array', items: { type: 'string' }, description: 'The measures drawn.' },
    pivot: {
      type: 'object',
      description: 'A pivot: one series per value of the dimension `by`.',
      properties: {
        by: { type: 'string' },
        values: { type: 'array', items: { type: 'object', properties: { value: {}, label: { type: 'string' } }, required: ['value', 'label'] } },
      },
      required: ['by', 'values'],
    },
  },
  required: ['type', 'series'],
};

export const reportAnswer: JsonSchema = {
  type: 'object',
  properties: {
    report: reportSummary,
    params: { type: 'array', items: param },
    columns: { type: 'array', items: column },
    rows: { type: 'array', items: row },
    chart,
  },
  required: ['report', 'params', 'columns', 'rows', 'chart'],
};

const reportParams = idParams('The report name.', 'name');
const PARAMS_QUERY: JsonSchema = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description:
    "The report's parameters by name (`GET /api/reports/{name}` lists them): a date as YYYY-MM-DD or `$today-30d`, a date range as `from..to`, a select's values comma-separated. An unknown or malformed one is a 400 naming it.",
};

export const listReportsSchema = {
  operationId: 'reports_list',
  tags: TAG,
  summary: 'The reports the caller may run',
  description: 'Those whose entity the caller may read.',
  response: { 200: json(dataList(reportSummary), 'The reports, by name.'), ...problems(401, 503) },
};

export const runReportSchema = {
  operationId: 'reports_run',
  tags: TAG,
  summary: 'Run a report',
  description:
    "One SQL statement over the records the caller may read (their record scope, also through lookup paths); labels in the caller's language. A field the caller may not see cannot be grouped or measured (400).",
  params: reportParams,
  querystring: PARAMS_QUERY,
  response: { 200: json(reportAnswer, 'Columns, rows and how to chart them.'), ...problems(400, 401, 404, 503) },
};

export const exportReportSchema = {
  operationId: 'reports_export',
  tags: TAG,
  summary: 'Export a report as CSV or XLSX',
  description: 'The table of the report (dimension labels, measure numbers). Texts a spreadsheet would run as formulas start with an apostrophe.',
  params: reportParams,
  querystring: { ...PARAMS_QUERY, properties: { format: { enum: ['csv', 'xlsx'], default: 'csv' } } },
  response: {
    200: {
      description: 'The file.',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
      },
    },
    ...problems(400, 401, 404, 503),
  },
};

const dashboardSummary: JsonSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, label: { type: 'string' }, description: { type: 'string' } },
  required: ['name', 'label'],
};

const problemSummary: JsonSchema = {
  type: 'object',
  properties: {
    status: { type: 'integer' },
    code: { type: 'string' },
    title: { type: 'string' },
    detail: { type: 'string' },
    errors: { type: 'array', items: {} },
  },
  required: ['status', 'code', 'title', 'detail'],
};

const kpi: JsonSchema = {
  type: 'object',
  properties: {
    measure: { type: 'string' },
    label: { type: 'string' },
    value: { type: ['number', 'null'] },
    previous: { type: ['number', 'null'], description: 'The same measure in the period compared with.' },
    change: { type: ['number', 'null'], description: 'Relative change against the previous period (0.1 is +10 %).' },
    format: { type: 'string' },
    currency: { type: 'string' },
  },
  required: ['measure', 'label', 'value', 'format'],
};

const widget: JsonSchema = {
  type: 'object',
  properties: {
    report: { type: 'string' },
    title: { type: 'string' },
    kind: { enum: ['chart', 'kpi'] },
    w: { type: 'integer', minimum: 1, maximum: 12 },
    h: { type: 'integer', minimum: 1, maximum: 12 },
    result: {
      description: "The report's answer, or `{ problem }` when it could not run.",
      anyOf: [reportAnswer, { type: 'object', properties: { problem: problemSummary }, required: ['problem'] }],
    },
    kpi,
  },
  required: ['report', 'kind', 'w', 'h', 'result'],
};

export const listDashboardsSchema = {
  operationId: 'dashboards_list',
  tags: TAG,
  summary: "The caller's dashboards",
  description: "Those with a widget whose report the caller may run; `home` is the caller's landing dashboard (their roles' home), if any.",
  response: {
    200: json(
      { type: 'object', properties: { data: { type: 'array', items: dashboardSummary }, home: { type: 'string' } }, required: ['data'] },
      'The dashboards, by name.',
    ),
    ...problems(401, 503),
  },
};

export const runDashboardSchema = {
  operationId: 'dashboards_run',
  tags: TAG,
  summary: 'A dashboard with its widgets computed',
  description: "Every widget's report run at once, in parallel; widgets whose report the caller may not run are left out.",
  params: idParams('The dashboard name.', 'name'),
  response: {
    200: json(
      { type: 'object', properties: { dashboard: dashboardSummary, widgets: { type: 'array', items: widget } }, required: ['dashboard', 'widgets'] },
      'The widgets in order.',
    ),
    ...problems(401, 404, 503),
  },
};

import type { ReportAnswer } from './reports-api.ts';

/** Report answers shaped as the server sends them, for the unit tests. */
export const funnelAnswer: ReportAnswer = {
  report: { name: 'funnel', label: 'Sales funnel', entity: 'opportunity' },
  params: [],
  columns: [
    { key: 'stage', label: 'Stage', role: 'dimension', type: 'select' },
    { key: 'count', label: 'Opportunities', role: 'measure', type: 'integer' },
    { key: 'amount', label: 'Amount', role: 'measure', type: 'money', currency: 'CNY' },
  ],
  rows: [
    { stage: 'lead', count: 4, amount: 328000, $label: { stage: 'Lead' }, $drill: { '==': [{ var: 'stage' }, 'lead'] } },
    { stage: 'won', count: 3, amount: 490200, $label: { stage: 'Won <b>' }, $drill: { '==': [{ var: 'stage' }, 'won'] } },
  ],
  chart: { type: 'bar', x: 'stage', series: ['count', 'amount'] },
};

export const paretoAnswer: ReportAnswer = {
  report: { name: 'pareto', label: 'Key customers', entity: 'receipt' },
  params: [
    { name: 'period', type: 'dateRange', label: 'Received between', required: false, value: { from: '2025-12-03', to: '2026-12-03' }, field: 'receivedOn' },
  ],
  columns: [
    { key: 'customer', label: 'Customer', role: 'dimension', type: 'lookup' },
    { key: 'amount', label: 'Collected', role: 'measure', type: 'money', currency: 'CNY' },
    { key: 'cumulative', label: 'Cumulative share', role: 'measure', type: 'percent' },
  ],
  rows: [
    { customer: 'c1', amount: 800, cumulative: 0.8, $label: { customer: 'Acme' }, $drill: { '==': [{ var: 'customer' }, 'c1'] } },
    { customer: 'c2', amount: 200, cumulative: 1, $label: { customer: 'Bolt' }, $drill: { '==': [{ var: 'customer' }, 'c2'] } },
  ],
  chart: { type: 'bar', x: 'customer', series: ['amount', 'cumulative'] },
};

export const pivotAnswer: ReportAnswer = {
  report: { name: 'profit', label: 'Profit', entity: 'contractLine' },
  params: [],
  columns: [
    { key: 'month', label: 'Month', role: 'dimension', type: 'date', bucket: 'month' },
    { key: 'customer', label: 'Customer', role: 'dimension', type: 'lookup' },
    { key: 'profit', label: 'Profit', role: 'measure', type: 'number' },
  ],
  rows: [
    { month: '2026-01-01', customer: 'a', profit: 10, $label: { month: 'Jan 2026', customer: 'A' }, $drill: { m: 1, c: 'a' } },
    { month: '2026-01-01', customer: 'b', profit: 20, $label: { month: 'Jan 2026', customer: 'B' }, $drill: { m: 1, c: 'b' } },
    { month: '2026-02-01', customer: 'b', profit: 5, $label: { month: 'Feb 2026', customer: 'B' }, $drill: { m: 2, c: 'b' } },
  ],
  chart: {
    type: 'bar',
    stacked: true,
    x: 'month',
    series: ['profit'],
    pivot: {
      by: 'customer',
      values: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
  },
};

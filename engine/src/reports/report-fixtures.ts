/**
 * A small model for the report tests: deals (owned) on accounts (owned), orders with lines on
 * products (a cost), and payments with a known 80/20 distribution.
 */
export const TEST_TIME_ZONE = 'Asia/Shanghai';

export const account = {
  kind: 'entity',
  name: 'account',
  label: 'Account',
  titleField: 'name',
  owned: true,
  fields: { name: { type: 'text', required: true }, tier: { type: 'select', options: [{ value: 'gold' }, { value: 'silver' }, { value: 'bronze' }] } },
};
export const deal = {
  kind: 'entity',
  name: 'deal',
  label: 'Deal',
  titleField: 'title',
  owned: true,
  fields: {
    title: { type: 'text', required: true },
    amount: { type: 'decimal', scale: 2 },
    stage: { type: 'select', options: [{ value: 'open' }, { value: 'won' }, { value: 'lost' }] },
    closedOn: { type: 'date' },
    closedAt: { type: 'datetime' },
    account: { type: 'lookup', entity: 'account' },
  },
};
export const product = {
  kind: 'entity',
  name: 'product',
  label: 'Product',
  titleField: 'name',
  fields: { name: { type: 'text', required: true }, cost: { type: 'decimal', scale: 2 } },
};
export const order = {
  kind: 'entity',
  name: 'order',
  label: 'Order',
  titleField: 'title',
  owned: true,
  fields: {
    title: { type: 'text', required: true },
    region: { type: 'select', options: [{ value: 'north' }, { value: 'south' }] },
    lines: { type: 'lines', entity: 'orderLine', via: 'order' },
  },
};
export const orderLine = {
  kind: 'entity',
  name: 'orderLine',
  label: 'Order line',
  titleField: 'product',
  fields: {
    order: { type: 'lookup', entity: 'order', required: true, onDelete: 'cascade' },
    product: { type: 'lookup', entity: 'product', required: true },
    qty: { type: 'decimal', scale: 2 },
    amount: { type: 'decimal', scale: 2 },
  },
};
export const payment = {
  kind: 'entity',
  name: 'payment',
  label: 'Payment',
  titleField: 'payer',
  fields: { payer: { type: 'text', required: true }, amount: { type: 'decimal', scale: 2 } },
};

export const seller = {
  kind: 'role',
  name: 'seller',
  label: 'Seller',
  entities: { deal: { read: 'own', create: true, update: 'own' }, account: { read: 'own', create: true } },
};
export const viewer = {
  kind: 'role',
  name: 'viewer',
  label: 'Viewer',
  entities: { deal: { read: 'all', fields: { amount: 'hidden' } }, account: { read: 'all' } },
};

const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;

export const reports = [
  {
    kind: 'report',
    name: 'by_stage',
    entity: 'deal',
    groupBy: ['stage'],
    measures: [
      { fn: 'count' },
      { fn: 'sum', field: 'amount', name: 'total' },
      { fn: 'avg', field: 'amount', name: 'average' },
      { fn: 'min', field: 'amount', name: 'lowest' },
      { fn: 'max', field: 'amount', name: 'highest' },
      { fn: 'countDistinct', field: 'account', name: 'accounts' },
      { fn: 'sum', field: 'amount', name: 'bigAmount', where: { '>=': [{ var: 'amount' }, 5000] } },
      { fn: 'count', name: 'big', where: { '>=': [{ var: 'amount' }, 5000] } },
      { fn: 'ratio', of: ['big', 'count'], name: 'bigShare' },
      { fn: 'formula', name: 'spread', expr: { '-': [{ var: 'highest' }, { var: 'lowest' }] } },
    ],
  },
  ...BUCKETS.map((b) => ({
    kind: 'report',
    name: `closed_on_${b}`,
    entity: 'deal',
    groupBy: [`closedOn:${b}`],
    measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount', name: 'total' }],
  })),
  ...BUCKETS.map((b) => ({
    kind: 'report',
    name: `closed_at_${b}`,
    entity: 'deal',
    groupBy: [`closedAt:${b}`],
    measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount', name: 'total' }],
  })),
  {
    kind: 'report',
    name: 'by_tier',
    entity: 'deal',
    groupBy: ['account.tier'],
    measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount', name: 'total' }],
  },
  { kind: 'report', name: 'by_account', entity: 'deal', groupBy: ['account'], measures: [{ fn: 'count' }] },
  {
    kind: 'report',
    name: 'month_by_stage',
    entity: 'deal',
    groupBy: ['closedOn:month', 'stage'],
    measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount', name: 'total' }],
    chart: { type: 'bar', stacked: true, pivot: true },
  },
  {
    kind: 'report',
    name: 'ranged',
    entity: 'deal',
    params: {
      period: { type: 'dateRange', field: 'closedOn', default: { from: '2025-10-01', to: '2026-08-31' } },
      stage: { type: 'select', field: 'stage' },
      owner: { type: 'user', field: 'owner' },
      least: { type: 'number' },
    },
    filter: { or: [{ '==': [{ var: '$params.least' }, null] }, { '>=': [{ var: 'amount' }, { var: '$params.least' }] }] },
    groupBy: ['closedOn:month'],
    measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount', name: 'total' }],
  },
  {
    kind: 'report',
    name: 'month_over_month',
    entity: 'deal',
    period: { field: 'closedOn', unit: 'month' },
    measures: [
      { fn: 'sum', field: 'amount', name: 'total' },
      { fn: 'previous', of: 'total', name: 'before' },
      { fn: 'change', of: 'total', name: 'change' },
    ],
  },
  {
    kind: 'report',
    name: 'year_over_year',
    entity: 'deal',
    groupBy: ['stage'],
    period: { field: 'closedAt', unit: 'month', compareTo: 'lastYear' },
    measures: [{ fn: 'count' }, { fn: 'previous', of: 'count', name: 'lastYear' }],
  },
  {
    kind: 'report',
    name: 'profit_by_region',
    entity: 'orderLine',
    groupBy: ['order.region'],
    measures: [
      { fn: 'sum', field: 'amount', name: 'sales' },
      { fn: 'sum', name: 'profit', expr: { '-': [{ var: 'amount' }, { '*': [{ var: 'qty' }, { var: 'product.cost' }] }] } },
    ],
  },
  {
    kind: 'report',
    name: 'pareto',
    entity: 'payment',
    groupBy: ['payer'],
    measures: [
      { fn: 'sum', field: 'amount', name: 'amount' },
      { fn: 'percentOfTotal', of: 'amount', name: 'share' },
      { fn: 'cumulativePercent', of: 'amount', name: 'cumulative' },
    ],
    sort: ['-share', 'payer'],
  },
  {
    kind: 'report',
    name: 'pareto_top',
    entity: 'payment',
    groupBy: ['payer'],
    measures: [
      { fn: 'sum', field: 'amount', name: 'amount' },
      { fn: 'count', name: 'payments' },
      { fn: 'avg', field: 'amount', name: 'average' },
      { fn: 'cumulativePercent', of: 'amount', name: 'cumulative' },
    ],
    top: { n: 2, others: true },
  },
];

export const dashboard = {
  kind: 'dashboard',
  name: 'overview',
  widgets: [
    { report: 'by_stage', w: 6 },
    { report: 'month_over_month', kind: 'kpi', w: 3 },
    { report: 'ranged', w: 6, params: { stage: 'won' } },
  ],
};

export const documents = [account, deal, product, order, orderLine, payment, seller, viewer, ...reports, dashboard];

/** A repeatable pseudo-random sequence (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../pack/load-pack.ts';
import { compileModel, compileModelOrThrow } from './compile-model.ts';
import { account, deal, seller } from '../reports/report-fixtures.ts';

const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
const packSources = pack.changes.map((c) => ({ document: (c as { put: unknown }).put, pointer: c.pointer }));

const report = (extra: object) => ({ kind: 'report', name: 'r', entity: 'deal', measures: [{ fn: 'count' }], ...extra });
const errorsOf = (...docs: object[]) => {
  const result = compileModel([account, deal, seller, ...docs].map((document, i) => ({ document, pointer: `/${i}` })));
  return result.ok ? [] : result.errors;
};

describe('compiled reports and dashboards', () => {
  it("compiles the pack's reports and dashboards, with the roles' home dashboards", () => {
    const model = compileModelOrThrow(packSources);
    expect(model.reports.size).toBeGreaterThanOrEqual(24);
    expect(model.reports.get('funnel')?.dimensions).toEqual([{ key: 'stage', path: 'stage' }]);
    expect(model.reports.get('customer_pareto')?.measures.map((m) => [m.name, m.fn, m.format])).toEqual([
      ['amount', 'sum', 'money'],
      ['share', 'percentOfTotal', 'percent'],
      ['cumulative', 'cumulativePercent', 'percent'],
    ]);
    expect(model.dashboards.get('sales_home')?.widgets[0]).toMatchObject({ report: 'kpi_collections_month', kind: 'kpi', w: 4 });
    expect(model.roleHomes.get('sales')).toBe('sales_home');
    expect(model.roleHomes.get('service')).toBe('service_home');
  });

  it('refuses every reference that does not fit, at its JSON pointer', () => {
    const errors = errorsOf(
      report({
        groupBy: ['title:month', 'stage'],
        measures: [
          { fn: 'sum', field: 'title' },
          { fn: 'min', field: 'stage', name: 'low' },
          { fn: 'ratio', of: ['low', 'ghost'], name: 'share' },
          { fn: 'change', of: 'low', name: 'delta' },
          { fn: 'formula', name: 'f', expr: { '+': [{ var: 'later' }, 1] } },
          { fn: 'count', name: 'later', where: { '==': [{ var: '$params.missing' }, 1] } },
        ],
        sort: ['-nothing'],
        chart: { type: 'bar', pivot: true },
        params: { when: { type: 'dateRange' }, pick: { type: 'select', field: 'title' } },
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        '/3/groupBy/0',
        '/3/measures/0/field',
        '/3/measures/1/field',
        '/3/measures/2/of/1',
        '/3/measures/3/fn',
        '/3/measures/4/expr/+/0',
        '/3/measures/5/where/==/0',
        '/3/sort/0',
        '/3/params/when/field',
        '/3/params/pick/options',
      ].sort(),
    );
  });

  it('checks dashboards and role homes against the reports and dashboards there are', () => {
    const errors = errorsOf(
      report({}),
      { kind: 'dashboard', name: 'd', widgets: [{ report: 'r', kind: 'kpi', measure: 'nope', params: { x: 1 } }] },
      { ...seller, name: 'seller2', home: 'nowhere' },
    );
    expect(errors.map((e) => e.path).sort()).toEqual(['/4/widgets/0/measure', '/4/widgets/0/params/x', '/5/home']);
  });
});

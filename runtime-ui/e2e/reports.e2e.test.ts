import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createUser } from '../../engine/src/auth/users-repo.ts';
import { SYSTEM_ACTOR } from '../../engine/src/data/actor.ts';
import { CRM_PACK, e2eSkipReason, launchBrowser, newPage, SCREENSHOT_DIR, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const PASSWORD = 'sales-e2e-password-1';
const ROW = '.grid-row[role=row]:not(.grid-head)';

/**
 * A report with a parameter on the sales workbench: deals by stage, the close date range
 * chosen by the user (no default: every deal). Added to the pack's sales home for this test,
 * so the workbench has a widget whose parameter can be changed.
 */
const DEALS_BY_STAGE = {
  kind: 'report',
  name: 'deals_by_stage',
  entity: 'opportunity',
  label: { en: 'Deals by stage', 'zh-CN': '商机阶段分布' },
  groupBy: ['stage'],
  measures: [{ fn: 'count', label: { en: 'Deals', 'zh-CN': '商机数' } }],
  params: { closing: { type: 'dateRange', field: 'closeDate', label: { en: 'Closing between', 'zh-CN': '预计成交日期' } } },
  chart: { type: 'bar' },
};

interface Answer {
  rows: { stage: string; count: number; $label: { stage: string }; $drill: unknown }[];
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(400); // charts animate in (300 ms)
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name) });
}

async function signIn(page: Page, email: string) {
  await page.goto('/app/');
  await page.getByLabel(/email|邮箱/i).fill(email);
  await page.getByLabel(/password|密码/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.locator('.sidebar-nav').waitFor();
}

/**
 * Moves the pointer across a bar chart's plot at mid-height until the axis tooltip names
 * `label`, and returns that point (ECharts draws on a canvas: there is no element per bar).
 */
async function pointAt(chart: Locator, label: string): Promise<{ x: number; y: number }> {
  const box = (await chart.boundingBox())!;
  const y = box.y + box.height * 0.55;
  for (let x = box.x + 30; x < box.x + box.width - 10; x += 8) {
    await chart.page().mouse.move(x, y);
    const text = await chart.innerText();
    if (text.split('\n')[0]?.trim() === label) return { x, y };
  }
  throw new Error(`no bar labelled ${label}`);
}

describe.skipIf(skip !== undefined)('reports and dashboards in Chromium', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const email = 'li.na@loom.test';
  const problems: string[] = [];
  let range = '';

  beforeAll(async () => {
    server = await startLoomServer();
    const user = await createUser(server.database.db, { email, name: '李娜', password: PASSWORD, roles: ['sales'] });
    // The salesperson's deals: all but three (theirs are what their aggregates count).
    const all = await server.app.records.list('opportunity', { sort: 'closeDate', limit: '200' }, SYSTEM_ACTOR);
    const theirs = all.data.slice(3).map((r) => r.id);
    await sql`update loom_data.opportunity set owner = ${user.id}::uuid where id = any(${theirs}::uuid[])`.execute(server.database.db);
    // A range holding about half of their deals, so changing it changes the bars.
    const dates = all.data
      .slice(3)
      .map((r) => String(r.closeDate))
      .sort();
    range = `${dates[0]}..${dates[Math.floor(dates.length / 2)]}`;
    const home = JSON.parse(fs.readFileSync(path.join(CRM_PACK, 'dashboards', 'sales_home.json'), 'utf8')) as { widgets: unknown[] };
    await server.app.registry.publish([
      { put: DEALS_BY_STAGE, pointer: '/documents/0' },
      {
        put: { ...home, widgets: [{ report: 'deals_by_stage', w: 12, h: 5 }, ...home.widgets] },
        pointer: '/documents/1',
      },
    ]);
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server));
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, email);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const report = async (query: string) => (await (await page.request.get(`/api/reports/deals_by_stage${query}`)).json()) as Answer;

  it('lands a salesperson on the sales workbench; a changed parameter redraws the widget, a bar opens exactly its deals', async () => {
    const dashboard = page.locator('.db-page[data-dashboard="sales_home"]');
    await dashboard.waitFor();
    expect(page.url()).toMatch(/\/app\/$/);
    expect(await page.locator('.sidebar-nav [aria-current="page"]').innerText()).toBe('Sales home');
    expect(await dashboard.locator('.kpi').count()).toBeGreaterThanOrEqual(1);
    const widget = dashboard.locator('.db-widget[data-report="deals_by_stage"]');
    const chart = widget.locator('.rp-chart');
    await chart.waitFor();
    await shot(page, 'reports-home-desktop.png');

    const before = await report('');
    const after = await report(`?closing=${range}`);
    const total = (a: Answer) => a.rows.reduce((n, r) => n + r.count, 0);
    expect(total(after)).toBeLessThan(total(before));

    // The widget's parameters: the closing range, typed into its two dates.
    await widget.getByRole('button', { name: 'Parameters' }).click();
    const [from, to] = range.split('..');
    await widget.getByLabel('Closing between · from').fill(from);
    await widget.getByLabel('Closing between · to').fill(to);
    await expect.poll(() => widget.getAttribute('aria-busy')).toBe('false');
    await shot(page, 'reports-home-parameter-desktop.png');
    // The widget's title opens its report with the range chosen here.
    expect(await widget.locator('.db-widget-title a').getAttribute('href')).toBe(`/app/r/deals_by_stage?closing=${encodeURIComponent(range)}`);

    // The tallest bar of the narrowed answer, found under the pointer by its label and clicked.
    const bar = [...after.rows].sort((a, b) => b.count - a.count)[0];
    const point = await pointAt(chart, bar.$label.stage);
    expect(await chart.innerText()).toContain(`${bar.count}`);
    await page.mouse.click(point.x, point.y);

    await page.waitForURL(/\/app\/v\/opportunity\.[^?]+\?filter=/);
    await page.locator(ROW).first().waitFor();
    await expect.poll(() => page.locator(ROW).count()).toBe(bar.count);
    const filter = new URL(page.url()).searchParams.get('filter')!;
    expect(JSON.parse(filter)).toEqual([{ kind: 'raw', path: '', logic: bar.$drill }]);
    const listed = (await (await page.request.get(`/api/data/opportunity?filter=${encodeURIComponent(JSON.stringify(bar.$drill))}&count=true`)).json()) as {
      total: number;
    };
    expect(listed.total).toBe(bar.count);
    await shot(page, 'reports-drilled-list-desktop.png');
  });

  it('keeps a report page’s parameters in the address, exports them, and drills from a table row', async () => {
    await page.goto('/app/r/deals_by_stage');
    const head = page.locator('.rp-page[data-report="deals_by_stage"]');
    await head.waitFor();
    const [from, to] = range.split('..');
    await page.getByLabel('Closing between · from').fill(from);
    await page.getByLabel('Closing between · to').fill(to);
    await page.waitForURL((url) => url.searchParams.get('closing') === range);
    await expect.poll(() => head.getAttribute('aria-busy')).toBe('false');
    expect(await page.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe(
      `/api/reports/deals_by_stage/export?closing=${encodeURIComponent(range)}&format=csv`,
    );
    const csv = await page.request.get((await page.getByRole('link', { name: 'CSV' }).getAttribute('href'))!);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Negotiation');
    const answer = await report(`?closing=${range}`);
    const rows = page.locator('.rp-table tbody tr');
    expect(await rows.count()).toBe(answer.rows.length);
    await shot(page, 'reports-report-desktop.png');

    const last = answer.rows.at(-1)!;
    await rows.last().click();
    await page.waitForURL(/\/app\/v\/opportunity\./);
    await expect.poll(() => page.locator(ROW).count()).toBe(last.count);
  });

  it('reads on a phone in Chinese: the workbench in one column, the report with its chart and a scrolling table', async () => {
    await page.goto('/app/');
    await page.getByRole('button', { name: '中文' }).click();
    await page.setViewportSize({ width: 375, height: 780 });
    const dashboard = page.locator('.db-page[data-dashboard="sales_home"]');
    await dashboard.getByRole('heading', { name: '销售首页' }).waitFor();
    await dashboard.locator('.rp-chart').first().waitFor();
    const widths = await dashboard.locator('.db-widget:not(.is-kpi)').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    const grid = (await dashboard.locator('.db-grid').boundingBox())!.width;
    for (const w of widths) expect(w).toBeCloseTo(grid, 0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(page, 'reports-home-375-zh.png');

    await page.goto(`/app/r/deals_by_stage?closing=${range}`);
    await page.locator('.rp-table').waitFor();
    expect(await page.locator('.rp-table thead').innerText()).toContain('商机数');
    const canvas = page.locator('.rp-chart canvas').first();
    expect((await canvas.boundingBox())!.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(page, 'reports-report-375-zh.png');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(problems).toEqual([]);
  });
});

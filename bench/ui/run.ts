/**
 * UI speed bench (`npm run bench:ui`): in Debian Chromium, against a real Loom on PostgreSQL
 * with 100,000 customers, how long from navigation to the first rows of the list being on
 * screen, and how much JavaScript the first load fetches (gzipped).
 *
 * Targets: first rows ≤ 1.0 s, initial JS ≤ 350 KB gzipped.
 *
 * Also a report page (customers by industry, a bar chart over the same 100,000 customers):
 * how long from navigation to its chart on screen, cold cache, charting code loaded on the
 * way (target ≤ 1.5 s).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { e2eSkipReason, launchBrowser, REPO_ROOT, startLoomServer, UI_DIR, type LoomServer } from '../../runtime-ui/e2e/harness.ts';
import { INDUSTRIES } from '../company-words.ts';

const ROWS = Number(process.env.BENCH_UI_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 5);
const TARGET_FIRST_ROWS_MS = 1000;
const TARGET_INITIAL_JS_KB = 350;
const ROW_SELECTOR = '.grid-row[role=row]:not(.grid-head)';
const TARGET_FIRST_CHART_MS = 1500;
const CHART_REPORT = 'customers_by_industry';

/** The scripts index.html loads before anything is lazy: the entry and its modulepreloads. */
function initialJs(): { files: string[]; rawBytes: number; gzipBytes: number; cssGzipBytes: number } {
  const html = fs.readFileSync(path.join(UI_DIR, 'index.html'), 'utf8');
  // A file both run and preloaded is fetched once.
  const refs = [...new Set([...html.matchAll(/<(?:script[^>]+src|link[^>]+href)="([^"]+)"/g)].map((m) => m[1]))];
  const files = refs.filter((r) => r.endsWith('.js'));
  const css = refs.filter((r) => r.endsWith('.css'));
  const local = (ref: string) => path.join(UI_DIR, ref.replace(/^\/app\//, ''));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = fs.readFileSync(local(file));
    rawBytes += content.length;
    gzipBytes += zlib.gzipSync(content, { level: 9 }).length;
  }
  const cssGzipBytes = css.reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(local(file)), { level: 9 }).length, 0);
  return { files, rawBytes, gzipBytes, cssGzipBytes };
}

async function seedCustomers(server: LoomServer, rows: number): Promise<number> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    const admin = await client.query<{ id: string }>('select id::text as id from loom.users where email = $1', [server.adminEmail]);
    await client.query(
      `insert into loom_data.customer (id, created_at, updated_at, version, owner, name, code, grade, industry, phone, revenue, revenue__cur, employees, in_pool, last_follow_up_at)
       select gen_random_uuid(), now() - make_interval(secs => g.i * 60), now() - make_interval(secs => g.i * 37), 1, $1::uuid,
              'Bench customer ' || lpad(g.i::text, 6, '0') || ' ' || (array['Trading','Logistics','Software','Foods','Pharma','Machinery'])[1 + g.i % 6],
              'B-' || lpad(g.i::text, 6, '0'),
              (array['A','B','C'])[1 + g.i % 3],
              ($2::text[])[1 + g.i % ${INDUSTRIES.length}],
              '0371-' || lpad((g.i * 7919 % 100000000)::text, 8, '0'),
              (g.i % 997) * 10000, 'CNY', 10 + g.i % 5000, g.i % 9 = 0,
              now() - make_interval(days => g.i % 400)
       from generate_series(1, $3::int) as g(i)`,
      [admin.rows[0].id, INDUSTRIES, rows],
    );
    await client.query('vacuum analyze loom_data.customer');
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

interface Navigation {
  /** The first rows in the document (a mutation observer's note). */
  firstRowsMs: number;
  /** The frame with them painted (work left between the rows' insertion and the paint counts here). */
  rowsPaintedMs: number;
  listRequestMs: number;
  bundleRequestMs: number;
  /** Milestones (ms from navigation start): the app script loaded, DOMContentLoaded, bundle and first page answered. */
  scriptMs: number;
  domContentLoadedMs: number;
  bundleDoneMs: number;
  listStartMs: number;
  listDoneMs: number;
  sessionDoneMs: number;
  listCodeDoneMs: number;
}

/** One navigation in a fresh context (cold cache) or a reload (warm): ms from navigation start to the first rows. */
async function navigate(browser: Browser, server: LoomServer, storageState: string, warm: boolean): Promise<Navigation> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, storageState: JSON.parse(storageState) });
  // Page-side code as strings: this file is type-checked without the DOM library, and tsx
  // would wrap named helpers in __name(), which the page lacks.
  await context.addInitScript(`
    window.__marks = {};
    new MutationObserver((_, observer) => {
      for (const probe of ['.boot', '.sidebar-nav', '.list-page', '.skeleton-row']) {
        if (window.__marks[probe] === undefined && document.querySelector(probe)) window.__marks[probe] = performance.now();
      }
      if (document.querySelector(${JSON.stringify(ROW_SELECTOR)})) {
        window.__firstRows = performance.now();
        observer.disconnect();
        // The frame that shows them: a task queued from its animation frame runs after its paint.
        requestAnimationFrame(() => setTimeout(() => { window.__rowsPainted = performance.now(); }));
      }
    }).observe(document, { childList: true, subtree: true });
  `);
  const page = await context.newPage();
  const messages: string[] = [];
  page.on('console', (m) => (process.env.BENCH_UI_DEBUG ? console.log(m.text()) : messages.push(m.text())));
  page.on('pageerror', (e) => messages.push(e.message));
  try {
    await page.goto('/app/v/customer.all');
    await page.waitForFunction('window.__rowsPainted !== undefined', undefined, { timeout: 60_000 });
    if (warm) {
      await page.reload();
      await page.waitForFunction('window.__rowsPainted !== undefined', undefined, { timeout: 60_000 });
    }
    return (await page.evaluate(`(() => {
      const entries = performance.getEntriesByType('resource');
      const list = entries.find((e) => e.name.includes('/api/data/customer'));
      const bundle = entries.find((e) => e.name.includes('/api/meta/ui'));
      const script = entries.find((e) => e.name.includes('/assets/index-') && e.name.endsWith('.js'));
      const nav = performance.getEntriesByType('navigation')[0];
      console.log('marks ' + JSON.stringify(window.__marks));
      return {
        firstRowsMs: window.__firstRows,
        rowsPaintedMs: window.__rowsPainted,
        listRequestMs: list ? list.duration : NaN,
        bundleRequestMs: bundle ? bundle.duration : NaN,
        scriptMs: script ? script.responseEnd : NaN,
        domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : NaN,
        bundleDoneMs: bundle ? bundle.responseEnd : NaN,
        listStartMs: list ? list.startTime : NaN,
        listDoneMs: list ? list.responseEnd : NaN,
        sessionDoneMs: (entries.find((e) => e.name.includes('/api/auth/me')) || { responseEnd: NaN }).responseEnd,
        listCodeDoneMs: (entries.find((e) => e.name.includes('/assets/ListPage-')) || { responseEnd: NaN }).responseEnd,
      };
    })()`)) as Navigation;
  } catch (error) {
    console.error(messages.join('\n'));
    throw error;
  } finally {
    await context.close();
  }
}

interface ChartNavigation {
  firstChartMs: number;
  reportRequestMs: number;
  chartCodeDoneMs: number;
}

/** One cold navigation to a report page: ms from navigation start to its chart's canvas drawn (the frame after it appears). */
async function firstChart(browser: Browser, server: LoomServer, storageState: string): Promise<ChartNavigation> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, storageState: JSON.parse(storageState) });
  await context.addInitScript(`
    new MutationObserver((_, observer) => {
      if (document.querySelector('.rp-chart canvas')) {
        observer.disconnect();
        requestAnimationFrame(() => { window.__firstChart = performance.now(); });
      }
    }).observe(document, { childList: true, subtree: true });
  `);
  const page = await context.newPage();
  try {
    await page.goto(`/app/r/${CHART_REPORT}`);
    await page.waitForFunction('window.__firstChart !== undefined', undefined, { timeout: 60_000 });
    return (await page.evaluate(`(() => {
      const entries = performance.getEntriesByType('resource');
      const report = entries.find((e) => e.name.includes('/api/reports/${CHART_REPORT}'));
      const code = entries.find((e) => e.name.includes('/assets/ReportChart-') && e.name.endsWith('.js'));
      return { firstChartMs: window.__firstChart, reportRequestMs: report ? report.duration : NaN, chartCodeDoneMs: code ? code.responseEnd : NaN };
    })()`)) as ChartNavigation;
  } finally {
    await context.close();
  }
}

/** The lazy chunk with the charting library (gzipped KB), which only report and dashboard pages load. */
function chartChunkGzipKB(): number {
  const dir = path.join(UI_DIR, 'assets');
  const file = fs.readdirSync(dir).find((f) => /^ReportChart-.*\.js$/.test(f));
  return file ? +(zlib.gzipSync(fs.readFileSync(path.join(dir, file)), { level: 9 }).length / 1024).toFixed(1) : NaN;
}

/** Scrolls the list `rows` rows down in screen-sized jumps; ms until that row is drawn with data. */
async function scrollDeep(browser: Browser, server: LoomServer, storageState: string, rows: number): Promise<number> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, storageState: JSON.parse(storageState) });
  const page = await context.newPage();
  try {
    await page.goto('/app/v/customer.all');
    await page.locator(ROW_SELECTOR).first().waitFor();
    const started = Date.now();
    await page.getByTestId('list-scroller').evaluate((element, target) => {
      element.scrollTop = 40 + target * 44;
    }, rows);
    await page.locator(`${ROW_SELECTOR}[aria-rowindex="${rows + 2}"]`).waitFor({ timeout: 60_000 });
    return Date.now() - started;
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms: number) => `${Math.round(ms)} ms`;

async function main() {
  if (!fs.existsSync(path.join(UI_DIR, 'index.html'))) {
    console.log('Building runtime-ui…');
    execFileSync('npm', ['run', 'build', '-w', 'runtime-ui'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const skip = e2eSkipReason();
  if (skip) throw new Error(skip);

  const js = initialJs();
  console.log(
    `Initial JS: ${js.files.length} file(s), ${(js.rawBytes / 1024).toFixed(1)} KB raw, ${(js.gzipBytes / 1024).toFixed(1)} KB gzipped (target ≤ ${TARGET_INITIAL_JS_KB} KB); CSS ${(js.cssGzipBytes / 1024).toFixed(1)} KB gzipped`,
  );

  console.log(`Starting Loom on PostgreSQL and loading ${ROWS.toLocaleString('en')} customers…`);
  const server = await startLoomServer({ backend: 'postgres' });
  let browser: Browser | undefined;
  try {
    const seedMs = await seedCustomers(server, ROWS);
    console.log(`  seeded in ${fmt(seedMs)}`);
    browser = await launchBrowser();
    const login = await browser.newContext({ baseURL: server.url });
    const answer = await login.request.post('/api/auth/login', { data: { email: server.adminEmail, password: server.adminPassword } });
    if (!answer.ok()) throw new Error(`sign-in failed: ${answer.status()}`);
    const storageState = JSON.stringify(await login.storageState());
    await login.close();

    await navigate(browser, server, storageState, false); // the server's and PostgreSQL's caches warm up once
    const cold: Navigation[] = [];
    const warm: Navigation[] = [];
    for (let i = 0; i < RUNS; i++) cold.push(await navigate(browser, server, storageState, false));
    for (let i = 0; i < RUNS; i++) warm.push(await navigate(browser, server, storageState, true));
    const deep = await scrollDeep(browser, server, storageState, 5000);
    await firstChart(browser, server, storageState); // the report's statement and plan warm up once
    const charts: ChartNavigation[] = [];
    for (let i = 0; i < RUNS; i++) charts.push(await firstChart(browser, server, storageState));
    const chartMedian = median(charts.map((c) => c.firstChartMs));

    const coldMedian = median(cold.map((n) => n.firstRowsMs));
    const warmMedian = median(warm.map((n) => n.firstRowsMs));
    const report = {
      rows: ROWS,
      runs: RUNS,
      initialJsGzipKB: +(js.gzipBytes / 1024).toFixed(1),
      initialJsRawKB: +(js.rawBytes / 1024).toFixed(1),
      firstRowsColdMs: Math.round(coldMedian),
      firstRowsWarmMs: Math.round(warmMedian),
      rowsPaintedColdMs: Math.round(median(cold.map((n) => n.rowsPaintedMs))),
      rowsPaintedWarmMs: Math.round(median(warm.map((n) => n.rowsPaintedMs))),
      listRequestMs: Math.round(median(cold.map((n) => n.listRequestMs))),
      bundleRequestMs: Math.round(median(cold.map((n) => n.bundleRequestMs))),
      scroll5000RowsMs: deep,
      firstChartColdMs: Math.round(chartMedian),
      reportRequestMs: Math.round(median(charts.map((c) => c.reportRequestMs))),
      chartChunkGzipKB: chartChunkGzipKB(),
    };
    console.log('');
    console.log(`List of ${ROWS.toLocaleString('en')} customers (customer.all, sorted by -updatedAt, with count=true), ${RUNS} runs each, median:`);
    console.log(
      `  first rows visible, cold cache : ${fmt(coldMedian)} (target ≤ ${TARGET_FIRST_ROWS_MS} ms) ${coldMedian <= TARGET_FIRST_ROWS_MS ? 'OK' : 'OVER'}`,
    );
    console.log(`  first rows visible, warm reload: ${fmt(warmMedian)}`);
    console.log(`  the frame with them painted: cold ${fmt(report.rowsPaintedColdMs)}, warm ${fmt(report.rowsPaintedWarmMs)}`);
    console.log(`  of which GET /api/data/customer: ${fmt(report.listRequestMs)}, GET /api/meta/ui: ${fmt(report.bundleRequestMs)}`);
    const milestone = (pick: (n: Navigation) => number) => fmt(median(cold.map(pick)));
    console.log(
      `  cold timeline: app script loaded ${milestone((n) => n.scriptMs)}, DOMContentLoaded ${milestone((n) => n.domContentLoadedMs)}, session ${milestone((n) => n.sessionDoneMs)}, list code ${milestone((n) => n.listCodeDoneMs)}, bundle answered ${milestone((n) => n.bundleDoneMs)}, first page asked ${milestone((n) => n.listStartMs)} / answered ${milestone((n) => n.listDoneMs)}, rows drawn ${fmt(coldMedian)}`,
    );
    console.log(`  scroll 5,000 rows down (keyset pages fetched in order): ${fmt(deep)}`);
    console.log(
      `  initial JS gzipped: ${report.initialJsGzipKB} KB (target ≤ ${TARGET_INITIAL_JS_KB} KB) ${report.initialJsGzipKB <= TARGET_INITIAL_JS_KB ? 'OK' : 'OVER'}`,
    );
    console.log(
      `Report page (${CHART_REPORT}, bar chart over ${ROWS.toLocaleString('en')} customers), ${RUNS} cold runs, median: first chart ${fmt(chartMedian)} (target ≤ ${TARGET_FIRST_CHART_MS} ms) ${chartMedian <= TARGET_FIRST_CHART_MS ? 'OK' : 'OVER'}`,
    );
    console.log(
      `  of which GET /api/reports/${CHART_REPORT}: ${fmt(report.reportRequestMs)}; charting code loaded at ${fmt(median(charts.map((c) => c.chartCodeDoneMs)))} (lazy chunk ${report.chartChunkGzipKB} KB gzipped)`,
    );
    const out = path.join(REPO_ROOT, 'bench', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'ui.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

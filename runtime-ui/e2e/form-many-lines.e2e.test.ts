import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../engine/src/data/actor.ts';
import { e2eSkipReason, launchBrowser, newPage, signInThroughPage, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const LINES = 600;

/** Every line of a quote, through the API (following `next`), as the browser's session reads them. */
async function quoteLines(page: Page, id: string): Promise<{ id: string; description: string; qty: string }[]> {
  return page.evaluate(async (quoteId) => {
    const rows: { id: string; description: string; qty: string }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/data/quote/${quoteId}/related/quoteLine.quote?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(url)).json()) as { data: typeof rows; next: string | null };
      rows.push(...page.data);
      cursor = page.next;
    } while (cursor);
    return rows;
  }, id);
}

describe.skipIf(skip !== undefined)('a document with more lines than one page, in Chromium', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let quoteId = '';
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startLoomServer({ data: false });
    const customer = await server.app.records.create('customer', { name: 'Many Lines Ltd' }, SYSTEM_ACTOR);
    // One create through the record service: 600 lines in the parent's transaction.
    const lines = Array.from({ length: LINES }, (_, i) => ({ description: `Part ${String(i + 1).padStart(3, '0')}`, qty: '1', price: '10', amount: '10' }));
    const quote = await server.app.records.create('quote', { title: 'Spare parts', customer: customer.id, lines }, SYSTEM_ACTOR);
    quoteId = quote.id as string;
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server));
    page.on('pageerror', (error) => problems.push(error.message));
    await signInThroughPage(page, server);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('opens all 600 lines in the form, saves one edited quantity, and keeps the other 599', async () => {
    await page.goto(`/app/e/quote/${quoteId}/edit`);
    const rows = page.locator('[data-field="lines"] tbody tr:not(.lf-row-error)');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(LINES);

    // The last row is past the first page of 500: edit it.
    const last = rows.nth(LINES - 1);
    const description = await last.locator('td[data-col="description"] input').inputValue();
    expect(description).toMatch(/^Part \d{3}$/);
    await last.locator('td[data-col="qty"] input').fill('7');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`**/app/e/quote/${quoteId}`);

    const after = await quoteLines(page, quoteId);
    expect(after).toHaveLength(LINES);
    const edited = after.filter((r) => Number(r.qty) !== 1);
    expect(edited).toEqual([expect.objectContaining({ description, qty: '7.00' })]);
    expect(problems).toEqual([]);
  });

  it('deletes one removed row and keeps the rest', async () => {
    await page.goto(`/app/e/quote/${quoteId}/edit`);
    const rows = page.locator('[data-field="lines"] tbody tr:not(.lf-row-error)');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(LINES);
    const removed = await rows.nth(550).locator('td[data-col="description"] input').inputValue();
    await rows
      .nth(550)
      .getByRole('button', { name: /Remove row/ })
      .click();
    await expect.poll(() => rows.count()).toBe(LINES - 1);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`**/app/e/quote/${quoteId}`);

    const after = await quoteLines(page, quoteId);
    expect(after).toHaveLength(LINES - 1);
    expect(after.some((r) => r.description === removed)).toBe(false);
    expect(problems).toEqual([]);
  });

  it('refuses a save that misses a line someone else added, and "Save anyway" keeps that line', async () => {
    await page.goto(`/app/e/quote/${quoteId}/edit`);
    const rows = page.locator('[data-field="lines"] tbody tr:not(.lf-row-error)');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(LINES - 1);
    // Someone else adds a line straight to the quote: the quote's own version does not move.
    const status = await page.evaluate(async (id) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const body = JSON.stringify({ quote: id, description: 'Added meanwhile', qty: '2', price: '5' });
      return (await fetch('/api/data/quoteLine', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body }))
        .status;
    }, quoteId);
    expect(status).toBe(201);
    await rows.nth(0).locator('td[data-col="qty"] input').fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    const banner = page.locator('.lf-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Someone else changed this record');

    await banner.getByRole('button', { name: 'Save anyway' }).click();
    await page.waitForURL(`**/app/e/quote/${quoteId}`);
    const after = await quoteLines(page, quoteId);
    expect(after).toHaveLength(LINES);
    expect(after.filter((r) => r.description === 'Added meanwhile')).toHaveLength(1);
    expect(after.filter((r) => r.qty === '3.00')).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});

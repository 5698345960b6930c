import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, newPage, SCREENSHOT_DIR, signInThroughPage, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

/** The list's total as shown, once it matches. */
async function waitForCount(page: Page, predicate: (n: number) => boolean): Promise<number> {
  let last = -1;
  for (let i = 0; i < 200; i++) {
    const text = (
      await page
        .getByTestId('list-count')
        .innerText()
        .catch(() => '')
    ).replace(/[^\d]/g, '');
    if (text) {
      last = Number(text);
      if (predicate(last)) return last;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`the record count never matched (last ${last})`);
}

const names = (page: Page) => page.locator('.grid-row[role=row]:not(.grid-head) > .grid-cell:nth-child(3)').allInnerTexts();

/** What the user sees of a list's state: count, rows, sort, search text and filter chips. */
async function listState(page: Page) {
  await page.locator('.grid-row[role=row]:not(.grid-head)').first().waitFor();
  return {
    count: await waitForCount(page, (n) => n > 0),
    names: await names(page),
    sort: await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'),
    search: await page.getByLabel('Search').inputValue(),
    chips: await page.getByRole('button', { name: 'Remove filter' }).count(),
  };
}

describe.skipIf(skip !== undefined)('runtime-ui list state in the address', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let filteredUrl = '';
  let filtered: Awaited<ReturnType<typeof listState>>;

  beforeAll(async () => {
    server = await startLoomServer();
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

  it('puts the filter, sort and search into the address as they are chosen', async () => {
    await page.getByRole('link', { name: 'All customers' }).click();
    await page.waitForURL('**/app/v/customer.all');
    const total = await waitForCount(page, (n) => n > 0);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: 'Grade' }).click();
    await page.getByLabel('A – key customer').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    const keyAccounts = await waitForCount(page, (n) => n < total);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');
    await page.getByLabel('Search').fill('有限公司');
    await waitForCount(page, (n) => n < keyAccounts);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('有限公司');
    const params = new URL(page.url()).searchParams;
    expect(params.get('sort')).toBe('name');
    expect(JSON.parse(params.get('filter')!)).toEqual([{ kind: 'oneOf', path: 'grade', values: ['A'] }]);
    filteredUrl = page.url();
    filtered = await listState(page);
    expect(filtered.names.length).toBe(filtered.count);
    // The server's answer for the same question, asked directly.
    const expected = (await page.evaluate(() => {
      const query = new URLSearchParams({
        q: '有限公司',
        sort: 'name',
        fields: 'name',
        limit: '100',
        filter: JSON.stringify({ in: [{ var: 'grade' }, ['A']] }),
      });
      return fetch(`/api/data/customer?${query}`).then((r) => r.json());
    })) as { data: { name: string }[] };
    expect(filtered.names).toEqual(expected.data.map((r) => r.name));
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'list-filtered-url-desktop.png') });
  });

  it('comes back to the same filtered, sorted, searched list with Back after opening a record', async () => {
    await page.locator('.grid-row[role=row]:not(.grid-head)').first().click();
    await page.waitForURL(/\/app\/e\/customer\//);
    await page.goBack();
    await page.waitForURL(filteredUrl);
    expect(await listState(page)).toEqual(filtered);
  });

  it('Back after changing the filter returns the list as it was', async () => {
    await page.getByRole('button', { name: 'Remove filter' }).click();
    await waitForCount(page, (n) => n > filtered.count);
    await page.goBack();
    await page.waitForURL(filteredUrl);
    expect(await listState(page)).toEqual(filtered);
  });

  it('opens the same list from a shared link (a new tab, same address) and after a reload', async () => {
    const other = await context.newPage();
    other.on('pageerror', (error) => problems.push(error.message));
    await other.goto(filteredUrl);
    expect(await listState(other)).toEqual(filtered);
    await other.reload();
    expect(await listState(other)).toEqual(filtered);
    await other.close();
  });

  it('opens a hand-edited address without crashing, dropping what it cannot use', async () => {
    const { total } = (await page.evaluate(() => fetch('/api/data/customer?count=true&limit=1').then((r) => r.json()))) as { total: number };
    await page.goto('/app/v/customer.all?sort=nope,-drop%20table&filter=%5B%7B%22kind%22:%22oneOf%22,%22path%22:%22nothing%22%7D,{oops&cols=zzz&q=');
    await waitForCount(page, (n) => n === total);
    expect(await page.getByRole('columnheader', { name: 'Name' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Remove filter' }).count()).toBe(0);
    await page.goto(
      '/app/v/customer.all?filter=%5B%7B%22kind%22:%22oneOf%22,%22path%22:%22grade%22,%22values%22:%5B%22A%22%5D%7D,%7B%22kind%22:%22range%22,%22path%22:%22nothing%22%7D%5D',
    );
    await waitForCount(page, (n) => n < total && n > 0);
    expect(await page.getByRole('button', { name: 'Remove filter' }).count()).toBe(1);
    expect(problems).toEqual([]);
  });
});

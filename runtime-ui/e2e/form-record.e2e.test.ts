import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, newPage, SCREENSHOT_DIR, signInThroughPage, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Picks the first search result of a lookup after typing into it. */
async function pickLookup(page: Page, input: ReturnType<Page['locator']>, text: string): Promise<string> {
  await input.click();
  await input.fill(text);
  const option = page.locator('.lf-menu [role=option]').first();
  await option.waitFor();
  const title = (await option.locator('.lf-menu-title').innerText()).trim();
  await option.click();
  return title;
}

const field = (page: Page, name: string) => page.locator(`[data-field="${name}"]`);
const cell = (page: Page, row: number, column: string) =>
  field(page, 'lines').locator('tbody tr:not(.lf-row-error)').nth(row).locator(`td[data-col="${column}"]`);

async function shot(page: Page, name: string, height?: number) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize()!;
  if (height) await page.setViewportSize({ width: size.width, height });
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name) });
  if (height) await page.setViewportSize(size);
}

describe.skipIf(skip !== undefined)('runtime-ui form and record pages in Chromium', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let quoteUrl = '';
  let customerName = '';
  const problems: string[] = [];

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

  it('refuses an empty quote with errors on the required fields and a summary at the top', async () => {
    await page.goto('/app/e/quote/new');
    await field(page, 'title').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('New Quote');
    // The status select starts at its default, the autonumber is assigned on save.
    expect(await field(page, 'status').innerText()).toContain('Draft');
    expect(await field(page, 'number').innerText()).toContain('Assigned when saved');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.lf-summary').waitFor();
    expect(await page.locator('.lf-summary').innerText()).toMatch(/Subject[\s\S]*Customer/);
    expect(await field(page, 'title').locator('.lf-field-error').innerText()).toBe('is required');
    expect(await field(page, 'customer').locator('.lf-field-error').innerText()).toBe('is required');
    expect(page.url()).toMatch(/\/app\/e\/quote\/new$/);
  });

  it('fills a quote with a customer lookup and two line rows; a server problem lands on its cell', async () => {
    await field(page, 'title').locator('input').fill('Water pumps for the new plant');
    customerName = await pickLookup(page, field(page, 'customer').locator('input'), '');
    expect(await field(page, 'customer').locator('input').inputValue()).toBe(customerName);
    // A fixed field loses its error at once.
    expect(await field(page, 'customer').locator('.lf-field-error').count()).toBe(0);

    await field(page, 'lines').getByRole('button', { name: 'Add row' }).click();
    await field(page, 'lines').getByRole('button', { name: 'Add row' }).click();
    await pickLookup(page, cell(page, 0, 'product').locator('input'), '');
    await cell(page, 0, 'qty').locator('input').fill('2');
    await cell(page, 0, 'price').locator('input').fill('1200.005');
    await cell(page, 0, 'amount').locator('input').fill('2400');
    await cell(page, 1, 'description').locator('input').fill('Installation and training');
    await cell(page, 1, 'price').locator('input').fill('300');
    await cell(page, 1, 'amount').locator('input').fill('300');

    // Three decimals pass the browser's checks; the server's problem points at /lines/0/price.
    await page.getByRole('button', { name: 'Save' }).click();
    await cell(page, 0, 'price').locator('.lf-cell-error').waitFor();
    expect(await cell(page, 0, 'price').locator('.lf-cell-error').innerText()).toBe('must have at most 2 decimal places');
    expect(await page.locator('.lf-summary').innerText()).toContain('Line items › #1 › Unit price: must have at most 2 decimal places');
    await shot(page, 'form-errors-desktop.png', 1100);

    await cell(page, 0, 'price').locator('input').fill('1200');
    expect(await cell(page, 0, 'price').locator('.lf-cell-error').count()).toBe(0);
    await shot(page, 'form-desktop.png', 1250);
  });

  it('shows the quote form in one column on a 375 px phone', async () => {
    const phone = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      storageState: await context.storageState(),
    });
    const phonePage = await phone.newPage();
    await phonePage.goto('/app/e/quote/new');
    await field(phonePage, 'title').locator('input').fill('Pumps');
    await field(phonePage, 'lines').getByRole('button', { name: 'Add row' }).click();
    const boxes = await Promise.all(['title', 'customer'].map((name) => field(phonePage, name).boundingBox()));
    expect(boxes[0]!.x).toBe(boxes[1]!.x);
    expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y);
    expect(Number(await phonePage.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375);
    // The Save and Cancel buttons stay at the bottom of the screen.
    const save = await phonePage.getByRole('button', { name: 'Save' }).boundingBox();
    expect(save!.y + save!.height).toBeGreaterThan(760);
    await phonePage.locator('.content').evaluate((el) => el.scrollTo(0, 0));
    await phonePage.waitForTimeout(200);
    await phonePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'form-phone.png') });
    await cell(phonePage, 0, 'price').locator('input').fill('99');
    await field(phonePage, 'lines').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await phonePage.waitForTimeout(200);
    await phonePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'form-phone-lines.png') });
    await phone.close();
  });

  it('saves and opens the record page with the title, the key fields, the lines and the history', async () => {
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/app\/e\/quote\/[0-9a-f-]{36}$/);
    quoteUrl = new URL(page.url()).pathname;
    const header = page.locator('.lr-header');
    await header.waitFor();
    expect(await header.locator('h1').innerText()).toMatch(/QT-\d{4}-\d{4}/);
    expect(await header.innerText()).toContain(customerName);
    expect(await header.innerText()).toContain('Draft');
    const lines = page.locator('[data-field="lines"] tbody tr');
    expect(await lines.count()).toBe(2);
    // Rows created in one save share a creation time: the server keeps no position, so any order is right.
    expect((await lines.allInnerTexts()).join('\n')).toContain('Installation and training');
    await page.locator('.lr-event').first().waitFor();
    expect(await page.locator('.lr-event').first().innerText()).toContain('You created this record');
    expect(await page.locator('main').innerText()).not.toMatch(UUID);
    await shot(page, 'record-desktop.png', 1100);
  });

  it('lists related records and creates one inline with its lookup filled in', async () => {
    await page.getByRole('link', { name: customerName }).first().click();
    await page.waitForURL(/\/app\/e\/customer\//);
    await page.getByRole('tab', { name: /Related/ }).click();
    const quotes = page.locator('[data-related="quote.customer"]');
    await quotes.locator('tbody tr').first().waitFor();
    expect(await quotes.innerText()).toContain('Water pumps for the new plant');

    const contacts = page.locator('[data-related="contact.customer"]');
    await contacts.locator('.lr-count').waitFor();
    const before = Number(await contacts.locator('.lr-count').innerText());
    await contacts.getByRole('button', { name: 'New' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-field="name"] input').fill('Zhang Wei');
    await expect.poll(() => dialog.locator('[data-field="customer"] input').inputValue()).toBe(customerName);
    await shot(page, 'record-related-new-desktop.png', 1000);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => Number(await contacts.locator('.lr-count').innerText())).toBe(before + 1);
    expect(await contacts.innerText()).toContain('Zhang Wei');
    await shot(page, 'record-related-desktop.png', 1300);
  });

  it('edits with If-Match: a change shows in the history as old → new', async () => {
    await page.goto(`${quoteUrl}/edit`);
    await field(page, 'title').locator('input').fill('Water pumps, phase 1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`**${quoteUrl}`);
    const change = page.locator('.lr-event').first();
    await expect.poll(() => change.innerText()).toContain('changed 1 field');
    expect(await change.innerText()).toMatch(/Water pumps for the new plant[\s\S]*Water pumps, phase 1/);
  });

  it('shows a broken record rule in the summary and keeps the edits', async () => {
    await page.goto(`${quoteUrl}/edit`);
    await field(page, 'quotedOn').locator('input').fill('2026-05-10');
    await field(page, 'status').getByRole('button').click();
    await page.locator('.lf-menu [role=option]', { hasText: 'Sent' }).click();
    await field(page, 'validUntil').locator('input').fill('2026-05-01');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.lf-summary').waitFor();
    expect(await page.locator('.lf-summary').innerText()).toContain('This record: A quote cannot expire before it is issued');
    expect(await field(page, 'validUntil').locator('input').inputValue()).toBe('2026-05-01');
    expect(await field(page, 'status').innerText()).toContain('Sent');
  });

  it('explains a stale version and reloads the latest on request', async () => {
    await page.goto(`${quoteUrl}/edit`);
    await field(page, 'title').locator('input').fill('My version');
    const id = quoteUrl.split('/').pop()!;
    const status = await page.evaluate(async (recordId) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(`/api/data/quote/${recordId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ title: 'Their version' }),
      });
      return res.status;
    }, id);
    expect(status).toBe(200);
    await page.getByRole('button', { name: 'Save' }).click();
    const banner = page.locator('.lf-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Someone else changed this record');
    await banner.getByRole('button', { name: 'Reload latest' }).click();
    await expect.poll(() => field(page, 'title').locator('input').inputValue()).toBe('Their version');
    expect(await banner.count()).toBe(0);
  });

  it('asks before leaving a form with unsaved changes', async () => {
    await field(page, 'title').locator('input').fill('Unsaved words');
    expect(await page.locator('.lf-dirty').innerText()).toContain('Unsaved changes');
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'All customers' }).click();
    expect(asked).toContain('unsaved changes');
    expect(page.url()).toContain('/edit');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'All customers' }).click();
    await page.waitForURL('**/app/v/customer.all');
  });

  it('checks in with the browser position and an uploaded photo', async () => {
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: 34.746611, longitude: 113.625368 });
    await page.goto('/app/e/checkIn/new');
    await field(page, 'subject').locator('input').fill('Site visit');
    await pickLookup(page, field(page, 'customer').locator('input'), '');
    await field(page, 'at').locator('input').fill('2026-11-20T10:30');
    await field(page, 'position').getByRole('button', { name: 'Use my position' }).click();
    await expect.poll(() => field(page, 'position').getByLabel('Latitude').inputValue()).toBe('34.746611');
    await field(page, 'position').getByLabel('Address').fill('Zhengzhou, Jinshui Road 1');
    // A 1×1 PNG: the server checks the bytes, not only the name.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await field(page, 'photo').locator('input[type=file]').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: png });
    await field(page, 'photo').locator('img').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/app\/e\/checkIn\/[0-9a-f-]{36}$/);
    await page.locator('[data-field="position"]').getByText('Zhengzhou, Jinshui Road 1').waitFor();
    const src = await page.locator('[data-field="photo"] img').getAttribute('src');
    expect(src).toMatch(/^\/api\/files\//);
    const status = await page.evaluate(async (url) => (await fetch(url!)).status, src);
    expect(status).toBe(200);
  });

  it('shows the record page stacked on a 375 px phone', async () => {
    const phone = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      storageState: await context.storageState(),
    });
    const phonePage = await phone.newPage();
    await phonePage.goto(quoteUrl);
    await phonePage.locator('.lr-header').waitFor();
    await phonePage.locator('[data-field="lines"] tbody tr').first().waitFor();
    expect(Number(await phonePage.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375);
    await phonePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'record-phone.png') });
    await phone.close();
    expect(problems).toEqual([]);
  });
});

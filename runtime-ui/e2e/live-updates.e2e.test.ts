import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, newPage, signInThroughPage, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

/** Renames a view through the metadata API as the signed-in administrator (a publish). */
async function renameView(page: Page, view: string, label: string): Promise<number> {
  return page.evaluate(
    async ({ view, label }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const current = (await (await fetch(`/api/meta/view/${view}`)).json()) as { document: { label: unknown } };
      const document = { ...current.document, label: { en: label, 'zh-CN': label } };
      const answer = await fetch(`/api/meta/view/${view}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify(document),
      });
      return answer.status;
    },
    { view, label },
  );
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

describe.skipIf(skip !== undefined)('runtime-ui keeps up without a reload', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
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

  it('shows a publish on the next request the user makes (the answer names a newer revision)', async () => {
    await page.getByRole('link', { name: 'All customers' }).click();
    await expect.poll(() => heading(page)).toBe('All customers');
    await page.locator('.grid-row[role=row]:not(.grid-head)').first().waitFor();
    const loaded = page.url();
    expect(await renameView(page, 'customer.all', 'Every customer')).toBe(200);
    // The user keeps working: a sort asks the server for the list again.
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await expect.poll(() => heading(page), { timeout: 5000 }).toBe('Every customer');
    await page.getByRole('link', { name: 'Every customer' }).waitFor({ timeout: 1000 });
    expect(page.url().startsWith(loaded)).toBe(true);
  });

  it('shows a publish in an idle app when its tab comes back into view', async () => {
    expect(await renameView(page, 'customer.all', 'Customers, all')).toBe(200);
    await page.waitForTimeout(500);
    expect(await heading(page)).toBe('Every customer');
    await page.evaluate("window.dispatchEvent(new Event('visibilitychange'))");
    await expect.poll(() => heading(page), { timeout: 5000 }).toBe('Customers, all');
  });

  it('updates a contract’s received amount (a roll-up) when a receipt is added from its page', async () => {
    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    await page.locator('.grid-row[role=row]:not(.grid-head)').first().click();
    await page.waitForURL(/\/app\/e\/contract\//);
    const paid = page.locator('[data-field="paid"] .lr-value');
    await paid.waitFor();
    const before = Number((await paid.innerText()).replace(/[^\d.]/g, ''));
    const customer = (await page.locator('.lr-fact').filter({ hasText: 'Customer' }).locator('dd').innerText()).trim();

    await page.getByRole('tab', { name: /Related/ }).click();
    const receipts = page.locator('[data-related="receipt.contract"]');
    await receipts.locator('.lr-count').waitFor();
    const count = Number(await receipts.locator('.lr-count').innerText());
    await receipts.getByRole('button', { name: 'New' }).click();
    const dialog = page.getByRole('dialog');
    const lookup = dialog.locator('[data-field="customer"] input');
    await lookup.click();
    await lookup.fill(customer);
    await page.locator('.lf-menu [role=option]').first().click();
    await dialog.locator('[data-field="amount"] input').fill('1234.5');
    await dialog.locator('[data-field="receivedOn"] input').fill('2026-12-01');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => Number(await receipts.locator('.lr-count').innerText())).toBe(count + 1);

    await page.getByRole('tab', { name: 'Details' }).click();
    await expect.poll(async () => Number((await paid.innerText()).replace(/[^\d.]/g, '')), { timeout: 5000 }).toBeCloseTo(before + 1234.5, 2);
  });

  it('shows a page that fails to render as an error with a way back; leaving it or trying again recovers', async () => {
    // A malformed answer makes the contacts list throw while rendering.
    const broken = (url: URL) => url.pathname === '/api/data/contact';
    await page.route(broken, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: [null], next: null, total: 1 }) }),
    );
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    const error = page.getByTestId('page-error');
    await error.waitFor();
    expect(await error.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    expect(await error.getByRole('link').count()).toBe(1);
    expect(await page.locator('.sidebar-nav').isVisible()).toBe(true);

    // Navigating away recovers.
    await page.getByRole('link', { name: 'Customers, all' }).click();
    await page.locator('.grid-row[role=row]:not(.grid-head)').first().waitFor();
    expect(await error.count()).toBe(0);

    // Back on the broken page, then the fault goes away: "Try again" reads the list anew.
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await error.waitFor();
    await page.unroute(broken);
    await error.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.grid-row[role=row]:not(.grid-head)').first().waitFor();
    expect(await error.count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

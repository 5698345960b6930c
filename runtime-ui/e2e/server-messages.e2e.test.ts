import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, newPage, signInThroughPage, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

/**
 * What the server says shows in the user's language: the app sends the language picked as
 * Accept-Language, and a problem only the server can find (a unique value already taken) comes
 * back in it, naming the entity by its label.
 */
describe.skipIf(skip !== undefined)('server messages in the language the user picked', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let takenName = '';

  beforeAll(async () => {
    server = await startLoomServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server));
    await signInThroughPage(page, server);
    const list = (await page.evaluate(async () => (await fetch('/api/data/customer?limit=1&fields=name')).json())) as { data: { name: string }[] };
    takenName = list.data[0].name;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function saveCustomerNamed(name: string): Promise<string> {
    await page.goto('/app/e/customer/new');
    const input = page.locator('[data-field="name"] input').first();
    await input.waitFor();
    await input.fill(name);
    await page.locator('button[type=submit]').first().click();
    const summary = page.locator('.lf-summary');
    await summary.waitFor();
    return summary.innerText();
  }

  for (const [locale, expected] of [
    ['zh-CN', '已有其他客户使用了这个值'],
    ['en', 'another customer already has this value'],
  ] as const) {
    it(`in ${locale}: a customer name already taken is refused in ${locale}`, async () => {
      await page.evaluate((value) => localStorage.setItem('loom.locale', value), locale);
      expect(await saveCustomerNamed(takenName)).toContain(expected);
    });
  }
});

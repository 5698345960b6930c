import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, newPage, signInThroughPage, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** An entity with rich text, which the CRM pack has none of: the record page shows it as HTML. */
const MEMO = {
  kind: 'entity',
  name: 'memo',
  label: { en: 'Memo' },
  titleField: 'title',
  fields: {
    title: { type: 'text', label: { en: 'Title' }, required: true },
    body: { type: 'richtext', label: { en: 'Body' } },
  },
};
const MEMO_VIEW = { kind: 'view', name: 'memo.all', entity: 'memo', label: { en: 'Memos' }, columns: ['title'], default: true };
const MEMO_FORM = { kind: 'form', name: 'memo.default', entity: 'memo', label: { en: 'Memo' }, sections: [{ fields: ['title', 'body'] }] };
const BODY = `<p>Plain, <b>bold</b>, <span style="color: #b00">coloured</span>, <img src="data:image/png;base64,${PNG}" alt="dot"> and <img src="https://tracker.example/pixel.gif" alt="pixel"></p>`;

/**
 * The web app under its Content-Security-Policy: the list, record and form pages (with a
 * rich-text record, a form that validates, and an image upload) run without one violation.
 */
describe.skipIf(skip !== undefined)('runtime-ui under its Content-Security-Policy in Chromium', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];
  const problems: string[] = [];
  let atSignIn: string[] = [];

  beforeAll(async () => {
    server = await startLoomServer();
    await server.app.registry.publish([
      { put: MEMO, pointer: '/memo' },
      { put: MEMO_VIEW, pointer: '/view' },
      { put: MEMO_FORM, pointer: '/form' },
    ]);
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server));
    // Chromium reports each refusal on the console and as an event on the document.
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));",
    });
    await signInThroughPage(page, server);
    atSignIn = [...violations];
  });

  beforeEach(() => {
    violations.length = 0;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('sends the policy with the app, and signing in and the home page break none of it', async () => {
    const res = await page.request.get('/app/');
    expect(res.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(atSignIn).toEqual([]);
  });

  it('shows a list page', async () => {
    await page.goto('/app/v/customer.all');
    await page.locator('.grid-row[role=row]').nth(1).waitFor();
    expect(violations).toEqual([]);
  });

  it('shows a rich-text record: its data image, without the remote one, which the server dropped', async () => {
    const id = await page.evaluate(async (body) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/data/memo', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ title: 'Pixels', body }),
      });
      return ((await res.json()) as { id: string }).id;
    }, BODY);
    await page.goto(`/app/e/memo/${id}`);
    const view = page.locator('.lf-richtext-view');
    await view.locator('img[alt=dot]').waitFor();
    expect(await view.locator('img[alt=pixel]').count()).toBe(0);
    expect(
      await view
        .locator('span')
        .evaluate((span) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(span).color),
    ).toBe('rgb(187, 0, 0)');
    await page.goto(`/app/e/memo/${id}/edit`);
    await page.locator('.lf-rich-body img[alt=dot]').waitFor();
    expect(violations).toEqual([]);
  });

  it('shows a record page with lines, and its form', async () => {
    const id = await page.evaluate(async () => ((await (await fetch('/api/data/quote?limit=1')).json()) as { data: { id: string }[] }).data[0].id);
    await page.goto(`/app/e/quote/${id}`);
    await page.locator('[data-field="lines"]').first().waitFor();
    await page.goto(`/app/e/quote/${id}/edit`);
    await page.locator('[data-field="lines"]').waitFor();
    expect(violations).toEqual([]);
  });

  it('validates a new form on save (the schema validator compiles at run time) and previews an upload', async () => {
    await page.goto('/app/e/quote/new');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').first().waitFor();
    await page.goto('/app/e/checkIn/new');
    const photo = page.locator('[data-field="photo"]');
    await photo.locator('input[type=file]').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
    await photo.locator('img').waitFor();
    expect(await photo.locator('img').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth)).toBe(1);
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });
});

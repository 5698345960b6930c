import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, newPage, SCREENSHOT_DIR, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

/** Names in the list's first text column, in screen order. */
async function columnTexts(page: Page, columnIndex: number): Promise<string[]> {
  await page.locator('.grid-row[role=row]').nth(1).waitFor();
  return page.locator(`.grid-row[role=row]:not(.grid-head) > .grid-cell:nth-child(${columnIndex + 1})`).allInnerTexts();
}

/** The list's total as shown (waiting while a new result set is on its way and none is shown). */
async function count(page: Page): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const text = (await page.getByTestId('list-count').innerText()).replace(/[^\d]/g, '');
    if (text) return Number(text);
    await page.waitForTimeout(100);
  }
  throw new Error('the list never showed a total');
}

async function waitForCount(page: Page, predicate: (n: number) => boolean): Promise<number> {
  let last = -1;
  for (let i = 0; i < 200; i++) {
    const text = await page.getByTestId('list-count').innerText();
    if (text) {
      last = await count(page);
      if (predicate(last)) return last;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`the record count never matched (last ${last})`);
}

describe.skipIf(skip !== undefined)('runtime-ui list page in Chromium', () => {
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
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('signs in: a wrong password is refused on the page, the right one opens the app', async () => {
    await page.goto('/app/');
    await page.getByLabel('Email').fill(server.adminEmail);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('The email or password is not right.');
    await page.getByLabel('Password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.sidebar-nav').waitFor();
    expect(await page.locator('.user-name').innerText()).toBeTruthy();
  });

  it('opens a CRM list from the menu, with a total and rows', async () => {
    // The sample records have no owner: give them to the administrator, as a sales team's would have one.
    for (const entity of ['customer', 'opportunity']) {
      const moved = await page.evaluate(async (name) => {
        const me = (await (await fetch('/api/auth/me')).json()) as { user: { id: string }; csrfToken: string };
        const list = (await (await fetch(`/api/data/${name}?limit=500`)).json()) as { data: { id: string }[] };
        const body = JSON.stringify({ ids: list.data.map((r) => r.id), owner: me.user.id });
        return (
          await fetch(`/api/data/${name}/transfer`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body })
        ).status;
      }, entity);
      expect(moved).toBe(200);
    }
    await page.getByRole('link', { name: 'All customers' }).click();
    await page.waitForURL('**/app/v/customer.all');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('All customers');
    const total = await waitForCount(page, (n) => n > 0);
    const api = (await page.evaluate(() => fetch('/api/data/customer?count=true&limit=1').then((r) => r.json()))) as { total: number };
    expect(total).toBe(api.total);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('All customers');
    // Lookups and users show names, never ids.
    const texts = await page.locator('.grid-row[role=row]:not(.grid-head)').allInnerTexts();
    expect(texts.join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('sorts on the server by clicking headers, shift-click adds a second key', async () => {
    const nameHeader = page.getByRole('columnheader', { name: 'Name' });
    await nameHeader.click();
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    const api = (await page.evaluate(() => fetch('/api/data/customer?sort=name&limit=5').then((r) => r.json()))) as { data: { name: string }[] };
    await expect.poll(async () => (await columnTexts(page, 2)).slice(0, 5)).toEqual(api.data.map((r) => r.name));
    await nameHeader.click();
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('descending');
    const grade = page.getByRole('columnheader', { name: 'Grade' });
    await grade.click({ modifiers: ['Shift'] });
    await expect.poll(() => grade.getAttribute('aria-sort')).toBe('ascending');
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await page.locator('.sort-mark sup').allInnerTexts()).toEqual(['1', '2']);
  });

  it('filters with the builder: a select field "is any of", compiled to JSON Logic', async () => {
    const before = await count(page);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: 'Grade' }).click();
    await page.getByLabel('A – key customer').check();
    const request = page.waitForRequest((r) => r.url().includes('/api/data/customer?') && r.url().includes('filter='));
    await page.getByRole('button', { name: 'Apply' }).click();
    const filter = JSON.parse(new URL((await request).url()).searchParams.get('filter')!);
    expect(filter).toEqual({ in: [{ var: 'grade' }, ['A']] });
    const after = await waitForCount(page, (n) => n < before);
    expect(after).toBeGreaterThan(0);
    const grades = await page.locator('.grid-row[role=row]:not(.grid-head) .chip').allInnerTexts();
    expect(new Set(grades.filter((g) => g.startsWith('A') || g.startsWith('B') || g.startsWith('C')))).toEqual(new Set(['A – key customer']));
    await page.getByRole('button', { name: 'Remove filter' }).click();
    await waitForCount(page, (n) => n === before);
  });

  it('searches quickly with q', async () => {
    const before = await count(page);
    await page.getByLabel('Search').fill('宇恒');
    const found = await waitForCount(page, (n) => n < before);
    expect(found).toBeGreaterThan(0);
    expect((await columnTexts(page, 2)).every((name) => name.includes('宇恒'))).toBe(true);
    await page.getByLabel('Search').fill('');
    await waitForCount(page, (n) => n === before);
  });

  it('chooses columns', async () => {
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('dialog', { name: 'Columns' }).getByLabel('Phone', { exact: true }).uncheck();
    await page.getByRole('dialog', { name: 'Columns' }).getByLabel('Source', { exact: true }).check();
    await page.keyboard.press('Escape');
    await page.getByRole('columnheader', { name: 'Source' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Phone' }).count()).toBe(0);
  });

  it('saves the current columns, filter and sort as a personal view and reopens it', async () => {
    const total = await count(page);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: 'Grade' }).click();
    await page.getByLabel('A – key customer').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    const filtered = await waitForCount(page, (n) => n < total);
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByLabel('View name').fill('Key accounts');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Key accounts');
    const saved = (await page.evaluate(() => fetch('/api/me/views?entity=customer').then((r) => r.json()))) as {
      data: { name: string; columns: string[]; filter: unknown }[];
    };
    expect(saved.data).toHaveLength(1);
    expect(saved.data[0]).toMatchObject({ name: 'Key accounts', filter: { in: [{ var: 'grade' }, ['A']] } });
    expect(saved.data[0].columns).toContain('source');
    expect(saved.data[0].columns).not.toContain('phone');

    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('button', { name: /All customers/ }).click();
    await waitForCount(page, (n) => n === total);
    await page.getByRole('columnheader', { name: 'Phone' }).waitFor();
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('button', { name: 'Key accounts', exact: true }).click();
    await waitForCount(page, (n) => n === filtered);
    await page.getByRole('columnheader', { name: 'Source' }).waitFor();
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('button', { name: /All customers/ }).click();
    await waitForCount(page, (n) => n === total);
  });

  it('filters by a lookup with a search-select and by a money range', async () => {
    await page.getByRole('link', { name: 'Open opportunities' }).click();
    await page.waitForURL('**/app/v/opportunity.open');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Open opportunities');
    const total = await waitForCount(page, (n) => n > 0);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: 'Customer', exact: true }).click();
    await page.getByRole('dialog').getByRole('searchbox').fill('宇恒集团');
    const option = page.getByRole('option').first();
    await option.waitFor();
    const request = page.waitForRequest((r) => r.url().includes('/api/data/opportunity?') && r.url().includes('filter='));
    await option.click();
    const filter = JSON.parse(new URL((await request).url()).searchParams.get('filter')!);
    expect(filter.and[1]).toMatchObject({ '==': [{ var: 'customer' }, expect.stringMatching(/^[0-9a-f-]{36}$/)] });
    const byCustomer = await waitForCount(page, (n) => n < total);
    expect((await columnTexts(page, 2)).filter((name) => !name.includes('宇恒集团'))).toEqual([]);
    await page.getByRole('button', { name: 'Remove filter' }).click();
    await waitForCount(page, (n) => n === total);
    expect(byCustomer).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: 'Amount', exact: true }).click();
    await page.getByLabel('Min', { exact: true }).fill('100000');
    await page.getByRole('button', { name: 'Apply' }).click();
    const big = await waitForCount(page, (n) => n < total);
    expect(big).toBeGreaterThan(0);
    const amounts = await page.locator('.grid-row[role=row]:not(.grid-head) > .grid-cell:nth-child(5)').allInnerTexts();
    expect(amounts.every((a) => Number(a.replace(/[^\d.]/g, '')) >= 100000)).toBe(true);
    await page.getByRole('button', { name: 'Remove filter' }).click();
    await waitForCount(page, (n) => n === total);
    await page.getByRole('link', { name: 'All customers' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('All customers');
    await waitForCount(page, (n) => n > 0);
    await page.locator('.grid-row[role=row]').nth(1).waitFor();
  });

  it('changes one field on the selected rows with a bulk action', async () => {
    const checks = page.locator('.grid-row[role=row]:not(.grid-head) input[type=checkbox]');
    await checks.nth(0).check();
    await checks.nth(1).check();
    expect(await page.locator('.bulk-count').innerText()).toBe('2 selected');
    expect(await page.locator('.grid-row.selected').count()).toBe(2);
    const names = await page.locator('.grid-row.selected > .grid-cell:nth-child(3)').allInnerTexts();
    await page.getByRole('button', { name: 'Update field' }).click();
    await page.getByLabel('Field', { exact: true }).selectOption({ label: 'Grade' });
    await page.getByLabel('Value', { exact: true }).selectOption('C');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .innerText()
          .catch(() => ''),
      )
      .toContain('Done: 2 records changed.');
    expect(await page.locator('.bulk-bar').count()).toBe(0);
    for (const name of names) {
      const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'name' }, name] }));
      const answer = (await page.evaluate((url) => fetch(url).then((r) => r.json()), `/api/data/customer?filter=${filter}`)) as { data: { grade: string }[] };
      expect(answer.data.map((r) => r.grade)).toEqual(['C']);
    }
  });

  it('switches to 简体中文 and shows Chinese labels from the bundle', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('link', { name: '全部客户' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('全部客户');
    await page.getByRole('columnheader', { name: '客户名称' }).waitFor();
    expect(await page.getByRole('button', { name: '添加筛选' }).count()).toBe(1);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'list-desktop-zh.png') });
    // The choice survives a reload.
    await page.reload();
    await page.getByRole('link', { name: '全部客户' }).waitFor();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('link', { name: 'All customers' }).waitFor();
  });

  it('takes screenshots of the list on a desktop and on a 375 px phone', async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.getByRole('link', { name: 'Open opportunities' }).click();
    await page.waitForURL('**/app/v/opportunity.open');
    await page.locator('.grid-row[role=row]').nth(1).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'list-desktop.png') });

    const phone = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      storageState: await context.storageState(),
    });
    const phonePage = await phone.newPage();
    await phonePage.goto('/app/v/customer.all');
    await phonePage.locator('.card[role=listitem]').nth(2).waitFor();
    expect(await phonePage.locator('.grid-row').count()).toBe(0);
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'list-phone.png') });
    await phone.close();
    expect(fs.statSync(path.join(SCREENSHOT_DIR, 'list-phone.png')).size).toBeGreaterThan(10_000);
  });

  it('deletes selected rows after confirmation', async () => {
    const created = await page.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      for (const name of ['Zeta Removal One Ltd', 'Zeta Removal Two Ltd']) {
        const res = await fetch('/api/data/customer', { method: 'POST', headers, body: JSON.stringify({ name, grade: 'C' }) });
        if (res.status !== 201 && res.status !== 200) return res.status;
      }
      return 201;
    });
    expect(created).toBe(201);
    await page.getByRole('link', { name: 'All customers' }).click();
    await page.waitForURL('**/app/v/customer.all');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('All customers');
    await page.getByLabel('Search').fill('Zeta Removal');
    await waitForCount(page, (n) => n === 2);
    await page.getByRole('checkbox', { name: 'Select all loaded rows' }).check();
    expect(await page.locator('.bulk-count').innerText()).toBe('2 selected');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await waitForCount(page, (n) => n === 0);
    await page.getByText('Nothing matches.').waitFor();
    await page.getByLabel('Search').fill('');
    expect(problems).toEqual([]);
  });

  it('signs out from the user menu', async () => {
    await page.locator('.user-menu > .btn').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
    expect(me).toBe(401);
  });
});

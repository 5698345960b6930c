import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../engine/src/auth/users-repo.ts';
import { SYSTEM_ACTOR } from '../../engine/src/data/actor.ts';
import { e2eSkipReason, launchBrowser, newPage, SCREENSHOT_DIR, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const PASSWORD = 'sales-e2e-password-1';

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name) });
}

async function signIn(page: Page, email: string) {
  await page.goto('/app/');
  await page.getByLabel(/email|邮箱/i).fill(email);
  await page.getByLabel(/password|密码/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.locator('.sidebar-nav').waitFor();
}

/** Clicks an action's button, then Confirm in the panel it opens. */
async function runAction(page: Page, scope: ReturnType<Page['locator']>, label: string | RegExp, confirm: string | RegExp = /^(Confirm|确定)$/) {
  await scope.getByRole('button', { name: label }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: confirm }).click();
}

describe.skipIf(skip !== undefined)('record actions and the bell in Chromium', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let salesId = '';
  const email = 'zhang.wei@loom.test';
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startLoomServer();
    const user = await createUser(server.database.db, { email, name: '张伟', password: PASSWORD, roles: ['sales'] });
    salesId = user.id;
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

  const poolCount = async () =>
    (await server.app.records.list('customer', { filter: JSON.stringify({ '==': [{ var: 'inPool' }, true] }), count: 'true', limit: '1' }, SYSTEM_ACTOR))
      .total!;

  it('claims a customer from the public pool as a salesperson: a selection in the list, then one on its record page', async () => {
    const before = await poolCount();
    expect(before).toBeGreaterThan(1);
    await page.goto('/app/v/customer.pool');
    const rows = page.locator('.grid-row[aria-rowindex]');
    await rows.first().waitFor();
    const firstName = (await rows.first().locator('.title-cell').innerText()).trim();
    await rows.first().getByRole('checkbox', { name: 'Select row' }).check();
    const bar = page.locator('.bulk-bar');
    await bar.waitFor();
    await bar.getByRole('button', { name: 'Claim' }).click();
    expect(await page.getByRole('alertdialog').innerText()).toContain('Run “Claim” on 1 record?');
    await shot(page, 'actions-pool-claim-confirm.png');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 1 record changed.' }).waitFor();
    await expect.poll(poolCount).toBe(before - 1);
    await expect.poll(async () => (await page.locator('.grid-row[aria-rowindex] .title-cell').allInnerTexts()).map((t) => t.trim())).not.toContain(firstName);
    const mine = await server.app.records.list('customer', { filter: JSON.stringify({ '==': [{ var: 'name' }, firstName] }) }, SYSTEM_ACTOR);
    expect(mine.data[0]).toMatchObject({ owner: salesId, inPool: false });

    // On a phone, in Chinese: the pool's cards carry 领取 (a phone list has no selection).
    await page.getByRole('button', { name: '中文' }).click();
    await page.setViewportSize({ width: 375, height: 780 });
    const cards = page.locator('.card[role=listitem]');
    await cards.first().waitFor();
    const cardName = (await cards.first().locator('.card-title').innerText()).trim();
    await cards.first().getByRole('button', { name: '领取' }).click();
    expect(await page.getByRole('alertdialog').innerText()).toContain('确定对这条记录执行「领取」吗？');
    await shot(page, 'actions-pool-card-375-zh.png');
    await page.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
    await expect.poll(async () => (await page.locator('.card[role=listitem] .card-title').allInnerTexts()).map((t) => t.trim())).not.toContain(cardName);
    expect(page.url()).toMatch(/\/app\/v\/customer\.pool/);
    await expect.poll(poolCount).toBe(before - 2);

    // The record page's 领取 button.
    const next = (await server.app.records.list('customer', { filter: JSON.stringify({ '==': [{ var: 'inPool' }, true] }), limit: '1' }, SYSTEM_ACTOR)).data[0];
    await page.goto(`/app/e/customer/${next.id}`);
    const panel = page.locator('[data-slot="actions"]');
    await panel.getByRole('button', { name: '领取' }).waitFor();
    expect(await panel.getByRole('button', { name: '退回公海' }).count()).toBe(0);
    await shot(page, 'actions-record-claim-375-zh.png');
    await runAction(page, panel, '领取');
    await panel.getByRole('button', { name: '退回公海' }).waitFor();
    expect(await panel.getByRole('status').innerText()).toContain('已完成「领取」');
    await shot(page, 'actions-record-claimed-375-zh.png');
    expect((await server.app.records.get('customer', String(next.id), {}, SYSTEM_ACTOR)).owner).toBe(salesId);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'EN' }).click();
  });

  it('pushes an accepted quote down to a contract with its three lines, and opens the contract', async () => {
    const customer = (await server.app.records.list('customer', { filter: JSON.stringify({ '==': [{ var: 'owner' }, salesId] }), limit: '1' }, SYSTEM_ACTOR))
      .data[0];
    const quote = await server.app.records.create(
      'quote',
      {
        title: '年度水泵采购',
        customer: customer.id,
        status: 'accepted',
        owner: salesId,
        lines: [
          { description: '离心泵 A', qty: 4, price: 12000, amount: 48000 },
          { description: '安装调试', qty: 1, price: 6000, amount: 6000 },
          { description: '年度维保', qty: 1, price: 9800, discount: 10, amount: 8820 },
        ],
      },
      SYSTEM_ACTOR,
    );
    await page.goto(`/app/e/quote/${quote.id}`);
    const panel = page.locator('[data-slot="actions"]');
    await panel.getByRole('button', { name: 'Create contract' }).waitFor();
    await shot(page, 'actions-quote-push-down.png');
    await runAction(page, panel, 'Create contract');
    await page.waitForURL(/\/app\/e\/contract\/[0-9a-f-]{36}$/);
    const contractId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1 }).filter({ hasText: '年度水泵采购' }).waitFor();
    const contract = await server.app.records.get('contract', contractId, {}, SYSTEM_ACTOR);
    expect(contract).toMatchObject({ name: '年度水泵采购', customer: customer.id, quote: quote.id, owner: salesId });
    expect(Number((contract.amount as { amount: string }).amount)).toBe(62820);
    const lines = await server.app.records.list(
      'contractLine',
      { filter: JSON.stringify({ '==': [{ var: 'contract' }, contractId] }), sort: 'id' },
      SYSTEM_ACTOR,
    );
    expect(lines.data.map((l) => l.description)).toEqual(['离心泵 A', '安装调试', '年度维保']);
    await page.getByText('年度维保').first().waitFor();
    await shot(page, 'actions-contract-from-quote.png');
    // The quote now names its contract, and its button is gone.
    expect((await server.app.records.get('quote', String(quote.id), {}, SYSTEM_ACTOR)).contract).toBe(contractId);
    await page.goto(`/app/e/quote/${quote.id}`);
    await page.locator('[data-slot="actions"]').getByText('No action applies to this record as it is now.').waitFor();
  });

  it('shows a notification in the bell; opening it marks it read and goes to its record; mark all read', async () => {
    const contract = (await server.app.records.list('contract', { filter: JSON.stringify({ '==': [{ var: 'owner' }, salesId] }), limit: '1' }, SYSTEM_ACTOR))
      .data[0];
    const notifications = server.app.server.loom.processes.services;
    await server.database.db.transaction().execute(async (trx) => {
      for (const [i, title] of ['合同即将到期', 'Follow up with the customer'].entries()) {
        await notifications.notifyUsers(trx, {
          users: [salesId],
          title: { en: title, 'zh-CN': title },
          message: { en: `Reminder ${i + 1} about your contract.`, 'zh-CN': `关于你的合同的第 ${i + 1} 条提醒。` },
          link: { entity: 'contract', id: String(contract.id) },
          source: 'reminder:e2e',
          key: `e2e-bell-${i}`,
        });
      }
    });
    await page.goto('/app/');
    const bell = page.locator('.bell');
    await bell.locator('.badge').filter({ hasText: '2' }).waitFor();
    await bell.getByRole('button').first().click();
    const panel = page.locator('.popover .notifications');
    await panel.waitFor();
    expect(await panel.locator('.notification.unread').count()).toBe(2);
    await shot(page, 'bell-open.png');
    await panel.locator('.notification').filter({ hasText: 'Follow up with the customer' }).locator('.notification-open').click();
    await page.waitForURL(new RegExp(`/app/e/contract/${contract.id}$`));
    await bell.locator('.badge').filter({ hasText: '1' }).waitFor();

    // On a phone, in Chinese: one left unread, then all read.
    await page.getByRole('button', { name: '中文' }).click();
    await page.setViewportSize({ width: 375, height: 780 });
    await bell.getByRole('button').first().click();
    await panel.waitFor();
    expect(await panel.locator('.notification.unread').innerText()).toContain('合同即将到期');
    await shot(page, 'bell-375-zh.png');
    await panel.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => bell.locator('.badge').count()).toBe(0);
    const answer = await page.evaluate(async () => (await fetch('/api/notifications?unread=true')).json());
    expect(answer).toMatchObject({ unread: 0, data: [] });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'EN' }).click();
    expect(problems).toEqual([]);
  });
});

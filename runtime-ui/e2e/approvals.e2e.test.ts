import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../engine/src/auth/users-repo.ts';
import { SYSTEM_ACTOR } from '../../engine/src/data/actor.ts';
import { e2eSkipReason, launchBrowser, newPage, SCREENSHOT_DIR, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const PASSWORD = 'approvals-e2e-password-1';

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
}

async function signIn(page: Page, email: string) {
  await page.context().clearCookies();
  await page.goto('/app/');
  await page.getByLabel(/email|邮箱/i).fill(email);
  await page.getByLabel(/password|密码/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.locator('.sidebar-nav').waitFor();
}

describe.skipIf(skip !== undefined)('approvals in Chromium', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let contractId = '';
  const manager = 'wang.jingli@loom.test';
  const sales = 'li.xiaoshou@loom.test';
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startLoomServer({ data: false });
    const db = server.database.db;
    const boss = await createUser(db, { email: manager, name: '王经理', password: PASSWORD, roles: ['sales_manager'] });
    const rep = await createUser(db, { email: sales, name: '李销售', password: PASSWORD, roles: ['sales'], manager: boss.id });
    const customer = await server.app.records.create('customer', { name: '河南宇恒机械制造有限公司', owner: rep.id }, SYSTEM_ACTOR);
    const contract = await server.app.records.create(
      'contract',
      { name: '宇恒机械 CRM 及 ERP 集成项目', customer: customer.id, amount: { amount: '211000.00', currency: 'CNY' }, owner: rep.id },
      SYSTEM_ACTOR,
    );
    contractId = contract.id as string;
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server));
    page.on('pageerror', (error) => problems.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('the salesperson submits a contract from its record page; the panel shows the step, its approver and Recall', async () => {
    await signIn(page, sales);
    await page.goto(`/app/e/contract/${contractId}`);
    const panel = page.locator('[data-slot="approval"]');
    await panel.getByRole('button', { name: 'Submit for approval' }).click();
    await panel.locator('.ap-status.is-pending').waitFor();
    expect(await panel.innerText()).toContain('王经理');
    await panel.getByRole('button', { name: 'Recall' }).waitFor();
    await shot(page, 'approvals-record-submitted.png');
  });

  it('the manager sees the count in the menu and approves from the inbox with a comment', async () => {
    await signIn(page, manager);
    const link = page.locator('[data-menu="approvals"]');
    await expect.poll(async () => (await link.innerText()).replace(/\s+/g, ' ')).toContain('1');
    await link.click();
    const card = page.locator('.ap-card').first();
    await card.waitFor();
    expect(await card.innerText()).toContain('宇恒机械 CRM 及 ERP 集成项目');
    expect(await card.innerText()).toContain('李销售');
    await shot(page, 'approvals-inbox.png');
    await card.getByLabel('Comment').fill('价格合理，同意。');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 宇恒机械 CRM 及 ERP 集成项目' }).waitFor();
    await page.getByText('Nothing waits for your decision.').waitFor();
    await expect.poll(async () => (await server.app.records.get('contract', contractId, {}, SYSTEM_ACTOR)).status).toBe('approved');

    await page.goto(`/app/e/contract/${contractId}`);
    const panel = page.locator('[data-slot="approval"]');
    await panel.locator('.ap-status.is-approved').waitFor();
    expect(await panel.innerText()).toContain('价格合理，同意。');
    // Approved: not offered for approval again.
    expect(await panel.getByRole('button', { name: 'Submit for approval' }).count()).toBe(0);
    await shot(page, 'approvals-record-approved.png');
  });

  it('reads at 375 px in Chinese: the inbox and the record panel', async () => {
    const rep = (await server.app.records.list('contract', {}, SYSTEM_ACTOR)).data[0];
    const second = await server.app.records.create(
      'contract',
      { name: '郑州轨道交通维保合同（二期）', customer: rep.customer, amount: { amount: '880000.00', currency: 'CNY' }, owner: rep.owner },
      SYSTEM_ACTOR,
    );
    await signIn(page, sales);
    await page.getByRole('button', { name: '中文' }).click();
    await page.setViewportSize({ width: 375, height: 780 });
    await page.goto(`/app/e/contract/${second.id}`);
    const panel = page.locator('[data-slot="approval"]');
    await panel.getByRole('button', { name: '提交审批' }).click();
    await panel.locator('.ap-status.is-pending').waitFor();
    await shot(page, 'approvals-record-375-zh.png');

    await signIn(page, manager);
    await page.goto('/app/approvals');
    const card = page.locator('.ap-card').first();
    await card.waitFor();
    expect(await card.getByRole('button', { name: '同意' }).isVisible()).toBe(true);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375);
    await shot(page, 'approvals-inbox-375-zh.png');
    await card.getByRole('button', { name: '驳回' }).click();
    await page.getByText('暂无待你审批的事项。').waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'EN' }).click();
    expect(problems).toEqual([]);
  });
});

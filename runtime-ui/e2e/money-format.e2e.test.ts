import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, newPage, SCREENSHOT_DIR, signInThroughPage, startLoomServer, type LoomServer } from './harness.ts';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

/** The sample contract with receipts against it (contract ht1 of the CRM pack's data). */
const CONTRACT = '宇恒机械CRM及ERP集成项目合同';
const LOCALES = ['zh-CN', 'en'] as const;
/** The money fields of a contract, and their labels in each locale (from the pack). */
const FIELDS = {
  amount: { en: 'Amount', 'zh-CN': '合同金额' },
  paid: { en: 'Received', 'zh-CN': '已回款' },
  receivable: { en: 'Receivable', 'zh-CN': '应收款' },
} as const;
type MoneyField = keyof typeof FIELDS;

async function useLocale(page: Page, locale: string): Promise<void> {
  await page.evaluate((value) => localStorage.setItem('loom.locale', value), locale);
}

/** A column's text in the list row of the contract, found by the column's header. */
async function listTexts(page: Page, locale: (typeof LOCALES)[number]): Promise<Record<MoneyField, string>> {
  await page.goto('/app/v/contract.receivable');
  await page.getByRole('searchbox').fill('宇恒机械');
  const row = page.locator('.grid-row[role=row]').filter({ hasText: CONTRACT });
  await row.waitFor();
  // The headers are read once the list has drawn them in this locale, not while the grid is still settling.
  await page.locator('.grid-head [role=columnheader]', { hasText: FIELDS.amount[locale] }).first().waitFor();
  const headers = await page.locator('.grid-head [role=columnheader]').allInnerTexts();
  const cells = await row.locator('[role=cell]').allInnerTexts();
  const at = (label: string) => cells[headers.findIndex((h) => h.trim() === label)]?.trim() ?? `(no column ${label})`;
  return { amount: at(FIELDS.amount[locale]), paid: at(FIELDS.paid[locale]), receivable: at(FIELDS.receivable[locale]) };
}

async function recordTexts(page: Page, id: string): Promise<Record<MoneyField, string>> {
  await page.goto(`/app/e/contract/${id}`);
  const value = (name: string) => page.locator(`.lr-field[data-field=${name}] .lr-value`);
  await value('amount').waitFor();
  return {
    amount: (await value('amount').innerText()).trim(),
    paid: (await value('paid').innerText()).trim(),
    receivable: (await value('receivable').innerText()).trim(),
  };
}

/** The form: the amount box while not being edited, the computed fields as shown. */
async function formTexts(page: Page, id: string): Promise<Record<MoneyField, string>> {
  await page.goto(`/app/e/contract/${id}/edit`);
  const amount = page.locator('.lf-field[data-field=amount] input.lf-money-amount');
  await amount.waitFor();
  const shown = (name: string) => page.locator(`.lf-field[data-field=${name}] .lf-readonly`).innerText();
  return { amount: await amount.inputValue(), paid: (await shown('paid')).trim(), receivable: (await shown('receivable')).trim() };
}

describe.skipIf(skip !== undefined)('money reads the same on the list, the record page and the form', () => {
  let server: LoomServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let contract: { id: string; amount: number; paid: number };

  beforeAll(async () => {
    server = await startLoomServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server));
    await signInThroughPage(page, server);
    contract = await page.evaluate(async (name) => {
      const list = (await (await fetch(`/api/data/contract?name=${encodeURIComponent(name)}&limit=1`)).json()) as {
        data: { id: string; amount: { amount: string } }[];
      };
      const found = list.data[0];
      const receipts = (await (await fetch(`/api/data/receipt?contract=${found.id}&limit=500`)).json()) as { data: { amount: { amount: string } }[] };
      return { id: found.id, amount: Number(found.amount.amount), paid: receipts.data.reduce((sum, r) => sum + Number(r.amount.amount), 0) };
    }, CONTRACT);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('has receipts against the sample contract', () => {
    expect(contract.paid).toBeGreaterThan(0);
    expect(contract.paid).toBeLessThan(contract.amount);
  });

  for (const locale of LOCALES) {
    it(`in ${locale}: amount, received and receivable in yuan, the same text on every page`, async () => {
      await useLocale(page, locale);
      const yuan = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' });
      const expected = { amount: yuan.format(contract.amount), paid: yuan.format(contract.paid), receivable: yuan.format(contract.amount - contract.paid) };

      const list = await listTexts(page, locale);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `money-list-${locale}.png`) });
      const record = await recordTexts(page, contract.id);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `money-record-${locale}.png`), fullPage: true });
      const form = await formTexts(page, contract.id);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `money-form-${locale}.png`) });

      expect(list).toEqual(expected);
      expect(record).toEqual(expected);
      expect(form).toEqual(expected);
    });
  }

  it('opens a popover with focus inside it; Escape closes it and focus returns to its button', async () => {
    await useLocale(page, 'en');
    await page.goto('/app/v/contract.receivable');
    const trigger = page.getByRole('button', { name: 'Add filter' });
    await trigger.click();
    const panel = page.getByRole('dialog', { name: 'Add filter' });
    await panel.waitFor();
    await expect.poll(() => panel.evaluate((node) => node.contains(node.ownerDocument.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await trigger.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
  });
});

import { expect } from 'vitest';
import type { TestServer } from '../../test/test-app.ts';
import { random } from './report-fixtures.ts';

/** Creates records through the bulk API and answers their ids. */
export async function bulkCreate(app: TestServer, entity: string, data: Record<string, unknown>[]): Promise<string[]> {
  const res = await app.inject({ method: 'POST', url: `/api/data/${entity}/bulk`, payload: { operations: data.map((d) => ({ op: 'create', data: d })) } });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().results as { id: string }[]).map((r) => r.id);
}

/**
 * The report fixtures' records (report-fixtures.ts), the same for a seed: 8 accounts in tiers,
 * `deals` deals with nulls in every field and instants around midnight in Shanghai (16:00 UTC,
 * so a UTC bucket would differ), owned half by the seller; 6 orders with lines over 3 products;
 * 10 payers paying 500, 300, 80, 40, 30, 20, 10, 10, 5, 5 (1,000 in all), in `paymentParts` parts each.
 */
export async function seedReportRecords(
  app: TestServer,
  seller: { id: string },
  options: { seed: number; deals: number; paymentParts: number[] },
): Promise<void> {
  const rand = random(options.seed);
  const accounts = await bulkCreate(
    app,
    'account',
    Array.from({ length: 8 }, (_, i) => ({ name: `Account ${i}`, tier: ['gold', 'silver', 'bronze', null][i % 4], owner: i % 2 ? seller.id : app.admin.id })),
  );
  await bulkCreate(
    app,
    'deal',
    Array.from({ length: options.deals }, (_, i) => {
      const day = Date.UTC(2025, 9, 1) + Math.floor(rand() * 330) * 86_400_000;
      const at = new Date(day + (15 + Math.floor(rand() * 3)) * 3_600_000 + Math.floor(rand() * 3_600_000));
      return {
        title: `Deal ${i}`,
        amount: i % 17 === 0 ? null : Math.round(rand() * 1_000_000) / 100,
        stage: ['open', 'won', 'lost', null][Math.floor(rand() * 4)],
        closedOn: i % 13 === 0 ? null : new Date(day).toISOString().slice(0, 10),
        closedAt: i % 11 === 0 ? null : at.toISOString(),
        account: i % 9 === 0 ? null : accounts[Math.floor(rand() * accounts.length)],
        owner: rand() < 0.5 ? seller.id : app.admin.id,
      };
    }),
  );
  const products = await bulkCreate(app, 'product', [
    { name: 'P1', cost: 10 },
    { name: 'P2', cost: 2.5 },
    { name: 'P3', cost: null },
  ]);
  for (let i = 0; i < 6; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/data/order',
      payload: {
        title: `Order ${i}`,
        region: i % 3 === 2 ? null : i % 2 ? 'north' : 'south',
        lines: Array.from({ length: 1 + (i % 3) }, (_, j) => ({ product: products[(i + j) % 3], qty: 1 + j + i, amount: 100 * (i + 1) + j })),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const amounts = [500, 300, 80, 40, 30, 20, 10, 10, 5, 5];
  await bulkCreate(
    app,
    'payment',
    amounts.flatMap((a, i) => options.paymentParts.map((part) => ({ payer: `P${i}`, amount: a * part }))),
  );
}

import { describe, expect, it } from 'vitest';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { invalidateAfterWrite } from './invalidate.ts';
import { keys } from './keys.ts';

function seeded() {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, queryFn: () => 'fresh' } } });
  const all = {
    receiptList: keys.list('receipt', { q: '' }),
    receiptLookup: keys.lookup('receipt', ''),
    customerList: keys.list('customer', { q: '' }),
    contractPage: keys.record('contract', 'c1'),
    contractRelated: keys.related('contract', 'c1', 'receipt.contract'),
    contractHistory: keys.history('contract', 'c1'),
    otherPage: keys.record('customer', 'k1'),
    form: keys.form('contract', 'c1', '{}'),
    bundle: keys.bundle('en'),
    views: keys.savedViews('receipt'),
  };
  for (const key of Object.values(all)) client.setQueryData(key, 'cached');
  return { client, all };
}

describe('invalidateAfterWrite', () => {
  it('makes stale the written entity’s lists and lookups and every record page, and nothing else', async () => {
    const { client, all } = seeded();
    // The contract's page is on screen (observed); the customer's is not.
    const observers = [all.contractPage, all.contractRelated, all.contractHistory].map((queryKey) => new QueryObserver(client, { queryKey }));
    const unsubscribe = observers.map((o) => o.subscribe(() => undefined));
    await invalidateAfterWrite(client, 'receipt');
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated === true;
    expect(stale(all.receiptList)).toBe(true);
    expect(stale(all.receiptLookup)).toBe(true);
    // On screen: fetched again (the roll-up and the related list show the new receipt).
    expect(client.getQueryData(all.contractPage)).toBe('fresh');
    expect(client.getQueryData(all.contractRelated)).toBe('fresh');
    expect(client.getQueryData(all.contractHistory)).toBe('fresh');
    // A record page not on screen is dropped: opening it never shows values from before the write.
    expect(client.getQueryState(all.otherPage)).toBeUndefined();
    for (const key of [all.customerList, all.form, all.bundle, all.views]) expect(stale(key)).toBe(false);
    unsubscribe.forEach((u) => u());
  });
});

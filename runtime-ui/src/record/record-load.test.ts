import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundle, quote } from '../__tests__/test-bundle.ts';
import { fetchLineIds, fetchLines } from './record-load.ts';

/** A related list of `count` rows answered in pages of the requested size, with a cursor. */
function serveRows(count: number) {
  const urls: URL[] = [];
  vi.stubGlobal('fetch', async (input: string) => {
    const url = new URL(input, 'http://loom.test');
    urls.push(url);
    const limit = Number(url.searchParams.get('limit'));
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const data = Array.from({ length: Math.max(0, Math.min(limit, count - from)) }, (_, i) => ({
      id: `l${from + i}`,
      qty: '1.00',
      product: { id: 'p1', name: 'Pump' },
    }));
    const next = from + limit < count ? String(from + limit) : null;
    return new Response(JSON.stringify({ data, next }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return urls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('loading lines', () => {
  it('follows `next` until the last page, so a form holds every line of a large document', async () => {
    const urls = serveRows(1200);
    const rows = await fetchLines(bundle, quote.fields.lines, 'quote', 'q1', new Map());
    expect(rows).toHaveLength(1200);
    expect(rows[1199].id).toBe('l1199');
    expect(urls.map((u) => u.searchParams.get('cursor'))).toEqual([null, '500', '1000']);
    expect(urls[0].pathname).toBe('/api/data/quote/q1/related/quoteLine.quote');
    expect(urls.every((u) => u.searchParams.get('expand') === 'product')).toBe(true);
  });

  it('reads the current ids the same way', async () => {
    const urls = serveRows(501);
    expect(await fetchLineIds(bundle, quote.fields.lines, 'quote', 'q1')).toHaveLength(501);
    expect(urls.map((u) => u.searchParams.get('fields'))).toEqual(['id', 'id']);
  });
});

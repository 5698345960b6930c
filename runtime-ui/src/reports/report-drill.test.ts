import { describe, expect, it } from 'vitest';
import type { UiBundle, UiView } from '@loom/metadata';
import { bundle } from '../__tests__/test-bundle.ts';
import { parseListSearch } from '../list/list-search.ts';
import { drillPath, drillView } from './report-drill.ts';

const view = (name: string, extra: Partial<UiView> = {}): UiView => ({
  name,
  entity: 'quote',
  label: name,
  columns: [],
  sort: [],
  pageSize: 50,
  default: false,
  ...extra,
});

const withViews = (views: UiView[], defaultView?: string): UiBundle => ({
  ...bundle,
  entities: { ...bundle.entities, quote: { ...bundle.entities.quote, defaultView } },
  views: Object.fromEntries(views.map((v) => [v.name, v])),
});

describe('drill-down into the generic list', () => {
  it('prefers a view without its own filter (the server would AND it with the drill)', () => {
    const open = view('quote.open', { filter: { '==': [{ var: 'status' }, 'open'] } });
    expect(drillView(withViews([open, view('quote.all')], 'quote.open'), 'quote')).toBe('quote.all');
    expect(drillView(withViews([open, view('quote.all'), view('quote.b')], 'quote.b'), 'quote')).toBe('quote.b');
    expect(drillView(withViews([open], 'quote.open'), 'quote')).toBe('quote.open');
    expect(drillView(withViews([]), 'quote')).toBeUndefined();
  });

  it("puts the row's $drill in the list's filter parameter, where the list reads it back", () => {
    const drill = { and: [{ '==': [{ var: 'stage' }, 'won'] }, { '>=': [{ var: 'closeDate' }, '2026-01-01'] }] };
    const path = drillPath(withViews([view('quote.all')]), 'quote', drill)!;
    expect(path).toContain('/v/quote.all?filter=');
    const filter = new URLSearchParams(path.split('?')[1]).get('filter');
    expect(parseListSearch({ filter })).toEqual({ filter: [{ kind: 'raw', path: '', logic: drill }] });
    expect(drillPath(withViews([view('quote.all')]), 'quote', null)).toBeUndefined();
    expect(drillPath(withViews([]), 'quote', drill)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { rangeOf } from './use-list-window.ts';

describe('the rows a virtual list draws', () => {
  it('draws the rows in view and 12 either side, below the header', () => {
    // 40 px rows under a 44 px header, a 400 px viewport scrolled to 2044 px: rows 50 to 59 are in view.
    expect(rangeOf({ top: 2044, height: 400 }, 1000, 40, 44)).toEqual({ first: 38, last: 72 });
  });

  it('stops at the first and last row', () => {
    expect(rangeOf({ top: 0, height: 800 }, 1000, 40, 44)).toEqual({ first: 0, last: 32 });
    expect(rangeOf({ top: 0, height: 800 }, 5, 40, 0)).toEqual({ first: 0, last: 4 });
    expect(rangeOf({ top: 39_000, height: 800 }, 1000, 40, 0)).toEqual({ first: 963, last: 999 });
  });

  it('draws nothing for an empty list', () => {
    expect(rangeOf({ top: 0, height: 800 }, 0, 40, 0)).toEqual({ first: 0, last: -1 });
  });
});

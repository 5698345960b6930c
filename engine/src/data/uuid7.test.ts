import { describe, expect, it } from 'vitest';
import { uuid7 } from './uuid7.ts';

describe('uuid7', () => {
  it('counts up within one millisecond, so rows written together sort by id in the order written', () => {
    const now = Date.UTC(2026, 11, 3, 9, 0, 0);
    const ids = Array.from({ length: 5000 }, () => uuid7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0].slice(0, 13).replace('-', '')).toBe(now.toString(16).padStart(12, '0'));
  });

  it('starts afresh in a new millisecond, later ones sorting after', () => {
    const a = uuid7(1_000_000);
    const b = uuid7(1_000_001);
    expect(b > a).toBe(true);
  });
});

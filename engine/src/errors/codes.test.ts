import { describe, expect, it } from 'vitest';
import { errorCodes } from './codes.ts';
import { loomError, loomErrors } from './loom-error.ts';

describe('error registry', () => {
  it('uses valid HTTP statuses and the LOOM_ERR_<AREA>_<WHAT> naming', () => {
    for (const [code, def] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^LOOM_ERR_(META|SCHEMA|DATA|DB|AUTH|PROC|REPORT|HTTP|LOGIC|INTERNAL|ACTION|APPROVAL|AUTOMATION|NOTIFICATION)(_[A-Z_]+)?$/);
      expect(def.status).toBeGreaterThanOrEqual(400);
      expect(def.status).toBeLessThan(600);
      expect(def.title.length).toBeGreaterThan(0);
    }
  });

  it('fills detail templates in order', () => {
    const e = loomError('LOOM_ERR_DATA_NOT_FOUND', 'deal', 'x1');
    expect(e.message).toBe('No deal record with id "x1".');
    expect(e.status).toBe(404);
  });

  it('summarises located problems', () => {
    const e = loomErrors('LOOM_ERR_META_INVALID', [{ path: '/fields/a', message: 'bad' }]);
    expect(e.message).toBe('/fields/a: bad');
    expect(e.errors).toHaveLength(1);
  });
});

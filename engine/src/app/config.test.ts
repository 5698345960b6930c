import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.ts';

describe('configFromEnv: the failed sign-in limit per address', () => {
  it('defaults to 20 failures in 15 minutes, and reads both settings', () => {
    expect(configFromEnv({}).loginFailures).toEqual({ max: 20, windowMs: 15 * 60_000 });
    expect(configFromEnv({ LOOM_LOGIN_FAILURES_PER_ADDRESS: '0', LOOM_LOGIN_FAILURE_WINDOW_MINUTES: '60' }).loginFailures).toEqual({ max: 0, windowMs: 3_600_000 });
  });

  it('refuses what is not a whole number in range, naming the setting', () => {
    expect(() => configFromEnv({ LOOM_LOGIN_FAILURES_PER_ADDRESS: 'many' })).toThrow(/LOOM_LOGIN_FAILURES_PER_ADDRESS must be a whole number of at least 0/);
    expect(() => configFromEnv({ LOOM_LOGIN_FAILURES_PER_ADDRESS: '-1' })).toThrow(/LOOM_LOGIN_FAILURES_PER_ADDRESS/);
    expect(() => configFromEnv({ LOOM_LOGIN_FAILURE_WINDOW_MINUTES: '0' })).toThrow(/LOOM_LOGIN_FAILURE_WINDOW_MINUTES must be a whole number of at least 1/);
  });
});

import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.ts';

describe('configFromEnv: the failed sign-in limit per address', () => {
  it('defaults to 20 failures in 15 minutes, and reads both settings', () => {
    expect(configFromEnv({}).loginFailures).toEqual({ max: 20, windowMs: 15 * 60_000 });
    expect(configFromEnv({ LOOM_LOGIN_FAILURES_PER_ADDRESS: '0', LOOM_LOGIN_FAILURE_WINDOW_MINUTES: '60' }).loginFailures).toEqual({
      max: 0,
      windowMs: 3_600_000,
    });
  });

  it('refuses what is not a whole number in range, naming the setting', () => {
    expect(() => configFromEnv({ LOOM_LOGIN_FAILURES_PER_ADDRESS: 'many' })).toThrow(/LOOM_LOGIN_FAILURES_PER_ADDRESS must be a whole number of at least 0/);
    expect(() => configFromEnv({ LOOM_LOGIN_FAILURES_PER_ADDRESS: '-1' })).toThrow(/LOOM_LOGIN_FAILURES_PER_ADDRESS/);
    expect(() => configFromEnv({ LOOM_LOGIN_FAILURE_WINDOW_MINUTES: '0' })).toThrow(/LOOM_LOGIN_FAILURE_WINDOW_MINUTES must be a whole number of at least 1/);
  });
});

describe('configFromEnv: timeouts and connections per address', () => {
  it('has defaults that end slow clients, and reads each setting in seconds', () => {
    const config = configFromEnv({});
    expect(config.timeouts).toEqual({ headersMs: 20_000, requestMs: 120_000, keepAliveMs: 72_000 });
    expect(config.connectionsPerAddress).toBe(200);
    const set = configFromEnv({
      LOOM_HEADERS_TIMEOUT_SECONDS: '5',
      LOOM_REQUEST_TIMEOUT_SECONDS: '600',
      LOOM_KEEP_ALIVE_TIMEOUT_SECONDS: '10',
      LOOM_CONNECTIONS_PER_ADDRESS: '0',
    });
    expect(set.timeouts).toEqual({ headersMs: 5000, requestMs: 600_000, keepAliveMs: 10_000 });
    expect(set.connectionsPerAddress).toBe(0);
  });

  it('refuses a timeout that is not a whole number of seconds, or headers allowed longer than the request', () => {
    expect(() => configFromEnv({ LOOM_REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(/LOOM_REQUEST_TIMEOUT_SECONDS must be a whole number of at least 1/);
    expect(() => configFromEnv({ LOOM_KEEP_ALIVE_TIMEOUT_SECONDS: '1.5' })).toThrow(/LOOM_KEEP_ALIVE_TIMEOUT_SECONDS/);
    expect(() => configFromEnv({ LOOM_CONNECTIONS_PER_ADDRESS: '-1' })).toThrow(/LOOM_CONNECTIONS_PER_ADDRESS/);
    expect(() => configFromEnv({ LOOM_HEADERS_TIMEOUT_SECONDS: '60', LOOM_REQUEST_TIMEOUT_SECONDS: '30' })).toThrow(
      /LOOM_HEADERS_TIMEOUT_SECONDS must not be more than LOOM_REQUEST_TIMEOUT_SECONDS/,
    );
  });
});

describe('configFromEnv: notifications', () => {
  it('sends no email without a mail server, and speaks English unless told otherwise', () => {
    const config = configFromEnv({});
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe('Loom <loom@localhost>');
    expect(config.defaultLocale).toBe('en');
    const set = configFromEnv({ LOOM_SMTP_URL: 'smtps://u:p@mail.example.com:465', LOOM_MAIL_FROM: 'CRM <crm@example.com>', LOOM_DEFAULT_LOCALE: 'zh-CN' });
    expect(set).toMatchObject({ smtpUrl: 'smtps://u:p@mail.example.com:465', mailFrom: 'CRM <crm@example.com>', defaultLocale: 'zh-CN' });
  });

  it('refuses a mail server that is not an smtp URL and a language the web app does not speak', () => {
    expect(() => configFromEnv({ LOOM_SMTP_URL: 'mail.example.com' })).toThrow(/LOOM_SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => configFromEnv({ LOOM_DEFAULT_LOCALE: 'fr' })).toThrow(/LOOM_DEFAULT_LOCALE must be one of en, zh-CN/);
  });
});

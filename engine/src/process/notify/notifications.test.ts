import { describe, expect, it } from 'vitest';
import type { ProcessServices } from '../process-services.ts';
import { createNotifications } from './notifications.ts';
import { formatValue } from './format-value.ts';
import { renderTemplate, templatePaths } from './template.ts';

describe('notifications without a database', () => {
  it('says once in the log that email is skipped when no mail server is configured', async () => {
    const warnings: string[] = [];
    const services = {
      log: { info() {}, warn: (_obj: object, msg?: string) => warnings.push(msg ?? ''), error() {} },
      timeZone: 'UTC',
      now: () => new Date(),
      jobs: { send: async () => expect.fail('no email job without a mail server') },
    } as unknown as ProcessServices;
    const notifications = createNotifications(services, { defaultLocale: 'en' });
    const direct = { users: [], title: 't', message: 'm', source: 'test', key: 'k', channels: ['inbox', 'email'] as ('inbox' | 'email')[] };
    await notifications.notifyUsers(undefined as never, direct);
    await notifications.notifyUsers(undefined as never, { ...direct, key: 'k2' });
    expect(warnings).toEqual(['email notifications are skipped: no mail server is configured (LOOM_SMTP_URL)']);
    expect(notifications.email).toBeUndefined();
  });

  it('fills logic-less templates: paths only, each once, nothing else interpreted', () => {
    expect(templatePaths('{{ name }} of {{customer.name}}, {{name}} {{#each x}} {{a-b}}')).toEqual(['name', 'customer.name']);
    expect(renderTemplate('{{ name }} <b>{{ missing }}</b> {{#if x}}', (p) => (p === 'name' ? 'A & B' : ''))).toBe('A & B <b></b> {{#if x}}');
  });

  it('formats values for the locale', () => {
    const ctx = (locale: string) => ({ locale, defaultLocale: 'en', timeZone: 'Asia/Shanghai', userNames: new Map() });
    expect(formatValue(undefined, { amount: '1234.5', currency: 'USD' }, ctx('en'))).toBe('$1,234.50');
    expect(formatValue(undefined, null, ctx('en'))).toBe('');
    expect(formatValue(undefined, 'plain', ctx('zh-CN'))).toBe('plain');
  });
});

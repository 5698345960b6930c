import type { NotificationSettings } from './notifications.ts';

/** The notification settings of an installation's config: email when a mail server is set. */
export function notificationSettings(config: {
  smtpUrl?: string;
  mailFrom?: string;
  defaultLocale?: NotificationSettings['defaultLocale'];
}): NotificationSettings {
  return {
    defaultLocale: config.defaultLocale ?? 'en',
    mail: config.smtpUrl ? { smtpUrl: config.smtpUrl, from: config.mailFrom ?? 'Loom <loom@localhost>' } : undefined,
  };
}

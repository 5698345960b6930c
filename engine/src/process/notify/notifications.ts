import type { Kysely } from 'kysely';
import type { Label, UiLocale } from '@loom/metadata';
import type { WriteContext } from '../../data/write/write-context.ts';
import type { ProcessPart } from '../process-part.ts';
import type { DirectNotification, NotificationRequest, ProcessServices } from '../process-services.ts';
import { deliver, deliverAlong, type Delivery, type PathValue } from './deliver.ts';
import { EMAIL_JOB, EmailSender, type EmailJob, type MailSettings } from './email.ts';
import { readPathValues } from './path-values.ts';
import { recipientPaths, resolveRecipients, RoleMembers } from './recipients.ts';
import { templatePaths } from './template.ts';

/** How notifications are sent in this installation (from the config). */
export interface NotificationSettings {
  /** Absent: no email is sent (the email channel is skipped, said once in the log). */
  readonly mail?: MailSettings;
  /** The locale of users who have none stored. */
  readonly defaultLocale: UiLocale;
}

export type Notifications = ProcessPart &
  Pick<ProcessServices, 'notify' | 'notifyAll' | 'notifyUsers' | 'notifyUsersAlong'> & {
    /** Delivers prepared notifications (reminders render many at once). */
    deliver(trx: Kysely<any>, deliveries: readonly Delivery[]): Promise<void>;
    /** The email sender when SMTP is configured (tests send through it directly). */
    readonly email?: EmailSender;
    readonly settings: NotificationSettings;
  };

/**
 * In-app and email notifications. `notify` resolves the metadata's recipients for one record,
 * renders its `{{field}}` texts per recipient locale and delivers in the caller's transaction;
 * `notifyUsers` does the same for engine-made texts to listed users.
 */
export function createNotifications(services: ProcessServices, settings: NotificationSettings = { defaultLocale: 'en' }): Notifications {
  const email = settings.mail ? new EmailSender(settings.mail, services.db, services.now) : undefined;
  let toldNoMail = false;
  const deliverySettings = {
    defaultLocale: settings.defaultLocale,
    timeZone: services.timeZone,
    emailEnabled: !!email,
    jobs: services.jobs,
    now: () => services.now(),
  };

  function warnNoMail(deliveries: readonly Delivery[]) {
    if (!email && !toldNoMail && deliveries.some((d) => d.channels.includes('email'))) {
      toldNoMail = true;
      services.log.warn({}, 'email notifications are skipped: no mail server is configured (LOOM_SMTP_URL)');
    }
  }

  async function deliverAll(trx: Kysely<any>, deliveries: readonly Delivery[]) {
    warnNoMail(deliveries);
    await deliver(trx, deliveries, deliverySettings);
  }

  /** Notifications about records, several at once: each entity's records are read by one statement, all are delivered by one. */
  async function notifyAll(trx: Kysely<any>, items: readonly { ctx: WriteContext; request: NotificationRequest }[]) {
    const model = services.model();
    const values = new Map<NotificationRequest, ReadonlyMap<string, PathValue>>();
    for (const [entity, requests] of groupBy(
      items.map((i) => i.request),
      (r) => r.entity,
    )) {
      const wanted = requests.map((r) => ({
        id: recordIdOf(r),
        record: r.record,
        paths: [...[r.message, r.title].flatMap(labelTexts).flatMap(templatePaths), ...recipientPaths(r.to)],
      }));
      (await readPathValues(trx, model, entity, wanted)).forEach((v, i) => values.set(requests[i], v));
    }
    const roles = new RoleMembers();
    const deliveries: Delivery[] = [];
    for (const { ctx, request } of items) {
      const read = values.get(request)!;
      const recipients = await resolveRecipients(trx, request.to, { value: (p) => read.get(p)?.value, old: request.old, ctx }, roles);
      deliveries.push({
        key: request.key,
        source: request.source,
        entity: request.entity.name,
        recordId: recordIdOf(request),
        recipients,
        title: request.title ?? request.entity.label,
        message: request.message,
        channels: request.channels ?? ['inbox'],
        values: read,
      });
    }
    await deliverAll(trx, deliveries);
  }

  return {
    settings,
    email,
    deliver: deliverAll,
    notify: (trx, ctx, request) => notifyAll(trx, [{ ctx, request }]),
    notifyAll,
    async notifyUsers(trx, n) {
      await deliverAll(trx, [directDelivery(n)]);
    },
    notifyUsersAlong(n) {
      warnNoMail([directDelivery(n)]);
      return deliverAlong([directDelivery(n)], deliverySettings);
    },
    async start() {
      if (email) await services.jobs.work(EMAIL_JOB, async (data) => void (await email.send(data as EmailJob & { key: string })));
    },
    async stop() {
      email?.close();
    },
  };
}

function directDelivery(n: DirectNotification): Delivery {
  return {
    key: n.key,
    source: n.source,
    entity: n.link?.entity,
    recordId: n.link?.id,
    recipients: n.users,
    title: n.title,
    message: n.message,
    channels: n.channels ?? ['inbox'],
  };
}

function recordIdOf(request: NotificationRequest): string | undefined {
  const id = request.record.id;
  return typeof id === 'string' ? id : undefined;
}

function labelTexts(label: Label | undefined): string[] {
  if (label === undefined) return [];
  return typeof label === 'string' ? [label] : Object.values(label).filter((t): t is string => typeof t === 'string');
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

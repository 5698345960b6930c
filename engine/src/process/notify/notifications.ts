import { sql, type Kysely } from 'kysely';
import type { Label, UiLocale } from '@loom/metadata';
import { recordTable } from '../../data/access/record-scope.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { ProcessPart } from '../process-part.ts';
import type { NotificationRequest, ProcessServices } from '../process-services.ts';
import { deliver, type Delivery, type PathValue } from './deliver.ts';
import { EMAIL_JOB, EmailSender, type EmailJob, type MailSettings } from './email.ts';
import { recordPaths } from './record-paths.ts';
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
  Pick<ProcessServices, 'notify' | 'notifyUsers'> & {
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

  async function deliverAll(trx: Kysely<any>, deliveries: readonly Delivery[]) {
    if (!email && !toldNoMail && deliveries.some((d) => d.channels.includes('email'))) {
      toldNoMail = true;
      services.log.warn({}, 'email notifications are skipped: no mail server is configured (LOOM_SMTP_URL)');
    }
    await deliver(trx, deliveries, deliverySettings);
  }

  return {
    settings,
    email,
    deliver: deliverAll,
    async notify(trx, ctx, request) {
      const model = services.model();
      const texts = [request.message, request.title].flatMap(labelTexts);
      const paths = [...texts.flatMap(templatePaths), ...recipientPaths(request.to)];
      const values = await readPaths(trx, model, request.entity, recordIdOf(request), paths, request.record);
      const recipients = await resolveRecipients(trx, request.to, { value: (p) => values.get(p)?.value, old: request.old, ctx }, new RoleMembers());
      await deliverAll(trx, [
        {
          key: request.key,
          source: request.source,
          entity: request.entity.name,
          recordId: recordIdOf(request),
          recipients,
          title: request.title ?? request.entity.label,
          message: request.message,
          channels: request.channels ?? ['inbox'],
          values,
        },
      ]);
    },
    async notifyUsers(trx, n) {
      await deliverAll(trx, [
        {
          key: n.key,
          source: n.source,
          entity: n.link?.entity,
          recordId: n.link?.id,
          recipients: n.users,
          title: n.title,
          message: n.message,
          channels: n.channels ?? ['inbox'],
        },
      ]);
    },
    async start() {
      if (email) await services.jobs.work(EMAIL_JOB, async (data) => void (await email.send(data as EmailJob & { key: string })));
    },
    async stop() {
      email?.close();
    },
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

/**
 * The values of the paths for one record: read from its row (lookup paths through their
 * targets), or from the record as given where the row is gone (a hard delete).
 */
async function readPaths(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  id: string | undefined,
  paths: string[],
  record: Readonly<Record<string, unknown>>,
): Promise<Map<string, PathValue>> {
  const values = new Map<string, PathValue>();
  const selected = recordPaths(model, entity, paths, 'r');
  if (id && selected.length) {
    const columns = selected.map((p, i) => sql`${p.sql} as ${sql.id(`v${i}`)}`);
    const row = (await sql<Record<string, unknown>>`select ${sql.join(columns)} from ${recordTable(entity)} as r where r.id = ${id}`.execute(trx)).rows[0];
    if (row) selected.forEach((p, i) => values.set(p.path, { field: p.field, value: row[`v${i}`] }));
  }
  for (const path of paths) {
    if (!values.has(path) && Object.hasOwn(entity.fields, path) && path in record) values.set(path, { field: entity.fields[path], value: record[path] });
  }
  return values;
}

import { sql, type Kysely, type RawBuilder } from 'kysely';
import { UI_LOCALES, type Label, type UiLocale } from '@loom/metadata';
import { uuid7 } from '../../data/uuid7.ts';
import type { CompiledField } from '../../model/compiled-model.ts';
import { isUserField } from '../../model/field-types/field-predicates.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { formatValue, type FormatContext } from './format-value.ts';
import { knownLocale, labelIn } from './locale-text.ts';
import { renderTemplate } from './template.ts';
import { EMAIL_JOB, type EmailJob } from './email.ts';

/** A record value a template shows: the API value and the field that says how to format it. */
export interface PathValue {
  readonly field?: CompiledField;
  readonly value: unknown;
}

/** One occasion to tell some users about: rendered for each in their locale. */
export interface Delivery {
  /** Unique per occasion; with the recipient it keys the inbox row and the email. */
  readonly key: string;
  readonly source: string;
  readonly entity?: string;
  readonly recordId?: string;
  readonly recipients: readonly string[];
  readonly title: Label;
  readonly message: Label;
  readonly channels: readonly ('inbox' | 'email')[];
  /** The values of the paths its templates name (none: the texts are shown as they are). */
  readonly values?: ReadonlyMap<string, PathValue>;
}

export interface DeliverySettings {
  readonly defaultLocale: UiLocale;
  readonly timeZone: string;
  /** Whether email can be sent (SMTP configured); when not, the email channel is skipped. */
  readonly emailEnabled: boolean;
  readonly jobs: JobQueue;
  now(): Date;
}

interface UserRow {
  id: string;
  name: string;
  email: string;
  locale: string | null;
  active: boolean;
}

const INSERT_CHUNK = 1000;

/**
 * Delivers notifications in the caller's transaction: one inbox row per active recipient
 * (ON CONFLICT on the user and key does nothing, so a delivery made twice lands once), and an
 * email job per recipient with an address when the email channel is asked for and configured.
 * Texts are rendered per recipient locale; values are formatted for that locale.
 */
export async function deliver(trx: Kysely<any>, deliveries: readonly Delivery[], settings: DeliverySettings): Promise<void> {
  if (!deliveries.length) return;
  if (inboxOnly(deliveries, settings)) return deliverToInboxes(trx, deliveries, settings);
  const userIds = new Set<string>();
  for (const d of deliveries) {
    d.recipients.forEach((id) => userIds.add(id));
    for (const v of d.values?.values() ?? []) if (v.field && isUserField(v.field)) collectIds(v.value, userIds);
  }
  const users = await usersById(trx, [...userIds]);
  const userNames = new Map([...users.values()].map((u) => [u.id, u.name]));
  const formats = new Map<string, FormatContext>();
  const formatFor = (locale: UiLocale) => {
    let ctx = formats.get(locale);
    if (!ctx) formats.set(locale, (ctx = { locale, defaultLocale: settings.defaultLocale, timeZone: settings.timeZone, userNames }));
    return ctx;
  };
  const now = settings.now();
  const inbox: Record<string, unknown>[] = [];
  const emails: { key: string; job: EmailJob }[] = [];
  for (const d of deliveries) {
    const rendered = new Map<UiLocale, { title: string; message: string }>();
    for (const userId of new Set(d.recipients)) {
      const user = users.get(userId);
      if (!user?.active) continue;
      const locale = knownLocale(user.locale, settings.defaultLocale);
      let text = rendered.get(locale);
      if (!text) rendered.set(locale, (text = renderDelivery(d, formatFor(locale))));
      if (d.channels.includes('inbox')) {
        inbox.push({
          id: uuid7(),
          user_id: userId,
          key: d.key,
          title: text.title,
          message: text.message,
          source: d.source,
          entity: d.entity ?? null,
          record_id: d.recordId ?? null,
          created_at: now,
        });
      }
      if (d.channels.includes('email') && settings.emailEnabled && user.email) {
        emails.push({ key: `${d.key}:${userId}`, job: { to: user.email, subject: text.title, text: text.message, locale } });
      }
    }
  }
  for (let i = 0; i < inbox.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('loom.notifications')
      .values(inbox.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .execute();
  }
  for (const email of emails) await settings.jobs.send(trx, EMAIL_JOB, { ...email.job, key: email.key }, { key: email.key, retryLimit: 5 });
}

/** Whether the deliveries need nothing read before writing them: inbox rows only, and no value naming users (whose names a text shows). */
function inboxOnly(deliveries: readonly Delivery[], settings: DeliverySettings): boolean {
  return deliveries.every(
    (d) => !(d.channels.includes('email') && settings.emailEnabled) && ![...(d.values?.values() ?? [])].some((v) => v.field && isUserField(v.field)),
  );
}

/** Inbox rows in ONE statement per thousand (inboxRowsSql). */
async function deliverToInboxes(trx: Kysely<any>, deliveries: readonly Delivery[], settings: DeliverySettings): Promise<void> {
  const rows = inboxRows(deliveries, settings);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await inboxRowsSql(rows.slice(i, i + INSERT_CHUNK), settings).execute(trx);
}

/**
 * The statement that delivers a few notifications to inboxes, for a statement of the caller's
 * to run as one of its WITHs (an approval ending writes its notice with its end); undefined
 * when delivering them needs more than one statement (email, users' names in the texts).
 */
export function deliverAlong(deliveries: readonly Delivery[], settings: DeliverySettings): RawBuilder<unknown> | undefined {
  if (!inboxOnly(deliveries, settings)) return undefined;
  const rows = inboxRows(deliveries, settings);
  return rows.length && rows.length <= INSERT_CHUNK ? inboxRowsSql(rows, settings) : undefined;
}

interface InboxRow {
  readonly id: string;
  readonly user: string;
  readonly key: string;
  readonly source: string;
  readonly entity: string | null;
  readonly record: string | null;
  /** The title and message in every locale the engine speaks, as JSON. */
  readonly texts: string;
}

/** One row per inbox recipient, each delivery rendered in every locale the engine speaks (a few). */
function inboxRows(deliveries: readonly Delivery[], settings: DeliverySettings): InboxRow[] {
  const rows: InboxRow[] = [];
  for (const d of deliveries) {
    if (!d.channels.includes('inbox')) continue;
    const texts = JSON.stringify(
      Object.fromEntries(
        UI_LOCALES.map((locale) => [
          locale,
          renderDelivery(d, { locale, defaultLocale: settings.defaultLocale, timeZone: settings.timeZone, userNames: new Map() }),
        ]),
      ),
    );
    for (const user of new Set(d.recipients)) {
      rows.push({ id: uuid7(), user, key: d.key, source: d.source, entity: d.entity ?? null, record: d.recordId ?? null, texts });
    }
  }
  return rows;
}

/** Inserts the rows of active recipients, the database picking each one's locale; a row already delivered (user and key) is left. */
function inboxRowsSql(rows: readonly InboxRow[], settings: DeliverySettings): RawBuilder<unknown> {
  const column = <K extends keyof InboxRow>(key: K) => rows.map((r) => r[key]);
  return sql`insert into loom.notifications (id, user_id, key, title, message, source, entity, record_id, created_at)
    select r.id, u.id, r.key, r.texts -> l.locale ->> 'title', r.texts -> l.locale ->> 'message', r.source, r.entity, r.record_id, ${settings.now()}
    from unnest(${column('id')}::uuid[], ${column('user')}::uuid[], ${column('key')}::text[], ${column('source')}::text[], ${column('entity')}::text[],
        ${column('record')}::uuid[], ${column('texts')}::jsonb[]) as r(id, user_id, key, source, entity, record_id, texts)
      join loom.users u on u.id = r.user_id and u.active
      cross join lateral (select case when u.locale = any(${[...UI_LOCALES]}::text[]) then u.locale else ${settings.defaultLocale} end as locale) as l
    on conflict (user_id, key) do nothing`;
}

function renderDelivery(d: Delivery, ctx: FormatContext): { title: string; message: string } {
  const valueOf = (path: string) => {
    const v = d.values?.get(path);
    return v ? formatValue(v.field, v.value, ctx) : '';
  };
  const render = (label: Label) => renderTemplate(labelIn(label, ctx.locale, ctx.defaultLocale), valueOf).slice(0, 4000);
  return { title: render(d.title), message: render(d.message) };
}

async function usersById(trx: Kysely<any>, ids: string[]): Promise<Map<string, UserRow>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<UserRow>`select id, name, email, locale, active from loom.users where id = any(${ids}::uuid[])`.execute(trx);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The user ids in a value: one id, or a list of them. */
export function collectIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' && UUID.test(value)) into.add(value.toLowerCase());
  else if (Array.isArray(value)) value.forEach((v) => collectIds(v, into));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

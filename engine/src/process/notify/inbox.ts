import { sql, type Kysely } from 'kysely';

/** One notification as the API shows it to its recipient. */
export interface InboxItem {
  readonly id: string;
  readonly title: string;
  readonly message: string;
  readonly source: string;
  readonly entity: string | null;
  readonly recordId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

interface Row {
  id: string;
  title: string;
  message: string;
  source: string;
  entity: string | null;
  record_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = sql`id, title, message, source, entity, record_id, created_at, read_at`;

function item(row: Row): InboxItem {
  return {
    id: row.id,
    title: row.title,
    message: row.message,
    source: row.source,
    entity: row.entity,
    recordId: row.record_id,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

/**
 * A user's notifications, newest first. Every statement here is bound to `userId`: nothing
 * reads or changes another user's rows, whatever id a request names.
 */
export async function listInbox(db: Kysely<any>, userId: string, options: { limit: number; unread: boolean; before?: string }): Promise<InboxItem[]> {
  const unread = options.unread ? sql`and read_at is null` : sql``;
  // `before` is the id of the last notification of the previous page; another user's id (or an
  // unknown one) matches no row of this user, so the page is empty.
  const before = options.before
    ? sql`and (created_at, id) < (select created_at, id from loom.notifications where id = ${options.before} and user_id = ${userId})`
    : sql``;
  const { rows } = await sql<Row>`select ${COLUMNS} from loom.notifications
    where user_id = ${userId} ${unread} ${before}
    order by created_at desc, id desc limit ${options.limit}`.execute(db);
  return rows.map(item);
}

export async function unreadCount(db: Kysely<any>, userId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from loom.notifications where user_id = ${userId} and read_at is null`.execute(db);
  return rows[0].n;
}

/** Marks one of the user's notifications read (or unread again); undefined when the user has none with this id. */
export async function markInbox(db: Kysely<any>, userId: string, id: string, read: boolean, now: Date): Promise<InboxItem | undefined> {
  const readAt = read ? sql`coalesce(read_at, ${now})` : sql`null`;
  const { rows } = await sql<Row>`update loom.notifications set read_at = ${readAt} where id = ${id} and user_id = ${userId} returning ${COLUMNS}`.execute(db);
  return rows[0] ? item(rows[0]) : undefined;
}

export async function markAllRead(db: Kysely<any>, userId: string, now: Date): Promise<number> {
  const result = await sql`update loom.notifications set read_at = ${now} where user_id = ${userId} and read_at is null`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Stores the language a user reads in (the web app's choice), when it changed. */
export async function storeUserLocale(db: Kysely<any>, userId: string, locale: string): Promise<void> {
  await sql`update loom.users set locale = ${locale} where id = ${userId} and locale is distinct from ${locale}`.execute(db);
}

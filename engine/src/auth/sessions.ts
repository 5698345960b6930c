import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { IDENTITY_GENERATION } from './load-actor.ts';
import { randomSecret, sameSecret, sha256Hex } from './secrets.ts';

export interface SessionPolicy {
  /** A session unused this long ends (sliding). */
  readonly idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  readonly absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };

// Moving the idle deadline on every request would write a row per request; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

export interface Session {
  /** sha256 of the cookie token: the row's key, safe to log and to store. */
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: Date;
  /** sha256 of the session's CSRF token. */
  readonly csrfHash: string;
}

/**
 * The CSRF token is derived from the cookie's token (HMAC), so the server can give it
 * again (GET /api/auth/me) without storing it; the table keeps only its hash.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('loom-csrf').digest('base64url');
}

/** A new session: the returned token goes into the cookie and is never stored. */
export async function createSession(
  db: Kysely<any>,
  userId: string,
  now: Date,
  policy = DEFAULT_SESSION_POLICY,
): Promise<{ token: string; csrfToken: string; session: Session }> {
  const token = randomSecret();
  const csrfToken = csrfTokenFor(token);
  const id = sha256Hex(token);
  const expiresAt = new Date(now.getTime() + Math.min(policy.idleMs, policy.absoluteMs));
  await sql`insert into loom.sessions (id, user_id, csrf_token_hash, created_at, expires_at, last_seen_at)
    values (${id}, ${userId}::uuid, ${sha256Hex(csrfToken)}, ${now}, ${expiresAt}, ${now})`.execute(db);
  return { token, csrfToken, session: { id, userId, expiresAt, csrfHash: sha256Hex(csrfToken) } };
}

/**
 * The live session of a cookie token, or undefined: unknown, revoked, expired, or its user
 * deactivated (checked on every request through the join, so deactivation acts at once).
 * Also answers the identity generation (see ActorCache). Slides the idle deadline, never
 * past the absolute one.
 */
export async function findSession(
  db: Kysely<any>,
  token: string,
  now: Date,
  policy = DEFAULT_SESSION_POLICY,
): Promise<(Session & { generation: number }) | undefined> {
  const id = sha256Hex(token);
  const { rows } = await sql<{ user_id: string; csrf_token_hash: string; created_at: Date; expires_at: Date; last_seen_at: Date; generation: number }>`
    select s.user_id::text as user_id, s.csrf_token_hash, s.created_at, s.expires_at, s.last_seen_at, ${IDENTITY_GENERATION} as generation
    from loom.sessions s join loom.users u on u.id = s.user_id
    where s.id = ${id} and s.revoked_at is null and s.expires_at > ${now} and u.active`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const session = { id, userId: row.user_id, expiresAt: row.expires_at, csrfHash: row.csrf_token_hash, generation: Number(row.generation) };
  if (now.getTime() - row.last_seen_at.getTime() < TOUCH_INTERVAL_MS) return session;
  const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, row.created_at.getTime() + policy.absoluteMs));
  await sql`update loom.sessions set last_seen_at = ${now}, expires_at = ${expiresAt} where id = ${id} and revoked_at is null`.execute(db);
  return { ...session, expiresAt };
}

/** Whether a request's x-csrf-token header is the session's CSRF token (compared by hash, in constant time). */
export function csrfMatches(session: Session, header: unknown): boolean {
  return typeof header === 'string' && header.length > 0 && header.length <= 200 && sameSecret(sha256Hex(header), session.csrfHash);
}

export async function revokeSession(db: Kysely<any>, sessionId: string): Promise<void> {
  await sql`update loom.sessions set revoked_at = now() where id = ${sessionId} and revoked_at is null`.execute(db);
}

export async function revokeUserSessions(db: Kysely<any>, userId: string): Promise<void> {
  await sql`update loom.sessions set revoked_at = now() where user_id = ${userId}::uuid and revoked_at is null`.execute(db);
}

/** Ended sessions are kept a day for the record, then removed (called at sign-in). */
export async function pruneSessions(db: Kysely<any>, now: Date): Promise<void> {
  await sql`delete from loom.sessions where expires_at < ${new Date(now.getTime() - 24 * 3600_000)}`.execute(db);
}

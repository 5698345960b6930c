import { sql, type Kysely } from 'kysely';
import { uuid7 } from '../data/uuid7.ts';
import { loomError, loomErrors } from '../errors/loom-error.ts';
import { randomSecret, sha256Hex } from './secrets.ts';
import { IDENTITY_GENERATION } from './load-actor.ts';
import { UUID } from './user-input.ts';

/** Tokens carry a prefix so secret scanners and people recognise them. */
export const TOKEN_PREFIX = 'loom_';
export const MAX_TOKENS_PER_USER = 100;
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

type TokenRow = { id: string; name: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null };

function toInfo(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
  };
}

/** Creates a token for a user; the secret is in the answer once and only its sha256 is kept. */
export async function createApiToken(
  db: Kysely<any>,
  userId: string,
  input: { name?: unknown; expiresAt?: unknown },
  now = new Date(),
): Promise<ApiTokenInfo & { token: string }> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const expiresAt = input.expiresAt === undefined || input.expiresAt === null ? null : new Date(String(input.expiresAt));
  const problems = [];
  if (!name || name.length > 100) problems.push({ path: '/name', message: 'must be a name of 1 to 100 characters' });
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= now)) problems.push({ path: '/expiresAt', message: 'must be a date-time in the future' });
  if (problems.length) throw loomErrors('LOOM_ERR_AUTH_INVALID', problems);
  const { rows: count } = await sql<{
    n: number;
  }>`select count(*)::int8 as n from loom.api_tokens where user_id = ${userId}::uuid and revoked_at is null`.execute(db);
  if (count[0].n >= MAX_TOKENS_PER_USER) throw loomError('LOOM_ERR_AUTH_CONFLICT', `A user may hold at most ${MAX_TOKENS_PER_USER} tokens; revoke one first.`);
  const token = TOKEN_PREFIX + randomSecret();
  const { rows } = await sql<TokenRow>`insert into loom.api_tokens (id, user_id, name, token_hash, created_at, expires_at)
    values (${uuid7()}::uuid, ${userId}::uuid, ${name}, ${sha256Hex(token)}, ${now}, ${expiresAt})
    returning id::text as id, name, created_at, last_used_at, expires_at`.execute(db);
  return { ...toInfo(rows[0]), token };
}

/** The live tokens of a user (never their secrets). */
export async function listApiTokens(db: Kysely<any>, userId: string): Promise<ApiTokenInfo[]> {
  const { rows } = await sql<TokenRow>`select id::text as id, name, created_at, last_used_at, expires_at from loom.api_tokens
    where user_id = ${userId}::uuid and revoked_at is null order by created_at`.execute(db);
  return rows.map(toInfo);
}

/**
 * The user a bearer token acts for, or undefined: unknown, revoked, expired, or its user
 * deactivated (joined on every request). Also answers the identity generation (see
 * ActorCache). Records when it was last used, once a minute at most.
 */
export async function findApiToken(db: Kysely<any>, token: string, now: Date): Promise<{ id: string; userId: string; generation: number } | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const { rows } = await sql<{ id: string; user_id: string; last_used_at: Date | null; generation: number }>`
    select t.id::text as id, t.user_id::text as user_id, t.last_used_at, ${IDENTITY_GENERATION} as generation
    from loom.api_tokens t join loom.users u on u.id = t.user_id
    where t.token_hash = ${sha256Hex(token)} and t.revoked_at is null and (t.expires_at is null or t.expires_at > ${now}) and u.active`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
    await sql`update loom.api_tokens set last_used_at = ${now} where id = ${row.id}::uuid`.execute(db);
  }
  return { id: row.id, userId: row.user_id, generation: Number(row.generation) };
}

/** Revokes one token of a user; 404 when the user has no such live token. */
export async function revokeApiToken(db: Kysely<any>, userId: string, tokenId: string): Promise<void> {
  const { rows } = UUID.test(tokenId)
    ? await sql`update loom.api_tokens set revoked_at = now() where id = ${tokenId}::uuid and user_id = ${userId}::uuid and revoked_at is null returning id`.execute(
        db,
      )
    : { rows: [] };
  if (!rows.length) throw loomError('LOOM_ERR_AUTH_NOT_FOUND', `No token with id "${tokenId.slice(0, 64)}".`);
}

export async function revokeUserTokens(db: Kysely<any>, userId: string): Promise<void> {
  await sql`update loom.api_tokens set revoked_at = now() where user_id = ${userId}::uuid and revoked_at is null`.execute(db);
}

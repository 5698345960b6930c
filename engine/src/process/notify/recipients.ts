import { sql, type Kysely } from 'kysely';
import type { Recipient } from '@loom/metadata';
import type { WriteContext } from '../../data/write/write-context.ts';
import { collectIds } from './deliver.ts';

/**
 * `{ "field": "owner.manager" }`: the manager of the user a user field or path names (unless
 * the whole path names a field, such as a `manager` field of a looked-up record).
 */
export const MANAGER_SUFFIX = '.manager';

/** What a recipient list reads from the record: the paths whose values name users. */
export function recipientPaths(to: readonly Recipient[]): string[] {
  const paths: string[] = [];
  for (const r of to) {
    const path = 'field' in r ? r.field : 'var' in r && !r.var.startsWith('$') ? r.var : undefined;
    if (path) paths.push(path);
    if (path?.endsWith(MANAGER_SUFFIX)) paths.push(path.slice(0, -MANAGER_SUFFIX.length));
  }
  return paths;
}

export interface RecipientSources {
  /** The value of a record path (a user id, or ids); undefined when the path names no field. */
  value(path: string): unknown;
  /** The record before the write, for `$old.…`. */
  readonly old?: Readonly<Record<string, unknown>>;
  readonly ctx?: WriteContext;
}

/**
 * The users a recipient list names, each once: user fields and lookup paths of the record
 * (`owner`, `parent.owner`), their managers (`owner.manager`), everyone holding a role, a
 * user by id or email, and variables (`$old.owner`: the value before the write; `$user`: who
 * made the write, or on whose behalf it was made). Deactivated users are dropped later.
 */
export async function resolveRecipients(trx: Kysely<any>, to: readonly Recipient[], sources: RecipientSources, roles: RoleMembers): Promise<string[]> {
  const ids = new Set<string>();
  const managersOf = new Set<string>();
  for (const r of to) {
    if ('role' in r) (await roles.members(trx, r.role)).forEach((id) => ids.add(id));
    else if ('user' in r) (await userByIdOrEmail(trx, r.user)).forEach((id) => ids.add(id));
    else if ('field' in r) pathUsers(r.field, sources.value, ids, managersOf);
    else if ('var' in r) {
      if (r.var === '$user' || r.var === '$user.id') collectIds(sources.ctx?.onBehalfOf ?? sources.ctx?.actorId ?? undefined, ids);
      else if (r.var.startsWith('$old.')) collectIds(sources.old?.[r.var.slice('$old.'.length)], ids);
      else if (!r.var.startsWith('$')) pathUsers(r.var, sources.value, ids, managersOf);
    }
  }
  if (managersOf.size) (await roles.managers(trx, [...managersOf])).forEach((id) => ids.add(id));
  return [...ids];
}

function pathUsers(path: string, value: (path: string) => unknown, ids: Set<string>, managersOf: Set<string>) {
  const direct = value(path);
  if (direct === undefined && path.endsWith(MANAGER_SUFFIX)) collectIds(value(path.slice(0, -MANAGER_SUFFIX.length)), managersOf);
  else collectIds(direct, ids);
}

async function userByIdOrEmail(trx: Kysely<any>, user: string): Promise<string[]> {
  const ids = new Set<string>();
  collectIds(user, ids);
  if (ids.size) return [...ids];
  const { rows } = await sql<{ id: string }>`select id from loom.users where lower(email) = lower(${user})`.execute(trx);
  return rows.map((r) => r.id);
}

/**
 * Who holds each role, and each user's manager, read once per sweep or notification: a sweep
 * names the same roles and owners thousands of times.
 */
export class RoleMembers {
  readonly #cache = new Map<string, Promise<string[]>>();
  readonly #managers = new Map<string, string | null>();

  /** The managers of these users (those who have one). */
  async managers(trx: Kysely<any>, userIds: readonly string[]): Promise<string[]> {
    const unknown = userIds.filter((id) => !this.#managers.has(id));
    if (unknown.length) {
      const { rows } = await sql<{ id: string; manager_id: string | null }>`select id, manager_id from loom.users where id = any(${unknown}::uuid[])`.execute(
        trx,
      );
      for (const id of unknown) this.#managers.set(id, null);
      for (const row of rows) this.#managers.set(row.id, row.manager_id);
    }
    return userIds.map((id) => this.#managers.get(id)).filter((id): id is string => !!id);
  }

  members(trx: Kysely<any>, role: string): Promise<string[]> {
    let members = this.#cache.get(role);
    if (!members) {
      members = sql<{ id: string }>`select id from loom.users where active and ${role} = any(roles)`.execute(trx).then((r) => r.rows.map((row) => row.id));
      this.#cache.set(role, members);
    }
    return members;
  }
}

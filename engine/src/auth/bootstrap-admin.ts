import { sql, type Kysely } from 'kysely';
import { assertPasswordPolicy, generatePassword } from './passwords.ts';
import { createUser, type PublicUser } from './users-repo.ts';

export const DEFAULT_ADMIN_EMAIL = 'admin@loom.local';

export interface BootstrapOptions {
  readonly email?: string;
  readonly password?: string;
  /**
   * Where a generated password is shown, once. Defaults to stdout through console, never
   * through the structured logger: log lines are shipped and kept, a console line is not.
   */
  readonly print?: (line: string) => void;
}

/**
 * On the first start (no user at all) creates an administrator from LOOM_ADMIN_EMAIL and
 * LOOM_ADMIN_PASSWORD; without a password one is generated and printed once. Instances
 * starting together on one database agree through an advisory lock: one creates, the
 * others see a user and do nothing. Returns the user it created, if any.
 */
export async function bootstrapAdmin(db: Kysely<any>, options: BootstrapOptions = {}): Promise<PublicUser | undefined> {
  const email = options.email || DEFAULT_ADMIN_EMAIL;
  if (options.password) assertPasswordPolicy(options.password, 'LOOM_ADMIN_PASSWORD');
  const password = options.password || generatePassword();
  const created = await db.connection().execute(async (conn) => {
    // A session lock (not a transaction's): createUser runs its own transaction on this connection.
    await sql`select pg_advisory_lock(hashtext('loom.bootstrap-admin'))`.execute(conn);
    try {
      const { rows } = await sql`select 1 from loom.users limit 1`.execute(conn);
      if (rows.length) return undefined;
      return createUser(conn, { email, name: 'Administrator', password, admin: true });
    } finally {
      await sql`select pg_advisory_unlock(hashtext('loom.bootstrap-admin'))`.execute(conn);
    }
  });
  if (created && !options.password) {
    const print = options.print ?? ((line: string) => console.log(line));
    print(
      `Loom created the administrator ${created.email} with the password ${password}\nIt is shown only this once: sign in and change it (or set LOOM_ADMIN_PASSWORD before the first start).`,
    );
  }
  return created;
}

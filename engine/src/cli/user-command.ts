import path from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnv } from '../app/config.ts';
import { generatePassword } from '../auth/passwords.ts';
import { createUser } from '../auth/users-repo.ts';
import { openDatabase } from '../db/database.ts';
import { loomError } from '../errors/loom-error.ts';
import { MetadataRegistry } from '../meta/metadata-registry.ts';

export const USER_USAGE = `  user create           Create a user (prints a generated password once unless --password is given)
                          --email <address>  required
                          --name <name>      defaults to the part of the email before "@"
                          --password <pw>    at least 10 characters (visible in shell history: prefer a generated one)
                          --admin            a platform administrator
                          --roles a,b        names of published roles`;

/** `loom user create …`: its own options, so other commands keep refusing these. */
export async function runUser(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, admin: { type: 'boolean' }, roles: { type: 'string' } },
  });
  if (positionals.length !== 1 || positionals[0] !== 'create')
    throw loomError('LOOM_ERR_AUTH_INVALID', `unknown user command "${positionals.join(' ')}"; use: loom user create --email …`);
  const email = values.email ?? '';
  const roles = values.roles
    ? values.roles
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
    : [];
  const password = values.password ?? generatePassword();
  const config = configFromEnv();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'db') });
  try {
    // Starting the registry brings the system tables up to date and names the published roles.
    const registry = new MetadataRegistry(database);
    await registry.start();
    await registry.stop();
    const knownRoles = new Set(registry.current().roles.keys());
    const user = await createUser(
      database.db,
      { email, name: values.name ?? email.split('@')[0], password, admin: values.admin === true, roles },
      { knownRoles },
    );
    console.log(`Created ${user.admin ? 'administrator' : 'user'} ${user.email} (${user.id})${roles.length ? ` with roles ${roles.join(', ')}` : ''}.`);
    if (!values.password) console.log(`Password (shown only this once): ${password}`);
    return 0;
  } finally {
    await database.close();
  }
}

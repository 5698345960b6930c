import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.ts';
import { openDatabase } from '../db/database.ts';
import { selectedBackends } from '../../test/backends.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/** `loom user create` against an embedded data folder, or a PostgreSQL database of its own. */
for (const kind of selectedBackends()) {
  describe(`loom user create [${kind}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-user-cli-'));
    let server: TestDatabase | undefined;
    beforeAll(async () => {
      if (kind === 'postgres') server = await createTestDatabase('postgres');
    });
    afterAll(async () => {
      await server?.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    function loom(...args: string[]) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'engine/src/cli/main.ts', 'user', 'create', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, LOOM_DATA_DIR: dataDir, DATABASE_URL: server?.url ?? '', LOG_LEVEL: 'silent' },
        timeout: 120_000,
      });
      return { code: result.status, out: result.stdout, err: result.stderr };
    }

    async function storedHash(email: string) {
      const database = await openDatabase(server ? { url: server.url } : { dataDir: path.join(dataDir, 'db') });
      try {
        const { rows } = await sql<{
          password_hash: string;
          is_admin: boolean;
          roles: string[];
        }>`select password_hash, is_admin, roles::text[] as roles from loom.users where email = ${email}`.execute(database.db);
        return rows[0];
      } finally {
        await database.close();
      }
    }

    it('creates a user and prints a generated password once', async () => {
      const made = loom('--email', 'Ann@Example.com', '--name', 'Ann Lee');
      expect(made.code, made.err).toBe(0);
      expect(made.out).toMatch(/Created user ann@example.com/);
      const password = /Password \(shown only this once\): (\S+)/.exec(made.out)![1];
      const row = await storedHash('ann@example.com');
      expect(await verifyPassword(row.password_hash, password)).toBe(true);
      expect(made.out.split(password).length).toBe(2);
    });

    it('creates an administrator with a given password and prints no password', async () => {
      const made = loom('--email', 'boss@example.com', '--password', 'a long enough password', '--admin');
      expect(made.code, made.err).toBe(0);
      expect(made.out).toMatch(/Created administrator boss@example.com/);
      expect(made.out).not.toContain('a long enough password');
      expect(made.out).not.toMatch(/Password/);
      expect(await storedHash('boss@example.com')).toMatchObject({ is_admin: true, roles: [] });
    });

    it('exits non-zero with a clear message on bad input', () => {
      const cases: [string[], RegExp][] = [
        [['--email', 'ANN@example.com'], /another user already has this email/],
        [['--email', 'not-an-email'], /\/email: must be an email address/],
        [['--email', 'c@example.com', '--password', 'short'], /at least 10 characters/],
        [['--email', 'c@example.com', '--roles', 'sales,finance'], /no role document is named "sales"/],
        [['--email', 'c@example.com', '--colour', 'red'], /Unknown option '--colour'/],
        [[], /\/email: must be an email address/],
      ];
      for (const [args, message] of cases) {
        const result = loom(...args);
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.err).toMatch(message);
        expect(result.out).not.toMatch(/Created/);
      }
      // Six CLI processes, each loading the engine's sources: a busy machine takes minutes.
    }, 180_000);
  });
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-cli-'));
const fixtures = path.join(root, 'engine/test/fixtures');

function loom(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'engine/src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOOM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('loom CLI', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('plans (changing nothing), applies, and then plans nothing for the same pack', async () => {
    const plan = loom('plan', path.join(fixtures, 'small-pack'));
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toMatch(/create table/i);
    expect(plan.out).toMatch(/System migrations a start would run \(\d+\): 0001_system, /);
    // Plan writes nothing: no system migration ran, no schema was made.
    const database = await openDatabase({ dataDir: path.join(dataDir, 'db') });
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_namespace where nspname like 'loom%'`.execute(database.db);
    await database.close();
    expect(rows).toEqual([]);
    const apply = loom('apply', path.join(fixtures, 'small-pack'));
    expect(apply.code, apply.err).toBe(0);
    const again = loom('plan', path.join(fixtures, 'small-pack'));
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 document\(s\) would change/);
    expect(again.out).toMatch(/System migrations: none to run/);
    expect(again.out).toMatch(/a start changes nothing/);
  }, 150_000);

  it('reports every problem of a bad pack with file and pointer, and exits non-zero', () => {
    const result = loom('plan', path.join(fixtures, 'broken-pack'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('thing.json#/fields/size/type');
  });

  it('refuses unknown commands, options and missing folders with a message', () => {
    expect(loom('explode').code).toBe(2);
    const option = loom('plan', '--colour', 'x');
    expect(option.code).not.toBe(0);
    expect(option.err).toMatch(/colour/);
    const missing = loom('plan', path.join(fixtures, 'no-such-folder'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/is not a folder/);
  });
});

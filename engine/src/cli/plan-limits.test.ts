import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deepRuleJson, entityWithFields } from '../../test/fixtures/hostile-metadata.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-cli-limits-'));

function plan(files: Record<string, string>) {
  const folder = fs.mkdtempSync(path.join(work, 'pack-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'engine/src/cli/main.ts', 'plan', folder], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOOM_DATA_DIR: path.join(work, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

// `loom plan` refuses what `loom apply` (a publish) could not apply, with the same pointers as the API.
describe('loom plan on metadata the database cannot take', () => {
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('reports an entity of 1,700 fields at its fields, and exits 1', () => {
    const result = plan({ 'wide.json': JSON.stringify(entityWithFields(1700)) });
    expect(result.code, result.out).toBe(1);
    expect(result.err).toMatch(/wide\.json#\/fields\b.*1707 columns/);
    expect(result.out).not.toMatch(/create table/i);
  });

  it('reports a rule nested 3,000 levels deep at the first level too deep, and exits 1', () => {
    const result = plan({ 'deep.json': deepRuleJson(3000) });
    expect(result.code, result.out).toBe(1);
    expect(result.err).toContain(`deep.json#/rules/0/assert${'/!'.repeat(61)}`);
    expect(result.err).toContain('nested deeper than 64 levels');
    expect(result.err).not.toMatch(/RangeError|Maximum call stack/);
  });
});

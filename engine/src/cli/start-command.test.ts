import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * `loom start` on an empty embedded database, as `npm start` runs it: the CRM pack and its
 * sample records are installed, owned by the administrator created on this first start.
 */
describe('loom start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-start-'));
  const uiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-start-ui-'));
  let child: ChildProcess;
  let base = '';

  beforeAll(async () => {
    // A built app stands in for runtime-ui/dist, so the start does not build the web app.
    fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Loom</title>');
    child = spawn(process.execPath, ['--import', 'tsx', 'engine/src/cli/main.ts', 'start'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOOM_DATA_DIR: dataDir,
        LOOM_UI_DIR: uiDir,
        DATABASE_URL: '',
        LOOM_ADMIN_EMAIL: 'boss@start.test',
        LOOM_ADMIN_PASSWORD: 'a long start password',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`loom start did not listen in time:\n${output}`)), 150_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening at (http:\/\/[^"\s]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`loom start exited with ${code}:\n${output}`)));
    });
  }, 160_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(uiDir, { recursive: true, force: true });
  });

  it('serves the CRM pack with sample records owned by the first administrator, and the web app', async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@start.test', password: 'a long start password' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const me = ((await login.json()) as { user: { id: string } }).user;
    const bundle = (await (await fetch(`${base}/api/meta/ui`, { headers: { cookie } })).json()) as {
      menus: unknown[];
      entities: Record<string, { owned: boolean }>;
    };
    expect(bundle.menus.length).toBeGreaterThan(0);
    const entities = bundle.entities;
    const owned = Object.keys(entities).filter((name) => entities[name].owned);
    expect(owned.length).toBeGreaterThan(3);
    let records = 0;
    for (const entity of owned) {
      const page = (await (await fetch(`${base}/api/data/${entity}?limit=500&count=true`, { headers: { cookie } })).json()) as {
        total: number;
        data: { id: string; owner: string | null }[];
      };
      records += page.total;
      for (const record of page.data) expect(record.owner, `${entity} ${record.id}`).toBe(me.id);
    }
    expect(records).toBeGreaterThan(50);
    const app = await fetch(`${base}/app/`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('<title>Loom</title>');
  });
});

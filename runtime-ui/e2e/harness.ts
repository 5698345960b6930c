/**
 * Browser tests against a real Loom: a server on a fresh database (PostgreSQL, or PGlite when
 * only that backend is selected) with the CRM pack and its sample data, an administrator with
 * a password, the built web app under /app/, and Debian's Chromium driven by playwright-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { configFromEnv } from '../../engine/src/app/config.ts';
import { createLoomApp, type LoomApp } from '../../engine/src/app/loom-app.ts';
import type { Database, DatabaseKind } from '../../engine/src/db/database.ts';
import { selectedBackends } from '../../engine/test/backends.ts';
import { createTestDatabase } from '../../engine/test/test-database.ts';
import { SYSTEM_ACTOR } from '../../engine/src/data/actor.ts';
import { loadPack } from '../../engine/src/pack/load-pack.ts';
import { loadPackData } from '../../engine/src/pack/load-pack-data.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const UI_DIR = fileURLToPath(new URL('../dist', import.meta.url));
export const CRM_PACK = fileURLToPath(new URL('../../metadata/packs/crm', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Why browser tests cannot run here, or undefined when they can. With
 * LOOM_REQUIRE_BROWSER_TESTS=1 (CI sets it) a missing browser or build is an error, not a skip.
 */
export function e2eSkipReason(): string | undefined {
  const reason = !fs.existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing (apt-get install -y chromium)`
    : !fs.existsSync(path.join(UI_DIR, 'index.html'))
      ? 'runtime-ui/dist is missing (npm run build -w runtime-ui)'
      : undefined;
  if (reason && process.env.LOOM_REQUIRE_BROWSER_TESTS === '1') throw new Error(`browser tests cannot run: ${reason}`);
  return reason && `browser tests skipped: ${reason}`;
}

export interface LoomServer {
  readonly url: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly app: LoomApp;
  readonly database: Database;
  /** postgres:// URL of the server's own database (PostgreSQL only). */
  readonly databaseUrl?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Install the CRM pack (with its sample data unless `data: false`). Default true. */
  readonly pack?: boolean;
  readonly data?: boolean;
  /** Default: postgres when LOOM_TEST_BACKENDS selects it (or is unset), else pglite. */
  readonly backend?: 'postgres' | 'pglite';
}

/** PostgreSQL when LOOM_TEST_BACKENDS selects it (or is unset), else PGlite. */
function defaultBackend(): DatabaseKind {
  return selectedBackends().includes('postgres') ? 'postgres' : 'pglite';
}

/** A Loom server on a free port, on its own fresh database. */
export async function startLoomServer(options: StartOptions = {}): Promise<LoomServer> {
  const fresh = await createTestDatabase(options.backend ?? defaultBackend());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-e2e-'));
  // A copy of the build, so a rebuild of runtime-ui/dist during the run cannot pull it away.
  const uiDir = path.join(dataDir, 'app');
  fs.cpSync(UI_DIR, uiDir, { recursive: true });
  const adminEmail = 'admin@loom.test';
  const adminPassword = `e2e-${randomBytes(9).toString('base64url')}`;
  const config = {
    ...configFromEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      LOOM_DATA_DIR: dataDir,
      LOOM_UI_DIR: uiDir,
      LOG_LEVEL: 'warn',
      LOOM_ADMIN_EMAIL: adminEmail,
      LOOM_ADMIN_PASSWORD: adminPassword,
    }),
    uiDir,
  };
  let app: LoomApp | undefined;
  try {
    app = await createLoomApp(config, { database: fresh.database, logger: false });
    if (options.pack !== false) {
      const pack = loadPack(CRM_PACK);
      await app.registry.publish(pack.changes);
      if (options.data !== false) await loadPackData(app.records, pack.dataFiles, SYSTEM_ACTOR);
    }
    await app.server.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await fresh.dispose();
    throw error;
  }
  const address = app.server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const started = app;
  return {
    url: `http://127.0.0.1:${port}`,
    adminEmail,
    adminPassword,
    app: started,
    database: fresh.database,
    databaseUrl: fresh.url,
    async close() {
      await started.close();
      await fresh.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless (never a downloaded browser). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export async function newPage(browser: Browser, server: LoomServer, viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'en-US', deviceScaleFactor: 1 });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the sign-in page. */
export async function signInThroughPage(page: Page, server: LoomServer): Promise<void> {
  await page.goto('/app/');
  await page.getByLabel(/email|邮箱/i).fill(server.adminEmail);
  await page.getByLabel(/password|密码/i).fill(server.adminPassword);
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.locator('.sidebar-nav').waitFor();
}

/**
 * Where the browser tests leave their screenshots: a scratch folder under the system's temp
 * directory, so a test run never changes tracked files; `LOOM_UPDATE_SCREENSHOTS=1` writes
 * them to docs/screenshots instead, to refresh the pictures the docs show.
 */
export const SCREENSHOT_DIR =
  process.env.LOOM_UPDATE_SCREENSHOTS === '1' ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(os.tmpdir(), 'loom-screenshots');

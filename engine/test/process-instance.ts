import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { configFromEnv } from '../src/app/config.ts';
import { createApiToken } from '../src/auth/api-tokens.ts';
import { createUser } from '../src/auth/users-repo.ts';
import type { Database } from '../src/db/database.ts';
import { buildServer } from '../src/http/server.ts';

/** A settable clock that every instance of a test shares. */
export class TestClock {
  at: Date;
  constructor(iso: string) {
    this.at = new Date(iso);
  }
  now = () => new Date(this.at);
  set(iso: string) {
    this.at = new Date(iso);
  }
}

export interface ProcessTestInstance {
  readonly server: FastifyInstance;
  /** Stops the instance as a shutdown does (its queue and HTTP server); the database stays. */
  close(): Promise<void>;
}

/**
 * One Loom instance on a test database, as `createLoomApp` wires it (server, registry, the
 * process engine started: its queue, its handlers, the tick on start), with a test clock and
 * settings of its own. Several may share one database, as instances of one installation do.
 */
export async function startProcessInstance(
  database: Database,
  options: { clock: TestClock; timeZone?: string; smtpUrl?: string; defaultLocale?: 'en' | 'zh-CN'; documents?: unknown[]; start?: boolean },
): Promise<ProcessTestInstance> {
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-files-'));
  const config = {
    ...configFromEnv({}),
    filesDir,
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    smtpUrl: options.smtpUrl,
    mailFrom: 'Loom <loom@loom.test>',
    defaultLocale: options.defaultLocale ?? 'en',
  };
  const server = await buildServer({ database, config, logger: false, clock: options.clock.now });
  await server.loom.registry.start();
  if (options.documents?.length) await server.loom.registry.publish(options.documents.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
  if (options.start !== false) await server.loom.processes.start();
  return {
    server,
    async close() {
      await server.close();
      await server.loom.processes.stop();
      await server.loom.registry.stop();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** An administrator's bearer header for requests to an instance. */
export async function adminHeaders(database: Database): Promise<Record<string, string>> {
  const admin = await createUser(database.db, { email: `admin.${Date.now()}.${Math.random().toString(36).slice(2)}@loom.test`, name: 'Admin', admin: true });
  const { token } = await createApiToken(database.db, admin.id, { name: 'tests' });
  return { authorization: `Bearer ${token}` };
}

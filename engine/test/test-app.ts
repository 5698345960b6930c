import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../src/db/database.ts';
import { buildServer } from '../src/http/server.ts';
import { configFromEnv } from '../src/app/config.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  test: TestDatabase;
  close(): Promise<void>;
}

/** A Loom server on its own fresh database, driven with `app.inject` (real HTTP handling, no socket). */
export async function startTestApp(kind: DatabaseKind, documents: unknown[] = []): Promise<TestApp> {
  const test = await createTestDatabase(kind);
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-files-'));
  const config = { ...configFromEnv({}), filesDir };
  const app = await buildServer({ database: test.database, config, logger: false });
  await app.loom.registry.start();
  if (documents.length) await app.loom.registry.publish(documents.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
  return {
    app,
    test,
    async close() {
      await app.close();
      await app.loom.registry.stop();
      await test.dispose();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

import { afterAll, beforeAll, describe } from 'vitest';
import { selectedBackends } from './backends.ts';

/** The same HTTP tests on each backend, with one server and database per backend. */
export function describeAppOnEachBackend(title: string, documents: unknown[], body: (ctx: { readonly app: FastifyInstance; readonly test: TestDatabase; readonly kind: DatabaseKind }) => void) {
  for (const kind of selectedBackends()) {
    describe(`${title} [${kind}]`, () => {
      let current: TestApp | undefined;
      beforeAll(async () => {
        current = await startTestApp(kind, documents);
      });
      afterAll(async () => {
        await current?.close();
      });
      body({
        kind,
        get app() {
          return current!.app;
        },
        get test() {
          return current!.test;
        },
      });
    });
  }
}

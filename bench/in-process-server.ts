/** A Loom server in the benchmark's own process, on its own database, with given documents published (the process benchmarks). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { configFromEnv } from '../engine/src/app/config.ts';
import { openDatabase } from '../engine/src/db/database.ts';
import { buildServer } from '../engine/src/http/server.ts';
import type { BenchSettings } from './bench-env.ts';

export interface InProcessServer {
  readonly app: Awaited<ReturnType<typeof buildServer>>;
  readonly db: Kysely<any>;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  close(): Promise<void>;
}

/**
 * Opens the database, publishes the documents, optionally starts the process engine's queue
 * and schedules (as in production), and listens on a free port.
 */
export async function startInProcessServer(
  settings: BenchSettings,
  url: string,
  documents: readonly unknown[],
  options: { processes?: boolean } = {},
): Promise<InProcessServer> {
  const database = await openDatabase({ url, poolSize: settings.poolSize });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-files-'));
  const app = await buildServer({ database, config: { ...configFromEnv({}), filesDir, timeZone: 'UTC' }, logger: false });
  const close = async () => {
    await app.close();
    await app.loom.registry.stop();
    await database.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  };
  try {
    await app.loom.registry.start();
    await app.loom.registry.publish(documents.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
    if (options.processes) await app.loom.processes.start();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    return { app, db: database.db as Kysely<any>, base: `http://127.0.0.1:${address.port}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

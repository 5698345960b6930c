import { bootstrapAdmin } from '../auth/bootstrap-admin.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { FileStore } from '../data/files/file-store.ts';
import { RecordService } from '../data/record-service.ts';
import { buildServer } from '../http/server.ts';
import { MetadataRegistry } from '../meta/metadata-registry.ts';
import type { LoomConfig } from './config.ts';
import path from 'node:path';

export interface LoomApp {
  readonly database: Database;
  readonly registry: MetadataRegistry;
  readonly records: RecordService;
  readonly server: Awaited<ReturnType<typeof buildServer>>;
  close(): Promise<void>;
}

/**
 * Wires one Loom instance: database, metadata registry, record service, HTTP server, and
 * on the very first start an administrator. No module singletons.
 */
export async function createLoomApp(config: LoomConfig, options: { database?: Database; logger?: boolean | object } = {}): Promise<LoomApp> {
  const database =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'db'),
      poolSize: config.databasePool.size,
      poolWaitMs: config.databasePool.waitMs,
    }));
  const server = await buildServer({ database, config, logger: options.logger ?? { level: config.logLevel } });
  const registry = server.loom.registry;
  try {
    await registry.start();
    // After start(): the system migrations have created the users table by then.
    await bootstrapAdmin(database.db, { email: config.adminEmail, password: config.adminPassword });
    // Job handlers and schedules once the system tables and the model are there.
    await server.loom.processes.start();
  } catch (error) {
    await server.close();
    if (!options.database) await database.close();
    throw error;
  }
  return {
    database,
    registry,
    records: server.loom.records,
    server,
    async close() {
      await server.close();
      await server.loom.processes.stop();
      await registry.stop();
      if (!options.database) await database.close();
    },
  };
}

export { FileStore };

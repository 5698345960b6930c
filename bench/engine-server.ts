import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../engine/src/app/config.ts';
import { openDatabase } from '../engine/src/db/database.ts';
import { buildServer } from '../engine/src/http/server.ts';
import type { RunningServer } from './baseline-server.ts';

/** The Loom server as `loom start` wires it (buildServer + registry.start()), logger off, on a random port. */
export async function startEngineServer(url: string, poolSize: number): Promise<RunningServer> {
  const database = await openDatabase({ url, poolSize });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-files-'));
  const config = { ...configFromEnv({}), filesDir };
  const app = await buildServer({ database, config, logger: false });
  try {
    await app.loom.registry.start();
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the engine server has no TCP address');
  return {
    port: address.port,
    async close() {
      await app.close();
      await app.loom.registry.stop();
      await database.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

import path from 'node:path';
import { configFromEnv } from '../app/config.ts';
import { openDatabase } from '../db/database.ts';
import { MetadataRegistry } from '../meta/metadata-registry.ts';
import { loadPack } from '../pack/load-pack.ts';
import { loadPackData } from '../pack/load-pack-data.ts';
import { SYSTEM_ACTOR } from '../data/actor.ts';
import { RecordService } from '../data/record-service.ts';
import { formatPlan } from '../schema/index.ts';

async function withRegistry<T>(work: (registry: MetadataRegistry, records: RecordService) => Promise<T>): Promise<T> {
  const config = configFromEnv();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'db') });
  try {
    const registry = new MetadataRegistry(database);
    await registry.start();
    const records = new RecordService({ db: database.db, model: () => registry.current(), now: () => new Date() });
    const result = await work(registry, records);
    await registry.stop();
    return result;
  } finally {
    await database.close();
  }
}

export async function runPlan(folder: string): Promise<number> {
  const pack = loadPack(folder);
  return withRegistry(async (registry) => {
    const outcome = await registry.plan(pack.changes);
    console.log(`${outcome.changed.length} document(s) would change.`);
    console.log(formatPlan(outcome.plan));
    return 0;
  });
}

export async function runApply(folder: string, options: { purge: boolean; data: boolean }): Promise<number> {
  const pack = loadPack(folder);
  return withRegistry(async (registry, records) => {
    const outcome = await registry.publish(pack.changes, { purge: options.purge });
    console.log(`Published revision ${outcome.revision}: ${outcome.changed.length} document(s) changed.`);
    console.log(formatPlan(outcome.plan));
    if (options.data && pack.dataFiles.length) {
      const { created } = await loadPackData(records, pack.dataFiles, SYSTEM_ACTOR);
      console.log(`Loaded ${created} sample record(s).`);
    }
    return 0;
  });
}

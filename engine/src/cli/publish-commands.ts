import path from 'node:path';
import { configFromEnv } from '../app/config.ts';
import { openDatabase } from '../db/database.ts';
import { MetadataRegistry } from '../meta/metadata-registry.ts';
import { loadPack } from '../pack/load-pack.ts';
import { loadPackData } from '../pack/load-pack-data.ts';
import { SYSTEM_ACTOR } from '../data/actor.ts';
import { RecordService } from '../data/record-service.ts';
import { formatPlan } from '../schema/index.ts';
import { formatSystemMigrations, planReadOnly, type ReadOnlyPlan } from './read-only-plan.ts';

function openConfiguredDatabase() {
  const config = configFromEnv();
  return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'db') });
}

async function withRegistry<T>(work: (registry: MetadataRegistry, records: RecordService) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase();
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

/**
 * Changes nothing: no system migration and no start-time catch-up runs (a start would run
 * them), both are listed, then what applying the pack would do.
 */
export async function runPlan(folder: string): Promise<number> {
  const pack = loadPack(folder);
  const database = await openConfiguredDatabase();
  try {
    const outcome = await planReadOnly(database, pack.changes);
    console.log(formatSystemMigrations(outcome.systemMigrations));
    console.log(formatCatchUp(outcome.catchUp));
    console.log(`${outcome.publish.changed.length} document(s) would change.`);
    console.log(formatPlan(outcome.publish.plan));
    return 0;
  } finally {
    await database.close();
  }
}

function formatCatchUp(catchUp: ReadOnlyPlan['catchUp']): string {
  if (catchUp.error) return `A start could not bring the database up to the published model: ${catchUp.error}`;
  if (catchUp.held.length)
    return ['The database differs from the published model in ways a start leaves to a publish:', ...catchUp.held.map((s) => `  ${s.description}`)].join('\n');
  if (!catchUp.apply.length) return 'The database matches the published model: a start changes nothing in it.';
  return [`A start would bring the database up to the published model (${catchUp.apply.length}):`, ...catchUp.apply.map((s) => `  ${s.description}`)].join(
    '\n',
  );
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

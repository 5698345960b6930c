import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { LoomApp } from '../app/loom-app.ts';
import { loadActor } from '../auth/load-actor.ts';
import { SYSTEM_ACTOR, type Actor } from '../data/actor.ts';
import { RecordService } from '../data/record-service.ts';
import { loadPack } from '../pack/load-pack.ts';
import { loadPackData } from '../pack/load-pack-data.ts';

export interface StarterPackHooks {
  /** Runs between the publish and the sample data: tests stand a crash there. */
  readonly afterPublish?: () => void | Promise<void>;
}

/**
 * Installs the starter pack on a database with no entities, and finishes an installation a crash
 * interrupted. Publishing and the sample data cannot share one transaction (a publish holds its
 * own, with its lock and NOTIFY), so the install is a step recorded in `loom.starter_pack`:
 * the row is written before the publish, and marked done in the transaction that loads every
 * sample record. A start that finds the row not done publishes if still needed and loads the data;
 * instances starting together on one database load it once (the row is locked while loading).
 * Answers the number of sample records loaded by this call.
 */
export async function installStarterPack(app: LoomApp, folder: string, hooks: StarterPackHooks = {}): Promise<number> {
  const db = app.database.db;
  const recorded = await readStep(db);
  if (recorded?.done) return 0;
  // No row: an installation from before the step was recorded, or a model published another way.
  if (!recorded && app.registry.current().entities.size > 0) return 0;
  const pack = loadPack(folder);
  const name = path.basename(pack.folder);
  if (!recorded) await sql`insert into loom.starter_pack (pack) values (${name}) on conflict do nothing`.execute(db);
  if (app.registry.current().entities.size === 0) await app.registry.publish(pack.changes);
  await hooks.afterPublish?.();
  const records = await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ done: boolean }>`select data_loaded_at is not null as done from loom.starter_pack for update`.execute(trx);
    // Another instance finished it while this one published.
    if (!rows[0] || rows[0].done) return 0;
    const service = new RecordService({ db: trx, model: () => app.registry.current(), now: () => new Date() });
    // Sample records belong to the first administrator, so they have an owner and their
    // history names a person; without any user they are the system's.
    const { created } = await loadPackData(service, pack.dataFiles, (await firstAdministrator(trx)) ?? SYSTEM_ACTOR);
    await sql`update loom.starter_pack set data_loaded_at = now(), records = ${created}`.execute(trx);
    return created;
  });
  app.server.log.info({ pack: name, records, resumed: recorded !== undefined }, 'installed the starter pack with sample data');
  return records;
}

async function readStep(db: Kysely<any>): Promise<{ done: boolean } | undefined> {
  const { rows } = await sql<{ done: boolean }>`select data_loaded_at is not null as done from loom.starter_pack`.execute(db);
  return rows[0];
}

async function firstAdministrator(db: Kysely<any>): Promise<Actor | undefined> {
  const { rows } = await sql<{ id: string }>`select id::text as id from loom.users where is_admin and active order by created_at, id limit 1`.execute(db);
  return rows[0] ? loadActor(db, rows[0].id) : undefined;
}

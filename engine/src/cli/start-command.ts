import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../app/config.ts';
import { createLoomApp } from '../app/loom-app.ts';
import { loadPack } from '../pack/load-pack.ts';
import { loadPackData } from '../pack/load-pack-data.ts';
import { sql, type Kysely } from 'kysely';
import { loadActor } from '../auth/load-actor.ts';
import { SYSTEM_ACTOR, type Actor } from '../data/actor.ts';
import { buildWebAppIfMissing } from './build-web-app.ts';

/** The pack a new installation starts with (LOOM_STARTER_PACK=none to start empty). */
const DEFAULT_PACK = fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function runStart(): Promise<number> {
  const config = configFromEnv();
  const app = await createLoomApp(config);
  const starter = process.env.LOOM_STARTER_PACK ?? DEFAULT_PACK;
  if (app.registry.current().entities.size === 0 && starter !== 'none') {
    const pack = loadPack(starter);
    await app.registry.publish(pack.changes);
    // Sample records belong to the first administrator, so they have an owner and their
    // history names a person; without any user they are the system's.
    const { created } = await loadPackData(app.records, pack.dataFiles, (await firstAdministrator(app.database.db)) ?? SYSTEM_ACTOR);
    app.server.log.info({ pack: path.basename(pack.folder), records: created }, 'installed the starter pack with sample data');
  }
  await app.server.listen({ port: config.port, host: config.host });
  // The API serves at once; /app/ says "not built" until a missing web app is built.
  const webApp = buildWebAppIfMissing({ repoRoot: REPO_ROOT, uiDir: config.uiDir, log: app.server.log });
  const stop = async () => {
    webApp.cancel();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

async function firstAdministrator(db: Kysely<any>): Promise<Actor | undefined> {
  const { rows } = await sql<{ id: string }>`select id::text as id from loom.users where is_admin and active order by created_at, id limit 1`.execute(db);
  return rows[0] ? loadActor(db, rows[0].id) : undefined;
}

import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { configFromEnv } from '../app/config.ts';
import type { Database } from '../db/database.ts';
import { buildServer } from '../http/server.ts';

/**
 * The OpenAPI document of the routes every model has, as a caller without credentials gets
 * it: from a server built on no database at all, asked through `inject`. Nothing listens,
 * nothing is published, and an anonymous request for the document reads nothing from the
 * database. The web app's API types are generated from it (runtime-ui/scripts/api-types.ts).
 */
export async function fixedRoutesDocument(): Promise<Record<string, unknown>> {
  const app = await buildServer({ database: noDatabase(), config: configFromEnv({}), logger: false });
  try {
    const answer = await app.inject('/api/openapi.json');
    if (answer.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${answer.statusCode}: ${answer.body.slice(0, 300)}`);
    return answer.json();
  } finally {
    await app.close();
  }
}

/** A handle whose queries reach no server (kysely's DummyDriver answers every one with no rows). */
function noDatabase(): Database {
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return {
    kind: 'postgres',
    db,
    listen: () => Promise.reject(new Error('There is no database to listen to.')),
    schemaChanged: () => {},
    close: () => db.destroy(),
  };
}

import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { ListenConnection, type ListenEvents } from './listen-connection.ts';
import { retryingPool } from './retrying-pool.ts';
import { nameStatementsOf, StatementNames } from './statement-names.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The one handle to PostgreSQL (embedded or server) that the rest of the engine receives. */
export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<any>;
  /** The postgres:// URL of a server database (absent for PGlite): for a client that needs its own connections, such as the job queue. */
  readonly url?: string;
  /**
   * Subscribe to a NOTIFY channel; a lost connection is opened again and `events` say so.
   * Embedded PGlite serves one process, so it never receives.
   */
  listen(channel: string, handler: (payload: string) => void, events?: ListenEvents): Promise<() => Promise<void>>;
  /** Tells the handle the record tables changed (a publish here or on another instance): statements are prepared anew. */
  schemaChanged(): void;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** Folder of the embedded database; absent means in memory. */
  dataDir?: string;
  /** A PGlite data dump to start from (tests clone a prepared template this way). */
  loadDataDir?: Blob;
  /** Server-side guard against runaway queries, in milliseconds. */
  statementTimeoutMs?: number;
  poolSize?: number;
  /** How long a statement waits for a pooled connection (or a new one) before failing as a lost connection. */
  poolWaitMs?: number;
}

// Both backends return the same JavaScript values: int8 as number (counts and
// sequences stay far below 2^53), numeric as exact strings, date as 'YYYY-MM-DD'.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const timeout = options.statementTimeoutMs ?? 30_000;
  const parsers: Record<number, (v: string) => unknown> = {
    [INT8]: (v) => Number(v),
    [DATE]: (v) => v,
    [NUMERIC]: (v) => v,
  };
  const types = {
    getTypeParser: (oid: number, format?: any) => parsers[oid] ?? pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Without it a request waits for a free connection for ever; its timeout error reads as a
    // lost connection (connection-errors.ts), so the request is answered 503 with Retry-After.
    connectionTimeoutMillis: options.poolWaitMs ?? 10_000,
    types,
    options: `-c statement_timeout=${Math.trunc(timeout)} -c TimeZone=UTC`,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool drops it and opens another on next use.
  });
  const statementNames = new StatementNames();
  pool.on('connect', (client) => {
    // pg.Pool listens for 'error' only while a client is idle; a checked-out client whose
    // connection dies emits 'error' too, and an 'error' nobody hears ends the process. The
    // statement running on it is rejected with the same error (that is where the request
    // learns of it), and the pool drops the client when it comes back unqueryable.
    client.on('error', () => {});
    nameStatementsOf(client, statementNames);
  });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: retryingPool(pool) }) });
  await sql`select 1`.execute(db);
  const listeners: ListenConnection[] = [];
  return {
    kind: 'postgres',
    db,
    url,
    async listen(channel, handler, events) {
      const connection = await ListenConnection.open({ connectionString: url, types }, channel, handler, events);
      listeners.push(connection);
      return async () => {
        listeners.splice(listeners.indexOf(connection), 1);
        await connection.end();
      };
    },
    schemaChanged: () => statementNames.forget(),
    async close() {
      await Promise.all(listeners.splice(0).map((c) => c.end().catch(() => {})));
      await db.destroy();
    },
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  const release = options.dataDir ? acquireDataDirLock(options.dataDir) : () => {};
  try {
    const pglite = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v, [NUMERIC]: (v: string) => v },
    });
    // Same session time zone as the server connections, so dates compare alike.
    await pglite.exec(`set time zone 'UTC'`);
    const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
    return {
      kind: 'pglite',
      db,
      async listen() {
        return async () => {};
      },
      // Statements run in this process; nothing is kept prepared between them.
      schemaChanged() {},
      async close() {
        await db.destroy();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

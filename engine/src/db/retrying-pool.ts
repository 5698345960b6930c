import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { isConnectionLost } from './connection-errors.ts';

/**
 * A statement that reads and nothing else: a SELECT or a WITH, naming no data-modifying
 * command and none of the functions that change something beyond the statement (sequences,
 * locks, notifications, settings). Identifiers are quoted and values are parameters, so a
 * word here is SQL, never data; a false "no" only costs a retry.
 */
const READ = /^\s*(select|with)\b/i;
const NOT_ONLY_READ = /\b(insert|update|delete|merge|copy|lock)\b|nextval|setval|advisory|notify|set_config/i;
/** Opening a transaction changes nothing; on a fresh connection it is simply opened again. */
const BEGIN = /^\s*(begin|start\s+transaction)\b/i;

export function isSafeToRepeat(text: string): boolean {
  return BEGIN.test(text) || (READ.test(text) && !NOT_ONLY_READ.test(text));
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * The pool as kysely sees it, with one difference: when the first statement of a checkout
 * fails because its connection was lost (the server ended the backend, the socket reset)
 * and that statement is safe to send again, it is sent once more on a connection opened
 * since, which then serves the rest of the checkout. Only the first: nothing earlier on the
 * session (a transaction, a lock) can have been lost with it. Kysely checks a connection
 * out per statement outside transactions, so every plain read, and the BEGIN of every
 * transaction, gets this second chance; a write, or anything inside a transaction, fails
 * with the connection error (the HTTP layer answers 503).
 */
export function retryingPool(pool: pg.Pool): PostgresPool {
  const connections = new Connections();
  pool.on('connect', (client) => connections.opened(client));
  return {
    // The client class kysely opens a side connection with to cancel a statement.
    Client: (pool as unknown as { Client: PostgresPool['Client'] }).Client,
    get options() {
      return pool.options;
    },
    connect: async () => new RetryingClient(pool, connections, await pool.connect()) as unknown as PostgresPoolClient,
    end: () => pool.end(),
  };
}

/** The order in which the pool's connections were opened. */
class Connections {
  #count = 0;
  readonly #order = new WeakMap<object, number>();

  opened(client: object): void {
    this.#order.set(client, ++this.#count);
  }
  /** A mark: connections opened after it are newer than everything open now. */
  mark(): number {
    return this.#count;
  }
  openedAfter(client: object, mark: number): boolean {
    return (this.#order.get(client) ?? 0) > mark;
  }
}

class RetryingClient {
  #used = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connections: Connections,
    private client: pg.PoolClient | undefined,
  ) {}

  /** Kysely reads the backend's pid to cancel a statement. */
  get processID(): number | undefined {
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  query(config: unknown, values?: unknown, callback?: unknown): unknown {
    const first = !this.#used;
    this.#used = true;
    const query = this.current().query.bind(this.client) as Query;
    if (!first || typeof config !== 'string' || callback !== undefined) return query(config, values, callback);
    return (query(config, values) as Promise<unknown>).catch(async (error: unknown) => {
      // Judged only on failure: the text is not scanned on the way out.
      if (!isConnectionLost(error) || !isSafeToRepeat(config)) throw error;
      // The dead connection leaves the pool (released with an error it is destroyed).
      this.client?.release(error as Error);
      this.client = undefined;
      return this.again(config, values as unknown[], this.connections.mark());
    });
  }

  /**
   * Sends the statement on a connection opened after `lost`. What ended one connection (a
   * restart, every backend terminated) has often ended the idle ones too, before the pool
   * heard of it: an older connection that turns out dead is dropped and does not count as
   * the second chance. Each is dropped, so this ends.
   */
  private async again(text: string, values: unknown[], lost: number): Promise<unknown> {
    for (;;) {
      const client = await this.pool.connect();
      this.client = client;
      try {
        return await client.query(text, values);
      } catch (error) {
        if (!isConnectionLost(error) || this.connections.openedAfter(client, lost)) throw error;
        client.release(error as Error);
        this.client = undefined;
      }
    }
  }

  release(destroy?: boolean | Error): void {
    const client = this.client;
    this.client = undefined;
    client?.release(destroy);
  }

  private current(): pg.PoolClient {
    if (!this.client) throw new Error('Client has encountered a connection error and is not queryable');
    return this.client;
  }
}

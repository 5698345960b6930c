import pg from 'pg';

/** What a listener hears about its connection besides notifications. */
export interface ListenEvents {
  /** The connection was lost: notifications sent from now until `reconnected` are missed. */
  lost?(): void;
  /** LISTEN is in place again after a loss; whatever was announced meanwhile must be read afresh. */
  reconnected?(): void;
}

/** The first retry after a loss comes quickly (a terminated backend is usually back at once)… */
const FIRST_RETRY_MS = 100;
/** …and a database that stays away is tried again at most this far apart. */
const MAX_RETRY_MS = 5_000;

/**
 * One connection that LISTENs on a channel and keeps doing so: NOTIFY is delivered only to
 * sessions listening when it is sent, so a lost connection is opened again (with growing
 * waits while the database stays away) and the owner is told, because what was announced
 * while it was gone will never arrive. The first connection's failure is the caller's
 * (a start that cannot listen fails); later ones are retried until `end`.
 */
export class ListenConnection {
  #client: pg.Client | undefined;
  #ended = false;
  #retry: NodeJS.Timeout | undefined;
  #delay = FIRST_RETRY_MS;

  private constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly handler: (payload: string) => void,
    private readonly events: ListenEvents,
  ) {}

  static async open(config: pg.ClientConfig, channel: string, handler: (payload: string) => void, events: ListenEvents = {}): Promise<ListenConnection> {
    const connection = new ListenConnection(config, channel, handler, events);
    connection.#client = await connection.#connect();
    return connection;
  }

  /** Whether LISTEN is in place now. */
  get listening(): boolean {
    return this.#client !== undefined;
  }

  async end(): Promise<void> {
    this.#ended = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<pg.Client> {
    // Keepalive probes notice a connection that died without a word (a dropped route),
    // which a session that only waits for notifications would otherwise never learn of.
    const client = new pg.Client({ ...this.config, keepAlive: true });
    let live = false;
    // A broken connection also ends; it is handled there, once.
    client.on('error', () => {});
    client.on('end', () => {
      if (live) this.#lost(client);
    });
    client.on('notification', (msg) => {
      if (msg.channel === this.channel) this.handler(msg.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    live = true;
    return client;
  }

  #lost(client: pg.Client) {
    if (this.#client !== client) return;
    this.#client = undefined;
    if (this.#ended) return;
    this.events.lost?.();
    this.#schedule();
  }

  #schedule() {
    // Instances that lost the database together do not come back in one burst.
    const wait = this.#delay / 2 + Math.random() * (this.#delay / 2);
    this.#retry = setTimeout(() => void this.#reconnect(), wait);
    // A retry alone does not keep the process running.
    this.#retry.unref();
  }

  async #reconnect() {
    if (this.#ended) return;
    try {
      const client = await this.#connect();
      if (this.#ended) {
        await client.end().catch(() => {});
        return;
      }
      this.#client = client;
      this.#delay = FIRST_RETRY_MS;
      this.events.reconnected?.();
    } catch {
      this.#delay = Math.min(this.#delay * 2, MAX_RETRY_MS);
      this.#schedule();
    }
  }
}

import type pg from 'pg';

/** A statement text becomes a named (server-side prepared) statement from its third use on. */
const PREPARE_AFTER_USES = 3;
/** At most this many named statements at a time: each connection keeps the ones it has run. */
const MAX_NAMED = 500;
/** Texts whose uses are counted before the counts start over. */
const MAX_COUNTED = 5_000;

/**
 * Names the statements the engine sends again and again, so that each pool connection
 * parses and plans them once and afterwards sends only the name and the values (what
 * pgjdbc does with its `prepareThreshold`). A get, a create, a credential check: each is the
 * same text on every request, often a long one, and parsing and planning it again cost
 * PostgreSQL more than running it. Only statements with parameters are named; a text is
 * named after a few uses, so one-off statements (DDL, ad-hoc filters) stay unnamed.
 */
export class StatementNames {
  #uses = new Map<string, number>();
  #names = new Map<string, string>();
  #next = 0;
  #generation = 0;

  /** Counts the schema changes announced: a connection that prepared statements in an earlier one drops them. */
  get generation(): number {
    return this.#generation;
  }

  nameFor(text: string): string | undefined {
    const name = this.#names.get(text);
    if (name !== undefined) return name;
    const uses = (this.#uses.get(text) ?? 0) + 1;
    if (uses < PREPARE_AFTER_USES || this.#names.size >= MAX_NAMED) {
      if (this.#uses.size >= MAX_COUNTED) this.#uses.clear();
      this.#uses.set(text, uses);
      return undefined;
    }
    this.#uses.delete(text);
    const named = `loom_${++this.#next}`;
    this.#names.set(text, named);
    return named;
  }

  /**
   * After the schema changed. PostgreSQL re-plans a prepared statement whose tables changed,
   * but refuses one whose result columns changed type; from here on every text is prepared
   * anew under a new name (names are never reused, so no connection confuses two texts),
   * and each connection drops the ones it prepared before (nameStatementsOf).
   */
  forget(): void {
    this.#names.clear();
    this.#uses.clear();
    this.#generation++;
  }
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Makes a pool client send the statements `names` names as prepared statements (called for each new connection). */
export function nameStatementsOf(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as Query;
  let generation = names.generation;
  (client as unknown as { query: Query }).query = (config, values, callback) => {
    if (generation !== names.generation) {
      generation = names.generation;
      dropPrepared(client, query, () => (generation = -1));
    }
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = names.nameFor(config);
      if (name !== undefined) return query({ name, text: config, values });
    }
    return query(config, values, callback);
  };
}

/**
 * Drops the statements this connection prepared for an earlier schema: they would never be
 * sent again (their texts get new names), and a connection kept busy is never closed, so
 * they would pile up in the server session, one set per publish. pg notes the statements it
 * prepared on a connection; the note is cleared when DEALLOCATE has run, before the next
 * queued statement is sent (pg calls a query's callback before it sends the next one). If
 * DEALLOCATE fails (the connection is in a failed transaction), `failed` lets the next
 * statement try again.
 */
function dropPrepared(client: pg.PoolClient, query: Query, failed: () => void): void {
  const connection = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection;
  query('DEALLOCATE ALL', (error: unknown) => {
    if (error) failed();
    else if (connection) connection.parsedStatements = {};
  });
}

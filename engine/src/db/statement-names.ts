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
   * anew under a new name (names are never reused, so no connection confuses two texts).
   */
  forget(): void {
    this.#names.clear();
    this.#uses.clear();
  }
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Makes a pool client send the statements `names` names as prepared statements (called for each new connection). */
export function nameStatementsOf(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as Query;
  (client as unknown as { query: Query }).query = (config, values, callback) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = names.nameFor(config);
      if (name !== undefined) return query({ name, text: config, values });
    }
    return query(config, values, callback);
  };
}

/**
 * A row one part of the engine adds to another part's statement: written by the same INSERT
 * … WITH as the record it goes with, so both land or neither does without a transaction
 * around them (a create that enqueues a job is then still one round trip). The table and
 * columns are the engine's own (never from a request); the values are bound as parameters.
 */
export interface InsertAlong {
  /** `schema.table`. */
  readonly table: string;
  /** Column → value; the set of columns is part of the statement's shape. */
  readonly row: Readonly<Record<string, unknown>>;
  /** A conflict on these columns (a unique key) drops the row instead of failing the statement. */
  readonly onConflictDoNothing?: readonly string[];
}

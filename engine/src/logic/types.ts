import type { Expression } from 'kysely';

/** The static type of a JSON Logic value, as the record's logic view presents it. */
export type LogicType = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'array' | 'null';

/** A typed SQL value: a record field (from `resolveVar`) or a compiled expression. */
export interface LogicOperand {
  readonly sql: Expression<any>;
  readonly type: LogicType;
  /**
   * The column's SQL type, where it changes the SQL: 'uuid' for a text operand (compared as uuid
   * with canonical uuid constants, index-friendly, and as text otherwise: PostgreSQL has no
   * uuid = text), 'double precision'/'real' for a number (read through text: a direct numeric
   * cast keeps only 15 digits, JS keeps 17). Other values change nothing.
   */
  readonly sqlType?: string;
  /** Number only: may hold NaN or ±Infinity, e.g. a formula from compileValue (which sets it). */
  readonly nonFinite?: boolean;
}

/** What an expression may read besides the record. The clock is an input: compilers are pure. */
export interface LogicContext {
  now: Date;
  user?: { id: string | null; roles: string[]; teams?: string[]; teamMembers?: string[]; subordinates?: string[] };
  /** `$old.field` in update triggers, as logic view values; absent on insert. */
  old?: Record<string, unknown>;
  /** `$params.name` (report parameters): text, number, boolean, a list of texts or null; typed by value. */
  params?: Record<string, unknown>;
}

export interface LogicScope {
  /** Resolve a record `var` path such as "amount" or "account.tier"; undefined when it names nothing. */
  resolveVar(path: string): LogicOperand | undefined;
  context: LogicContext;
}

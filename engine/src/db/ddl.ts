import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * The one door for DDL text. Statements are built by schema/ from the compiled
 * model's identifiers, each quoted here; this is the only module that hands raw
 * text to kysely (`sql.raw`), so a CI grep can keep it that way.
 */

// Lower-case ASCII, at most 63 bytes (PostgreSQL's NAMEDATALEN - 1): such a name
// can never contain a quotation mark, so quoting it cannot be escaped from.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

const SCALAR_TYPES = new Set(['uuid', 'text', 'integer', 'bigint', 'double precision', 'boolean', 'date', 'timestamptz', 'jsonb', 'text[]']);

/** A column type the model may declare: one of a closed list, or numeric(precision,scale). */
export function isKnownSqlType(type: string): boolean {
  if (SCALAR_TYPES.has(type)) return true;
  const numeric = /^numeric\(([1-9]\d{0,2}),(\d{1,3})\)$/.exec(type);
  return numeric !== null && Number(numeric[1]) <= 1000 && Number(numeric[2]) <= Number(numeric[1]);
}

/** A column type as SQL (a cast, a record definition), or a thrown error when it is not one the model may declare. */
export function sqlType(type: string): RawBuilder<unknown> {
  if (!isKnownSqlType(type)) throw new Error(`Refusing SQL type ${JSON.stringify(type)}`);
  return sql.raw(type);
}

/** `"name"`, or a thrown error when the name is not a plain model identifier. */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`Refusing SQL identifier ${JSON.stringify(name)}: identifiers must match ${IDENTIFIER.source}`);
  }
  return `"${name}"`;
}

/** `"schema"."name"`. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A string literal for COMMENT ON; model names only, but quotation marks are doubled all the same. */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('Refusing SQL literal containing a NUL character');
  return `'${text.replace(/'/g, "''")}'`;
}

/** Runs one DDL statement (text built from quoted identifiers and closed-list keywords). */
export async function executeDdl(trx: Kysely<any>, statement: string): Promise<void> {
  await sql.raw(statement).execute(trx);
}

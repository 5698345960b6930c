import { sql, type Expression, type SqlBool } from 'kysely';
import type { CompiledEntity } from '../model/compiled-model.ts';

/**
 * Substring search over the entity's `search` fields. The first condition is the
 * exact expression of the entity's grams index (same shape, literals not
 * parameters) so PostgreSQL can use it; the second rechecks the real substring.
 */
export function searchCondition(entity: CompiledEntity, alias: string, q: string, fields: readonly string[] = entity.searchFields): Expression<SqlBool> {
  // With fewer fields than the index covers the expression no longer matches it: still correct, just unindexed.
  const columns = fields.map((name) => entity.fields[name].column!);
  if (!columns.length) return sql<SqlBool>`false`;
  const parts = columns.map((c) => sql`coalesce(${sql.ref(`${alias}.${c}`)}, ${sql.lit('')})`);
  const text = sql`lower(${sql.join(parts, sql` || ${sql.lit(' ')} || `)})`;
  const needle = q.toLowerCase();
  return sql<SqlBool>`(loom.grams(${text}) @> loom.grams(${needle}::text) and strpos(${text}, ${needle}::text) > 0)`;
}

import { sql, type Expression, type SqlBool } from 'kysely';
import type { CompiledEntity } from '../../model/compiled-model.ts';

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
  return sql<SqlBool>`(loom.grams(${text}) @> ${needleGrams(needle)}::text[] and strpos(${text}, ${needle}::text) > 0)`;
}

/**
 * The grams a text containing `needle` must have: its 2-grams (each character is in one of
 * them), or the character itself when it is one. `loom.grams(needle)` also lists every
 * character, which asks the index nothing more but misleads the planner: it multiplies the
 * frequencies of 科, 技 and 科技 as if they were independent, so a needle in one record of
 * ten looked a thousand times rarer, and the plan fetched and sorted every match (and
 * computed each one's grams again) where reading the sort index and keeping the first 50
 * matches costs under a millisecond. Characters are counted as PostgreSQL counts them
 * (code points), as loom.grams does.
 */
export function needleGrams(needle: string): string[] {
  const chars = Array.from(needle);
  if (chars.length < 2) return chars;
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

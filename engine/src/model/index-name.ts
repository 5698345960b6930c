import { createHash } from 'node:crypto';

/** PostgreSQL truncates identifiers at 63 bytes; long names keep a hash so they stay unique. */
export function indexName(table: string, parts: readonly string[], suffix: string): string {
  const full = `${table}_${parts.join('_')}_${suffix}`;
  if (full.length <= 63) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 50)}_${hash}_${suffix}`.slice(0, 63);
}

import { createHash } from 'node:crypto';
import { ARCHIVE_PREFIX } from './live-catalog.ts';

/** PostgreSQL silently truncates longer names (NAMEDATALEN - 1); we never let it. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * `text + suffix` when it fits in 63 bytes; otherwise `text` is cut and a hash of
 * the whole of it is kept, so two long names that share a prefix stay distinct.
 * Model identifiers are ASCII, so characters and bytes are the same count.
 */
export function fitIdentifier(text: string, suffix = ''): string {
  if (Buffer.byteLength(text + suffix) <= MAX_IDENTIFIER_BYTES) return text + suffix;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${text.slice(0, MAX_IDENTIFIER_BYTES - suffix.length - hash.length - 1)}_${hash}${suffix}`;
}

export function primaryKeyName(table: string): string {
  return fitIdentifier(table, '_pkey');
}

export function foreignKeyName(table: string, column: string): string {
  return fitIdentifier(`${table}_${column}`, '_fkey');
}

/** `yyyymmddhhmmss` in UTC. */
export function archiveStamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * `_archived_<yyyymmddhhmmss>_<name>`, cut to 63 bytes and made unique among
 * `taken` (the names already in use where this one will live); the chosen
 * name is added to `taken` so that one plan never hands it out twice.
 */
export function archiveName(name: string, now: Date, taken: Set<string>): string {
  const base = `${ARCHIVE_PREFIX}${archiveStamp(now)}_${name}`;
  let candidate = fitIdentifier(base);
  for (let n = 2; taken.has(candidate); n++) candidate = fitIdentifier(base, `_${n}`);
  taken.add(candidate);
  return candidate;
}

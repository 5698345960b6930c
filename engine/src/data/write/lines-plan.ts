import type { ProblemItem } from '../../errors/loom-error.ts';

/** The key that marks a row of a lines field as "delete this existing row". */
export const DELETE_KEY = '$delete';

/** How many ids of left-out rows a refusal names; the count says how many there are in all. */
const NAMED_MISSING = 3;

export type LineStep =
  | { readonly kind: 'create'; readonly data: Record<string, unknown>; readonly at: string }
  | { readonly kind: 'update'; readonly id: string; readonly data: Record<string, unknown>; readonly at: string }
  | { readonly kind: 'delete'; readonly id: string; readonly at: string };

export interface LinesPlan {
  /** Deletes first (a new row may take a deleted row's unique value), then the rows in order. */
  readonly steps: LineStep[];
  /** Problems with the rows themselves (422). */
  readonly errors: ProblemItem[];
  /** Existing rows the array does not mention at all (409: never deleted by being left out). */
  readonly missing: string[];
}

/**
 * Reads the rows sent for a lines field against the ids of the parent's existing rows:
 * a row without `id` creates, `{ id, …fields }` updates (`{ id }` alone keeps the row as
 * it is, so nothing is written for it), `{ id, "$delete": true }` deletes. Every existing
 * row must be mentioned: a client that saw only some of them (a first page, or a read
 * from before someone else added one) must not delete the rest by leaving them out.
 */
export function planLines(rows: readonly unknown[], existing: ReadonlySet<string>, pointer: string, parentName: string, via: string): LinesPlan {
  const errors: ProblemItem[] = [];
  const deletes: LineStep[] = [];
  const writes: LineStep[] = [];
  const seen = new Map<string, string>();
  for (const [i, row] of rows.entries()) {
    const at = `${pointer}/${i}`;
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      errors.push({ path: at, message: 'must be an object of field values' });
      continue;
    }
    // The parent sets the child's link back to it; a value sent for it is not used.
    const { id, [via]: _via, [DELETE_KEY]: remove, ...data } = row as Record<string, unknown>;
    const deleting = Object.hasOwn(row, DELETE_KEY);
    if (deleting && remove !== true) errors.push({ path: `${at}/${DELETE_KEY}`, message: 'must be true (leave it out to keep the row)' });
    if (deleting) for (const key of Object.keys(data)) errors.push({ path: `${at}/${key}`, message: `a row with "${DELETE_KEY}" holds only the "id" of the row to delete` });
    if (id === undefined || id === null) {
      if (deleting) errors.push({ path: `${at}/id`, message: `is required: "${DELETE_KEY}" deletes the existing row with this id` });
      else writes.push({ kind: 'create', data, at });
      continue;
    }
    if (typeof id !== 'string' || !existing.has(id)) {
      errors.push({ path: `${at}/id`, message: `is not a row of this ${parentName}` });
      continue;
    }
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      errors.push({ path: `${at}/id`, message: `names the same row as ${earlier}` });
      continue;
    }
    seen.set(id, at);
    if (deleting) deletes.push({ kind: 'delete', id, at });
    else if (Object.keys(data).length) writes.push({ kind: 'update', id, data, at });
  }
  const missing = errors.length ? [] : [...existing].filter((id) => !seen.has(id));
  return { steps: [...deletes, ...writes], errors, missing };
}

/** The 409's problem: how many rows were left out, the first few ids, and how to send them. */
export function missingRowsMessage(missing: readonly string[], parentName: string): string {
  const named = missing.slice(0, NAMED_MISSING).join(', ') + (missing.length > NAMED_MISSING ? ', …' : '');
  const count = missing.length === 1 ? '1 existing row' : `${missing.length} existing rows`;
  return `leaves out ${count} of this ${parentName} (${named}). Rows left out are not deleted: send each row to keep with its "id" ({ "id": … } alone keeps it unchanged) and each row to delete as { "id": …, "${DELETE_KEY}": true }. A row you did not know of was added by someone else since you read the record: read its rows again.`;
}

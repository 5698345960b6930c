import type { MetadataDocument } from '@loom/metadata';

/** One change to the stored metadata: put a document (create or replace) or delete one. */
export type MetadataChange =
  { readonly put: unknown; readonly pointer: string } | { readonly delete: { readonly kind: string; readonly name: string }; readonly pointer: string };

export interface StoredDocument {
  readonly kind: string;
  readonly name: string;
  readonly document: MetadataDocument;
  readonly revision: number;
}

export const documentKey = (kind: string, name: string) => `${kind}/${name}`;

/** Reads `{ documents: [...], delete: [{kind, name}] }` request bodies into changes with their pointers. */
export function changesFromBody(body: unknown): MetadataChange[] | { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [{ path: '/', message: 'must be an object with "documents" and/or "delete"' }];
  const { documents = [], delete: deletions = [], ...rest } = body as Record<string, unknown>;
  for (const key of Object.keys(rest)) if (key !== 'purge') problems.push({ path: `/${key}`, message: `unknown property "${key}"` });
  if (!Array.isArray(documents)) problems.push({ path: '/documents', message: 'must be a list of metadata documents' });
  if (!Array.isArray(deletions)) problems.push({ path: '/delete', message: 'must be a list of {kind, name}' });
  if (problems.length) return problems;
  const changes: MetadataChange[] = (documents as unknown[]).map((doc, i) => ({ put: doc, pointer: `/documents/${i}` }));
  (deletions as unknown[]).forEach((d, i) => {
    const ref = d as { kind?: unknown; name?: unknown };
    if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string')
      problems.push({ path: `/delete/${i}`, message: 'must be {"kind": "...", "name": "..."}' });
    else changes.push({ delete: { kind: ref.kind, name: ref.name }, pointer: `/delete/${i}` });
  });
  return problems.length ? problems : changes;
}

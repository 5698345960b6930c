import { sql, type Kysely } from 'kysely';
import type { MetadataDocument } from '@loom/metadata';
import { documentKey, type StoredDocument } from './metadata-change.ts';

/** The published documents, as stored. */
export async function readStoredDocuments(db: Kysely<any>): Promise<StoredDocument[]> {
  const { rows } = await sql<StoredDocument>`select kind, name, document, revision from loom.meta_documents order by kind, name`.execute(db);
  return rows;
}

export async function readModelRevision(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`select max(id)::int8 as id from loom.meta_publishes`.execute(db);
  return Number(rows[0]?.id ?? 0);
}

export interface DocumentWrite {
  readonly kind: string;
  readonly name: string;
  readonly document: MetadataDocument | null;
  readonly previous: StoredDocument | undefined;
}

/** Records one publish: the documents, their revisions (who, when, the version before). */
export async function storeDocuments(trx: Kysely<any>, writes: readonly DocumentWrite[], author: string | null, summary: object): Promise<number> {
  const { rows } = await sql<{
    id: number;
  }>`insert into loom.meta_publishes (author, summary) values (${author}, ${JSON.stringify(summary)}::json) returning id`.execute(trx);
  const publishId = Number(rows[0].id);
  for (const w of writes) {
    const revision = (w.previous?.revision ?? 0) + 1;
    if (w.document) {
      await sql`insert into loom.meta_documents (kind, name, document, revision, updated_by) values (${w.kind}, ${w.name}, ${JSON.stringify(w.document)}::json, ${revision}, ${author})
        on conflict (kind, name) do update set document = excluded.document, revision = excluded.revision, updated_at = now(), updated_by = excluded.updated_by`.execute(
        trx,
      );
    } else {
      await sql`delete from loom.meta_documents where kind = ${w.kind} and name = ${w.name}`.execute(trx);
    }
    await sql`insert into loom.meta_revisions (publish_id, kind, name, revision, action, document, previous, author)
      values (${publishId}, ${w.kind}, ${w.name}, ${revision}, ${w.document ? 'put' : 'delete'}, ${w.document ? JSON.stringify(w.document) : null}::json,
              ${w.previous ? JSON.stringify(w.previous.document) : null}::json, ${author})`.execute(trx);
  }
  return publishId;
}

export async function readRevisions(db: Kysely<any>, kind: string, name: string) {
  const { rows } = await sql<{ revision: number; action: string; author: string | null; at: Date; publish_id: number }>`
    select revision, action, author, at, publish_id from loom.meta_revisions where kind = ${kind} and name = ${name} order by id desc limit 100`.execute(db);
  return rows.map((r) => ({ revision: r.revision, action: r.action, author: r.author, at: r.at.toISOString(), publish: Number(r.publish_id) }));
}

export function indexStored(docs: readonly StoredDocument[]): Map<string, StoredDocument> {
  return new Map(docs.map((d) => [documentKey(d.kind, d.name), d]));
}

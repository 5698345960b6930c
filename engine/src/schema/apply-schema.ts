import { sql, type Kysely } from 'kysely';
import { executeDdl } from '../db/ddl.ts';
import { SYSTEM_SCHEMA } from '../model/table-spec.ts';
import type { SchemaPlan, SchemaStep } from './schema-plan.ts';

/**
 * Runs a plan's SQL in order inside the caller's transaction and keeps
 * loom.archived_objects in step with it. PostgreSQL DDL is transactional, so a
 * failing statement leaves neither tables nor archive rows half changed once
 * the caller rolls back (every publish is one transaction).
 */
export async function applySchemaPlan(trx: Kysely<any>, plan: SchemaPlan): Promise<void> {
  if (!trx.isTransaction) throw new Error('applySchemaPlan runs inside a transaction: pass the Transaction of the publish');
  for (const step of plan.steps) {
    for (const statement of step.sql) await executeDdl(trx, statement);
    await recordArchives(trx, step);
  }
}

async function recordArchives(trx: Kysely<any>, step: SchemaStep): Promise<void> {
  const archives = trx.withSchema(SYSTEM_SCHEMA);
  if (step.archive) {
    const a = step.archive;
    await archives
      .insertInto('archived_objects')
      .values({
        object: a.object,
        table_name: a.tableName,
        column_name: a.columnName,
        archived_name: a.archivedName,
        entity: a.entity,
        field: a.field,
        sql_type: a.sqlType,
      })
      .execute();
  }
  if (step.restoresArchive !== undefined) {
    await archives
      .updateTable('archived_objects')
      .set({ restored_at: sql`now()` })
      .where('id', '=', step.restoresArchive)
      .execute();
  }
  if (step.purgesArchives?.length) {
    // The archive is gone for good: its row no longer describes anything restorable.
    await archives
      .deleteFrom('archived_objects')
      .where('id', 'in', [...step.purgesArchives])
      .execute();
  }
}

import { sql, type Kysely } from 'kysely';
import { recordTable } from '../../data/access/record-scope.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { PathValue } from './deliver.ts';
import { recordPaths } from './record-paths.ts';

/** The paths one notification reads from one record, and the record as the caller has it. */
export interface PathsWanted {
  readonly id: string | undefined;
  readonly paths: readonly string[];
  readonly record: Readonly<Record<string, unknown>>;
}

/**
 * The values of each wanted set of paths, in order: read from the records' rows (lookup paths
 * through their targets) by ONE statement for all of them, or from the record as given where
 * the row is gone (a hard delete). A job notifying about many records of an entity reads them
 * together.
 */
export async function readPathValues(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  wanted: readonly PathsWanted[],
): Promise<Map<string, PathValue>[]> {
  const selected = recordPaths(
    model,
    entity,
    wanted.flatMap((w) => w.paths),
    'r',
  );
  const ids = [...new Set(wanted.map((w) => w.id).filter((id): id is string => !!id))];
  const rows = new Map<string, Record<string, unknown>>();
  if (ids.length && selected.length) {
    const columns = selected.map((p, i) => sql`${p.sql} as ${sql.id(`v${i}`)}`);
    const { rows: found } = await sql<
      Record<string, unknown>
    >`select r.id, ${sql.join(columns)} from ${recordTable(entity)} as r where r.id = any(${ids}::uuid[])`.execute(trx);
    for (const row of found) rows.set(String(row.id), row);
  }
  return wanted.map((w) => {
    const values = new Map<string, PathValue>();
    const row = w.id ? rows.get(w.id) : undefined;
    if (row) selected.forEach((p, i) => w.paths.includes(p.path) && values.set(p.path, { field: p.field, value: row[`v${i}`] }));
    for (const path of w.paths) {
      if (!values.has(path) && Object.hasOwn(entity.fields, path) && path in w.record) values.set(path, { field: entity.fields[path], value: w.record[path] });
    }
    return values;
  });
}

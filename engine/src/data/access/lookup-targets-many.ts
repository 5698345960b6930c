import { sql, type Kysely, type SqlBool } from 'kysely';
import { loomErrors, problemAt, type ProblemItem } from '../../errors/loom-error.ts';
import { actionTerm, message } from '../../errors/messages.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import { accessPredicate, masterWriteAction } from './record-access.ts';
import { recordTable } from './record-scope.ts';
import { isLookupField } from '../../model/field-types/field-predicates.ts';

/**
 * checkLookupTargets (lookup-targets.ts) for many new records at once: one statement per
 * lookup field over every id the records name, instead of one per lookup per record. The
 * same answers: a target the writer may not read is missing (422 at that record's field), a
 * deleted one too (and a live soft-deleting target is locked FOR SHARE, so a concurrent delete
 * waits for this write), a master the writer may not write under is 403; no statement for a
 * field whose targets the writer may all read (the foreign key checks those exist).
 * `pointers[i]` is where record i sits in the request.
 */
export async function checkLookupTargetsOfMany(trx: Kysely<any>, model: CompiledModel, actor: Actor, entity: CompiledEntity, rows: readonly Record<string, unknown>[], pointers: readonly string[]): Promise<void> {
  const problems: ProblemItem[] = [];
  for (const field of entity.fieldList) {
    if (!isLookupField(field)) continue;
    const ids = [...new Set(rows.map((row) => row[field.column!]).filter((id): id is string => typeof id === 'string'))];
    if (!ids.length) continue;
    const target = model.entities.get(field.target!)!;
    const readable = accessPredicate(model, target, actor, 'read', 't');
    const isMaster = entity.master?.field === field.name;
    const writable = isMaster ? accessPredicate(model, target, actor, masterWriteAction(entity), 't') : undefined;
    if (!readable && !writable) continue;
    const { rows: found } = await sql<{ id: string; readable: boolean; writable: boolean }>`
      select t.id, ${readable ?? sql<SqlBool>`true`} as readable, ${writable ?? sql<SqlBool>`true`} as writable
      from ${recordTable(target)} as t where t.id = any(${ids}::uuid[]) ${target.softDelete ? sql`for share of t` : sql``}`.execute(trx);
    const byId = new Map(found.map((row) => [row.id, row]));
    for (const [i, row] of rows.entries()) {
      const id = row[field.column!];
      if (typeof id !== 'string') continue;
      const answer = byId.get(id);
      if (!answer?.readable) problems.push(problemAt(`${pointers[i]}/${field.name}`, message('data.lookupMissing', { target })));
      else if (!answer.writable) {
        throw loomErrors('LOOM_ERR_AUTH_ACTION_FORBIDDEN', [problemAt(`${pointers[i]}/${field.name}`, message('auth.masterItem', { action: actionTerm(masterWriteAction(entity) === 'read' ? 'read' : 'change'), master: target, entity }))], message('auth.masterDetail', { entity, master: target }));
      }
    }
  }
  if (problems.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', problems);
}

import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { loomErrors, problemAt, type ProblemItem } from '../../errors/loom-error.ts';
import { actionTerm, message } from '../../errors/messages.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import { accessPredicate, masterWriteAction } from './record-access.ts';
import { recordTable } from './record-scope.ts';
import { isLookupField } from '../../model/field-types/field-predicates.ts';

/** Lookup fields of the entity whose target keeps deleted records (softDelete). */
export function lookupsToSoftDeleting(model: CompiledModel, entity: CompiledEntity): CompiledField[] {
  return entity.fieldList.filter((f) => isLookupField(f) && model.entities.get(f.target)?.softDelete === true);
}

/**
 * Every record a write points a lookup at must be one the writer may read: a target they may
 * not read answers exactly like a missing one (422 "no … record has this id"), so a lookup
 * write cannot tell whether a record exists. A deleted target is missing too, and is locked
 * FOR SHARE so that a concurrent delete waits for this write. A detail's master must also be
 * one the writer may write under (update it, or read it when the detail's masterWrite is
 * read): 403 otherwise. `except` is a column the caller has already vouched for (the parent
 * of child lines written with it). One statement per lookup set, none for a writer who may
 * read every target.
 */
export async function checkLookupTargets(trx: Kysely<any>, model: CompiledModel, actor: Actor, entity: CompiledEntity, columns: Record<string, unknown>, pointer: string, except?: string): Promise<void> {
  const problems: ProblemItem[] = [];
  for (const field of entity.fieldList) {
    if (!isLookupField(field) || field.column === except) continue;
    const id = columns[field.column!];
    if (typeof id !== 'string') continue;
    const target = model.entities.get(field.target!)!;
    const readable = accessPredicate(model, target, actor, 'read', 't');
    const isMaster = entity.master?.field === field.name;
    const writable = isMaster ? accessPredicate(model, target, actor, masterWriteAction(entity), 't') : undefined;
    if (!readable && !writable) continue;
    const { rows } = await sql<{ readable: boolean; writable: boolean }>`
      select ${readable ?? sql<SqlBool>`true`} as readable, ${writable ?? sql<SqlBool>`true`} as writable
      from ${recordTable(target)} as t where t.id = ${id}::uuid ${lockClause(target)}`.execute(trx);
    if (!rows[0]?.readable) problems.push(problemAt(`${pointer}/${field.name}`, message('data.lookupMissing', { target })));
    else if (!rows[0].writable) {
      throw loomErrors('LOOM_ERR_AUTH_ACTION_FORBIDDEN', [problemAt(`${pointer}/${field.name}`, message('auth.masterItem', { action: actionTerm(masterWriteAction(entity) === 'read' ? 'read' : 'change'), master: target, entity }))], message('auth.masterDetail', { entity, master: target }));
    }
  }
  if (problems.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', problems);
}

/** Only a soft-deleting target needs the lock: a hard delete is stopped by the foreign key. */
function lockClause(target: CompiledEntity): Expression<unknown> {
  return target.softDelete ? sql`for share of t` : sql``;
}

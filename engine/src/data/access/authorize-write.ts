import { sql, type Kysely } from 'kysely';
import { localizedError, loomErrors, problemAt, recordNotFound, type ProblemItem } from '../../errors/loom-error.ts';
import { actionTerm, message } from '../../errors/messages.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { effectiveGrant } from './entity-grant.ts';
import { accessPredicate, type RecordState } from './record-access.ts';
import { recordTable } from './record-scope.ts';
import type { WriteContext } from '../write/write-context.ts';

/**
 * Checks a write before anything is written: the action on the entity, the record's
 * scope (a record the actor cannot read answers 404, so existence is not leaked),
 * and every field the input names.
 */
export async function authorizeRecordAction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, action: 'update' | 'delete', state: RecordState = 'live') {
  const read = accessPredicate(ctx.model, entity, ctx.actor, 'read', 'r', state);
  const act = accessPredicate(ctx.model, entity, ctx.actor, action, 'r', state);
  if (!read && !act) return;
  const { rows } = await sql<{ readable: boolean; allowed: boolean }>`
    select ${read ?? sql`true`} as readable, ${act ?? sql`true`} as allowed
    from ${recordTable(entity)} as r where r.id = ${id}::uuid`.execute(trx);
  if (!rows[0] || (!rows[0].readable && !rows[0].allowed)) throw recordNotFound(entity, id);
  if (!rows[0].allowed) throw localizedError('LOOM_ERR_AUTH_ACTION_FORBIDDEN', message('auth.forbiddenRecord', { action: actionTerm(action), entity }));
}

/**
 * A child line written with its parent: the parent's write was allowed to change the parent,
 * whose lines these are, so no row test is needed; the role must still grant the action on the
 * child entity at all (a detail's scope is `master`).
 */
export function authorizeNestedAction(ctx: WriteContext, entity: CompiledEntity, action: 'update' | 'delete') {
  const grant = effectiveGrant(ctx.model, entity, ctx.actor);
  if (!grant.all && grant.scopes[action].size === 0) throw localizedError('LOOM_ERR_AUTH_ACTION_FORBIDDEN', message('auth.forbiddenRecords', { action: actionTerm(action), entity }));
}

export function authorizeCreate(ctx: WriteContext, entity: CompiledEntity) {
  if (!effectiveGrant(ctx.model, entity, ctx.actor).canCreate) throw localizedError('LOOM_ERR_AUTH_ACTION_FORBIDDEN', message('auth.forbiddenRecords', { action: actionTerm('create'), entity }));
}

/** Every field named in the input must be writable for the actor (403 naming each one otherwise). */
export function authorizeFields(ctx: WriteContext, entity: CompiledEntity, input: unknown, pointer: string) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return;
  const grant = effectiveGrant(ctx.model, entity, ctx.actor);
  if (grant.all) return;
  const problems: ProblemItem[] = [];
  for (const name of Object.keys(input)) {
    if (name === 'version' || !Object.hasOwn(entity.fields, name) || entity.fields[name].readOnly && name !== 'owner') continue;
    const access = grant.fieldAccess(name);
    if (access !== 'write') problems.push(problemAt(`${pointer}/${name}`, message(access === 'hidden' ? 'auth.fieldHidden' : 'auth.fieldReadOnly', { field: entity.fields[name] })));
  }
  if (problems.length) throw loomErrors('LOOM_ERR_AUTH_FIELD_FORBIDDEN', problems);
}

import { sql, type Kysely } from 'kysely';
import { localizedError, problemAt, recordNotFound } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import { compileCondition, type LogicContext } from '../../logic/index.ts';
import type { Actor } from '../../data/actor.ts';
import { accessPredicate, readableRows } from '../../data/access/record-access.ts';
import { recordScope, recordTable } from '../../data/access/record-scope.ts';
import type { CompiledAction, CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { actionTerm } from './action-grants.ts';

/**
 * Locks the records an action is about to change, in id order (two selections that overlap
 * wait for each other instead of deadlocking), and checks each under its lock: the caller
 * may read it (else 404, as if it did not exist) and the action's `visibleWhen` holds for it
 * now (else 409: someone may have changed it since the button was shown, e.g. claimed it).
 */
export async function lockActionRecords(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  action: CompiledAction,
  actor: Actor,
  logic: LogicContext,
  ids: readonly string[],
): Promise<void> {
  const readable = accessPredicate(model, entity, actor, 'read', 'r') ?? sql`true`;
  const visible =
    action.visibleWhen === undefined
      ? sql`true`
      : compileCondition(action.visibleWhen, recordScope(model, entity, 'r', logic, readableRows(model, actor)), '/visibleWhen');
  const order = ids.map((id, i) => ({ id, i })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { id, i } of order) {
    const { rows } = await sql<{ readable: boolean; visible: boolean }>`
      select ${readable} as readable, ${visible} as visible
      from ${recordTable(entity)} as r where r.id = ${id}::uuid for update of r`.execute(trx);
    if (!rows[0] || !rows[0].readable) throw recordNotFound(entity, id);
    if (!rows[0].visible) {
      const detail = message('action.notApplicable', { action: actionTerm(action), entity });
      throw localizedError('LOOM_ERR_ACTION_NOT_APPLICABLE', detail, [problemAt(`/records/${i}`, detail)]);
    }
  }
}

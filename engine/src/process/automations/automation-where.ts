import jsonLogic from 'json-logic-js';
import { sql, type Kysely } from 'kysely';
import { EVERY_ROW, recordScope, recordTable } from '../../data/access/record-scope.ts';
import { compileCondition, evaluateLogic, isContextVar, logicVars, type LogicContext } from '../../logic/index.ts';
import type { CompiledAutomation } from '../../model/compile-automation.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { logicView } from '../effects/effect-values.ts';

const readsOwnFieldsOnly = new WeakMap<object, boolean>();

/**
 * Whether an automation's `where` holds for a record just written. A condition that reads only
 * the record's own fields and context variables is evaluated by json-logic-js on the record
 * the write read back (no statement); one that reads through lookups (`parent.grade`) is
 * compiled to SQL, as list filters are, and asked of the row in the write's transaction. A
 * deleted record has no row: its last values are all there is.
 */
export async function whereHolds(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  automation: CompiledAutomation,
  record: Readonly<Record<string, unknown>>,
  context: LogicContext,
  rowExists: boolean,
): Promise<boolean> {
  const where = automation.where;
  if (where === undefined) return true;
  if (!rowExists || ownFieldsOnly(entity, automation)) return jsonLogic.truthy(evaluateLogic(where, logicView(entity, record), context));
  const scope = recordScope(model, entity, 'r', context, EVERY_ROW);
  const { rows } = await sql<{
    holds: boolean;
  }>`select (${compileCondition(where, scope, '/where')}) as holds from ${recordTable(entity)} as r where r.id = ${record.id}::uuid`.execute(trx);
  return rows[0]?.holds === true;
}

/** Whether the automation's `where` reads only the record's own fields and context variables (so json-logic-js can decide it in memory). */
export function ownFieldsOnly(entity: CompiledEntity, automation: CompiledAutomation): boolean {
  let known = readsOwnFieldsOnly.get(automation);
  if (known === undefined) {
    known = logicVars(automation.where).every((v) => isContextVar(v.path) || v.path === 'id' || Object.hasOwn(entity.fields, v.path));
    readsOwnFieldsOnly.set(automation, known);
  }
  return known;
}

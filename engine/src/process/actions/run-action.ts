import type { Kysely } from 'kysely';
import { loomErrors, problemAt, type ProblemItem } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import { SYSTEM_ACTOR, type Actor } from '../../data/actor.ts';
import { actorContext } from '../../data/access/record-access.ts';
import { translateDatabaseError } from '../../data/database-errors.ts';
import { readRecord, updateInTransaction } from '../../data/write/record-writes.ts';
import type { CompiledAction, CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { ProcessServices } from '../process-services.ts';
import { actionNamed, actionTerm, authorizeAction } from './action-grants.ts';
import { checkActionLimits, lockActionLimits } from './action-limits.ts';
import { lockActionRecords } from './action-records.ts';
import { convertRecord, type CreatedRecord } from './convert-record.ts';
import { setValues } from './map-values.ts';

/** At most this many records in one run: a selection on a list page, all or nothing in one transaction. */
export const MAX_ACTION_RECORDS = 200;

export interface ActionRequest {
  readonly records: readonly string[];
  readonly input?: Readonly<Record<string, unknown>>;
}

export interface ActionResult {
  readonly id: string;
  /** convert: the records made from this one, in creation order. */
  readonly created?: readonly CreatedRecord[];
}

export interface RecordActions {
  /** Runs an action on the records named, all or nothing; `entity` when the route names one. */
  run(actor: Actor, name: string, request: ActionRequest, entity?: string): Promise<{ results: ActionResult[] }>;
}

/**
 * Record actions (`action` documents): buttons that update a record or convert it into others.
 * Their permission model is their own: a role grants the action; the caller must be able to
 * read each record; `visibleWhen` must hold for it; then the action writes exactly the fields
 * it declares, as the system on behalf of the caller (so a person claims a record from a shared pool
 * that their update scope would not let them edit), and nothing else.
 */
export function createRecordActions(services: Pick<ProcessServices, 'db' | 'model' | 'now' | 'records'>): RecordActions {
  return {
    async run(actor, name, request, entityName) {
      const model = services.model();
      const action = actionNamed(model, name, entityName);
      authorizeAction(model, actor, action);
      const entity = model.entities.get(action.entity)!;
      checkRequest(action, request);
      const input = request.input ?? {};
      const logic = actorContext(actor, services.now());
      // The writes run as the system (the action, not the role, decides what may be written),
      // recorded as the caller's and on their behalf: an approval lock still stops them.
      const ctx = services.records.writeContextFor(SYSTEM_ACTOR, { actorId: actor.id, onBehalfOf: actor.id, logic, now: logic.now });
      try {
        const results = await services.db.transaction().execute(async (trx) => {
          await lockActionLimits(trx, action, actor.id);
          await lockActionRecords(trx, model, entity, action, actor, logic, request.records);
          const out: ActionResult[] = [];
          for (const [i, id] of request.records.entries()) {
            const pointer = `/records/${i}`;
            if (action.type === 'convert') out.push({ id, created: await convertRecord(trx, ctx, entity, action, id, input, pointer) });
            else {
              await updateRecord(trx, ctx, model, entity, action, id, input, pointer);
              out.push({ id });
            }
          }
          await checkActionLimits(trx, model, entity, action, logic);
          return out;
        });
        return { results };
      } catch (error) {
        throw translateDatabaseError(error, model, entity, '');
      }
    },
  };
}

async function updateRecord(
  trx: Kysely<any>,
  ctx: Parameters<typeof updateInTransaction>[1],
  model: CompiledModel,
  entity: CompiledEntity,
  action: CompiledAction,
  id: string,
  input: Readonly<Record<string, unknown>>,
  pointer: string,
) {
  const record = await readRecord(trx, model, entity, id, ctx.logic);
  await updateInTransaction(trx, ctx, entity, id, { ...setValues(action.set, record, ctx.logic, new Map()), ...input }, undefined, pointer);
}

/** The request names distinct records, one unless the action runs on selections, and gives only the input the action takes. */
function checkRequest(action: CompiledAction, request: ActionRequest) {
  const problems: ProblemItem[] = [];
  if (request.records.length > 1 && !action.bulk) problems.push(problemAt('/records', message('action.notBulk', { action: actionTerm(action) })));
  const seen = new Set<string>();
  request.records.forEach((id, i) => {
    if (seen.has(id.toLowerCase())) problems.push(problemAt(`/records/${i}`, message('action.duplicateRecord')));
    seen.add(id.toLowerCase());
  });
  const allowed = new Set(action.input);
  for (const key of Object.keys(request.input ?? {})) {
    if (!allowed.has(key)) problems.push(problemAt(`/input/${key}`, message('action.inputNotTaken', { action: actionTerm(action), name: key.slice(0, 100) })));
  }
  if (problems.length) throw loomErrors('LOOM_ERR_ACTION_INPUT', problems);
}

import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { SYSTEM_ACTOR } from '../../data/actor.ts';
import { EVERY_ROW, recordScope, recordTable } from '../../data/access/record-scope.ts';
import { readRecord } from '../../data/write/record-writes.ts';
import { compileCondition, type LogicContext } from '../../logic/index.ts';
import type { CompiledAutomation } from '../../model/compile-automation.ts';
import { lastFireTime } from '../../model/cron.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { ProcessServices, SweepWindow } from '../process-services.ts';
import { automationIndex } from './automation-index.ts';
import { enqueueNotifications } from './notify-job.ts';
import { setBasedPatch, setBasedUpdate } from './set-based-update.ts';

/** How long one statement of a sweep may take (a request's statements get 30 s). */
const SWEEP_STATEMENT_TIMEOUT_MS = 30 * 60_000;
/** Records per notification job: one transaction each, short enough not to hold locks long. */
const NOTIFY_BATCH = 500;

/**
 * Runs the schedule and dateField automations due in a window, in the sweep's transaction.
 * A schedule runs once per window for its latest due time in it (catching up after downtime
 * runs it once, not once per missed time); a dateField automation acts on the records whose
 * date plus offset falls in the window. Each automation runs under a savepoint: one that
 * fails is rolled back and logged, and the others still run.
 */
export async function runTimedAutomations(services: ProcessServices, trx: Kysely<any>, window: SweepWindow): Promise<void> {
  const model = services.model();
  const timed = automationIndex(model).timed;
  if (!timed.length) return;
  // One statement may update millions of records: longer than a request's statement timeout.
  await sql`select set_config('statement_timeout', ${String(SWEEP_STATEMENT_TIMEOUT_MS)}, true)`.execute(trx);
  for (const automation of timed) {
    const trigger = automation.trigger;
    const at = trigger.kind === 'schedule' ? lastFireTime(trigger.cron, window.from, window.to, services.timeZone) : window.to;
    if (!at) continue;
    await sql`savepoint loom_automation`.execute(trx);
    try {
      await runTimed(services, trx, model, automation, window, at);
      await sql`release savepoint loom_automation`.execute(trx);
    } catch (error) {
      await sql`rollback to savepoint loom_automation`.execute(trx);
      services.log.error(
        { err: error, automation: automation.name, at: at.toISOString() },
        `automation ${automation.name} failed; its changes for this run were rolled back`,
      );
    }
  }
}

/** One timed automation at `at`: one set-based statement where it can be, else its records one by one. */
export async function runTimed(
  services: ProcessServices,
  trx: Kysely<any>,
  model: CompiledModel,
  automation: CompiledAutomation,
  window: SweepWindow,
  at: Date,
): Promise<number> {
  const entity = model.entities.get(automation.entity)!;
  const context: LogicContext = { now: at };
  const extra = dueWindow(entity, automation, window, services.timeZone);
  const source = `automation:${automation.name}`;
  const occasion = `${source}:${at.toISOString()}`;
  const notifies = automation.actions.flatMap((a) => ('notify' in a ? [a.notify] : []));
  const patch = setBasedPatch(model, entity, automation.actions, context);
  // Automations with write triggers on the entity, or other processes watching it, must see each write.
  const watched = automationIndex(model).onWrite.has(entity.name) || (services.records.writeContextFor(SYSTEM_ACTOR).hooks?.watches(entity) ?? false);
  if (patch && !watched) {
    const result = await setBasedUpdate(trx, model, entity, automation.where, extra, patch, context, notifies.length > 0);
    for (let i = 0; i < result.rows.length; i += NOTIFY_BATCH) {
      const items = result.rows
        .slice(i, i + NOTIFY_BATCH)
        .map((row) => ({ automation: automation.name, id: row.id, old: row.old, key: `${occasion}:${row.id}` }));
      await enqueueNotifications(services, trx, { job: { at: at.toISOString(), items }, key: `${occasion}:notify:${i / NOTIFY_BATCH}` });
    }
    return result.count;
  }
  // Record by record (a create, a webhook, values read from each record, an entity other processes watch).
  const ids = await matchingIds(trx, model, entity, automation.where, extra, context);
  const ctx = services.records.writeContextFor(SYSTEM_ACTOR, { now: at, logic: { now: at } });
  for (const id of ids) {
    // $old: the record before this run's own steps.
    const record = await readRecord(trx, model, entity, id, ctx.logic);
    await services.runEffects(trx, ctx, { entity, recordId: id, actions: automation.actions, source, key: `${occasion}:${id}`, old: record, record });
  }
  return ids.length;
}

/** A dateField trigger's records: their date plus the offset falls in the window (a date starts at midnight in the installation's time zone). */
function dueWindow(entity: CompiledEntity, automation: CompiledAutomation, window: SweepWindow, timeZone: string): Expression<SqlBool> | undefined {
  const trigger = automation.trigger;
  if (trigger.kind !== 'dateField') return undefined;
  const field = entity.fields[trigger.field];
  const from = new Date(window.from.getTime() - trigger.offsetMs);
  const to = new Date(window.to.getTime() - trigger.offsetMs);
  const column = sql.ref(`r.${field.column!}`);
  const instant = field.logicType === 'date' ? sql`(${column}::timestamp at time zone ${timeZone})` : column;
  return sql<SqlBool>`${instant} > ${from}::timestamptz and ${instant} <= ${to}::timestamptz`;
}

async function matchingIds(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  where: unknown,
  extra: Expression<SqlBool> | undefined,
  context: LogicContext,
): Promise<string[]> {
  const conditions: Expression<SqlBool>[] = [];
  if (where !== undefined) conditions.push(compileCondition(where, recordScope(model, entity, 'r', context, EVERY_ROW), '/where'));
  if (entity.softDelete) conditions.push(sql<SqlBool>`r.deleted_at is null`);
  if (extra) conditions.push(extra);
  const predicate = conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
  const { rows } = await sql<{ id: string }>`select r.id::text as id from ${recordTable(entity)} as r where ${predicate} order by r.id`.execute(trx);
  return rows.map((r) => r.id);
}

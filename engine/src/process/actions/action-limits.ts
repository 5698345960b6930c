import { sql, type Kysely } from 'kysely';
import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import { compileCondition, type LogicContext } from '../../logic/index.ts';
import { stateCondition } from '../../data/access/record-access.ts';
import { EVERY_ROW, recordScope, recordTable } from '../../data/access/record-scope.ts';
import type { CompiledAction, CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';

/**
 * Serialises one user's runs of one limited action across transactions and instances: a
 * transaction-scoped advisory lock keyed by the action and the user, taken before the
 * action's writes, so two concurrent claims at the cap count each other's records (the
 * second waits, then counts after the first committed) and one of them is refused.
 */
export async function lockActionLimits(trx: Kysely<any>, action: CompiledAction, userId: string | null): Promise<void> {
  if (!action.limits.length) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`loom.action:${action.name}`}), hashtext(${userId ?? ''}))`.execute(trx);
}

/**
 * Checks each limit after the writes, in their transaction: the records of the entity that
 * match its condition (read with the caller as `$user`) may number at most `max`; otherwise
 * the whole action is refused with the limit's own message and nothing is written.
 */
export async function checkActionLimits(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  action: CompiledAction,
  logic: LogicContext,
): Promise<void> {
  for (const [i, limit] of action.limits.entries()) {
    const where = compileCondition(limit.where, recordScope(model, entity, 'r', logic, EVERY_ROW), `/limits/${i}/count/where`);
    const live = stateCondition(entity, 'r', 'live') ?? sql`true`;
    // Counting stops one past the cap: a user far over it costs no more than one at it.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from (select 1 from ${recordTable(entity)} as r where ${live} and ${where} limit ${limit.max + 1}) as capped`.execute(trx);
    if (Number(rows[0]?.n ?? 0) > limit.max) {
      throw localizedError('LOOM_ERR_ACTION_LIMIT', message('action.limit', { message: { text: limit.message } }));
    }
  }
}

import { sql, type CompiledQuery, type Expression, type Kysely } from 'kysely';
import { loomErrors, problemAt } from '../../errors/loom-error.ts';
import { message, type Message } from '../../errors/messages.ts';
import { compileCondition, type LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel, CompiledRule } from '../../model/compiled-model.ts';
import { EVERY_ROW, recordScope, recordTable } from '../access/record-scope.ts';
import { bindPlaceholders, EntityStatementCache } from '../read/statement-cache.ts';
import type { WriteContext } from './write-context.ts';

const ID = Symbol('id');
const checks = new EntityStatementCache<CompiledQuery<Record<string, unknown>>>(1);

/**
 * Entity rules are checked in SQL on the written row, inside the write's
 * transaction: they see formulas and lookup paths exactly as filters do, and a
 * failed rule rolls the whole write back. The statement depends only on the model
 * and the entity (unless a rule reads `$now` or `$user`), so it is compiled once and
 * only the record's id is bound per write.
 */
export async function checkRules(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, pointer: string) {
  if (!entity.rules.length) return;
  const compiled = checks.get(ctx.model, entity, '', ctx.logic, (context) =>
    sql<Record<string, unknown>>`select ${sql.join(ruleExpressions(ctx.model, entity, 'r', context))} from ${recordTable(entity)} as r where r.id = ${ID}::uuid`.compile(trx),
  );
  const { rows } = await trx.executeQuery(bindPlaceholders(compiled, () => id));
  throwFailedRules(entity, rows[0], pointer);
}

/**
 * The entity's rules as SELECT-list items over the row under `alias`, `_rule_<i>` each (no
 * field's column starts with an underscore), for a statement that reads them with the row.
 */
export function ruleExpressions(model: CompiledModel, entity: CompiledEntity, alias: string, context: LogicContext): Expression<unknown>[] {
  // A rule guards the data itself, so it reads every row its paths reach, whoever writes.
  const scope = recordScope(model, entity, alias, context, EVERY_ROW);
  return entity.rules.map((rule, i) => sql`(${compileCondition(rule.assert, scope, `/rules/${i}/assert`)}) as ${sql.id(ruleColumn(i))}`);
}

/** Refuses the write (422 at `pointer`) when the row's `_rule_<i>` columns are not all true; a missing row breaks every rule. */
export function throwFailedRules(entity: CompiledEntity, row: Record<string, unknown> | undefined, pointer: string): void {
  const failed = failedRules(entity, row);
  if (failed.length) {
    throw loomErrors('LOOM_ERR_DATA_VALIDATION', failed.map((rule) => problemAt(pointer || '/', ruleMessage(rule))));
  }
}

/** The rules a row's `_rule_<i>` columns say it breaks (every rule when there is no row). */
export function failedRules(entity: CompiledEntity, row: Record<string, unknown> | undefined): CompiledRule[] {
  return entity.rules.filter((_rule, i) => row?.[ruleColumn(i)] !== true);
}

const ruleColumn = (i: number) => `_rule_${i}`;

/** What a broken rule says: its own message (a label, in the caller's locale), else its name. */
export function ruleMessage(rule: CompiledRule): Message {
  const text = rule.message;
  const hasText = typeof text === 'string' ? text !== '' : !!text && Object.values(text).some(Boolean);
  return hasText ? message('data.ruleMessage', { message: { text } }) : message('data.ruleBroken', { rule: rule.name });
}

import { sql, type Kysely } from 'kysely';
import { loomErrors } from '../errors/loom-error.ts';
import { compileCondition } from '../logic/index.ts';
import type { CompiledEntity } from '../model/compiled-model.ts';
import { EVERY_ROW, recordScope, recordTable } from './record-scope.ts';
import type { WriteContext } from './record-writes.ts';

/**
 * Entity rules are checked in SQL on the written row, inside the write's
 * transaction: they see formulas and lookup paths exactly as filters do, and a
 * failed rule rolls the whole write back.
 */
export async function checkRules(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, pointer: string) {
  if (!entity.rules.length) return;
  // A rule guards the data itself, so it reads every row its paths reach, whoever writes.
  const scope = recordScope(ctx.model, entity, 'r', ctx.logic, EVERY_ROW);
  const checks = entity.rules.map((rule, i) => sql`(${compileCondition(rule.assert, scope, `/rules/${i}/assert`)}) as ${sql.id(`rule_${i}`)}`);
  const { rows } = await sql<Record<string, boolean>>`select ${sql.join(checks)} from ${recordTable(entity)} as r where r.id = ${id}::uuid`.execute(trx);
  const failed = entity.rules.filter((_rule, i) => rows[0]?.[`rule_${i}`] !== true);
  if (failed.length) {
    throw loomErrors('LOOM_ERR_DATA_VALIDATION', failed.map((rule) => ({ path: pointer || '/', message: labelText(rule.message) || `rule "${rule.name}" is not satisfied` })));
  }
}

function labelText(label: unknown): string {
  if (typeof label === 'string') return label;
  if (label && typeof label === 'object') return (label as Record<string, string>).en ?? Object.values(label)[0] ?? '';
  return '';
}

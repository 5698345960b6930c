import type { Kysely } from 'kysely';
import type { ProblemItem } from '../errors/loom-error.ts';
import { RECORDS_SCHEMA } from '../model/table-spec.ts';
import { columnLabel, columnPath } from './plan-context.ts';
import type { DataCondition, SchemaPlan, SchemaPlanResult, SchemaStep } from './schema-plan.ts';

/**
 * Probes the data for steps that are only safe on data of a certain shape (one
 * count per such step), and refuses the plan with located messages when the
 * data is not. Run it in the publishing transaction, just before applying.
 */
export async function checkPlanAgainstData(db: Kysely<any>, plan: SchemaPlan): Promise<SchemaPlanResult> {
  const errors: ProblemItem[] = [];
  for (const step of plan.steps) {
    if (!step.requires) continue;
    const count = await countViolations(db, plan, step, step.requires);
    if (count > 0) errors.push({ path: problemPath(step), message: problemMessage(step, count) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plan };
}

async function countViolations(db: Kysely<any>, plan: SchemaPlan, step: SchemaStep, requires: DataCondition): Promise<number> {
  const column = `t.${requires.column}`;
  let query = db.selectFrom(`${RECORDS_SCHEMA}.${requires.table} as t`).select((eb) => eb.fn.countAll<number>().as('n'));
  if (requires.condition === 'noValues') query = query.where(column, 'is not', null);
  if (requires.condition === 'noNulls') query = query.where(column, 'is', null);
  if (requires.condition === 'validReferences') {
    query = query.where(column, 'is not', null);
    const target = referenceBeforePlan(plan, step);
    // A target the plan creates is empty: every value would dangle.
    if (target) {
      const other = `${target.schema}.${target.table} as r`;
      query = query.where((eb) => eb.not(eb.exists(eb.selectFrom(other).select(eb.lit(1).as('one')).whereRef(`r.${target.column}`, '=', column))));
    }
  }
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where an addForeignKey step's target rows are before the plan runs; undefined when the plan creates the table. */
function referenceBeforePlan(plan: SchemaPlan, step: SchemaStep): { schema: string; table: string; column: string } | undefined {
  const ref = step.references;
  if (!ref) throw new Error(`Step ${step.kind} of ${step.table} has no reference to check`);
  if (ref.schema !== RECORDS_SCHEMA) return ref;
  for (const other of plan.steps) {
    if (other.table !== ref.table) continue;
    if (other.kind === 'createTable') return undefined;
    if (other.kind === 'restoreTable') return { ...ref, table: other.archivedName! };
  }
  return ref;
}

function problemPath(step: SchemaStep): string {
  const base = columnPath(step.entity, step.field);
  return step.kind === 'changeColumnType' && step.field ? `${base}/type` : base;
}

function problemMessage(step: SchemaStep, count: number): string {
  const label = columnLabel(step.entity, step.column ?? '', step.field);
  const values = count === 1 ? '1 value' : `${count} values`;
  if (step.kind === 'changeColumnType') {
    return (
      `Cannot change the type of ${label} from ${step.fromType} to ${step.toType}: ${values} would be at risk. ` +
      `The safe way forward: add a new field of type ${step.toType}, copy the values, then remove the old field — it will be archived, not dropped.`
    );
  }
  if (step.kind === 'setNotNull') {
    return `Cannot require a value in ${label}: ${count === 1 ? '1 record leaves' : `${count} records leave`} it empty. Fill them in first, or give the column a default.`;
  }
  const target = step.references ? `${step.references.schema}.${step.references.table}` : 'the referenced table';
  return `Cannot link ${label} to ${target}: ${values} ${count === 1 ? 'refers' : 'refer'} to records that no longer exist. Clear or correct them first.`;
}

import type { SchemaPlan, SchemaStepKind } from './schema-plan.ts';

// One mark per kind of effect, so a long plan can be scanned: + adds, ~ changes,
// < brings back, - removes derived objects or archives, ! deletes data for good.
const MARKS: Record<SchemaStepKind, string> = {
  createTable: '+',
  addColumn: '+',
  createIndex: '+',
  addForeignKey: '+',
  widenColumn: '~',
  changeColumnType: '~',
  setColumnDefault: '~',
  setNotNull: '~',
  dropNotNull: '~',
  restoreTable: '<',
  restoreColumn: '<',
  dropIndex: '-',
  dropForeignKey: '-',
  archiveColumn: '-',
  archiveTable: '-',
  purgeColumn: '!',
  purgeTable: '!',
};

/** The text `loom plan` prints: one line per step, then the warnings; `sql` adds the statements. */
export function formatPlan(plan: SchemaPlan, options: { sql?: boolean } = {}): string {
  if (plan.isEmpty) return 'The database already matches the model: nothing to change.';
  const lines = [`${plan.steps.length} ${plan.steps.length === 1 ? 'change' : 'changes'}:`];
  for (const step of plan.steps) {
    lines.push(`  ${MARKS[step.kind]} ${step.description}`);
    if (options.sql) for (const statement of step.sql) lines.push(`      ${statement};`);
  }
  if (plan.warnings.length > 0) {
    lines.push('Warnings:');
    for (const warning of plan.warnings) lines.push(`  ! ${warning}`);
  }
  return lines.join('\n');
}

/**
 * The schema module's public surface: the rest of the engine (publish, `loom plan`,
 * the designer's plan preview) imports from here, never from the files behind it.
 */
export { applySchemaPlan } from './apply-schema.ts';
export { checkPlanAgainstData } from './check-plan.ts';
export { formatPlan } from './format-plan.ts';
export { gramsExpression, gramsExpressionSql } from './grams-expression.ts';
export type { ArchivedObject, LiveCatalog, LiveColumn, LiveForeignKey, LiveIndex, LiveTable } from './live-catalog.ts';
export { planSchema, type PlanSchemaOptions } from './plan-schema.ts';
export { readCatalog } from './read-catalog.ts';
export type { ArchiveRecord, DataCondition, SchemaPlan, SchemaPlanResult, SchemaStep, SchemaStepKind } from './schema-plan.ts';

import type { TableSpec } from '../model/table-spec.ts';
import { checkSpecs } from './check-specs.ts';
import { isArchiveName, type LiveCatalog } from './live-catalog.ts';
import { createPlanContext } from './plan-context.ts';
import { planPurgeArchives, planRemovedTable, planWantedTable } from './plan-tables.ts';
import { planFromLists, type SchemaPlanResult } from './schema-plan.ts';

export interface PlanSchemaOptions {
  /** Drop removed columns and tables (and earlier archives) instead of archiving them. */
  readonly purge?: boolean;
  /** Stamps archive names; passed in so that planning stays pure. */
  readonly now: Date;
}

/**
 * Compares the tables the model wants with the live catalog and returns the
 * steps that turn one into the other. Pure: no database, no clock. Tables are
 * visited by name and columns in spec order, so the same inputs always give
 * the same plan.
 */
export function planSchema(wanted: readonly TableSpec[], live: LiveCatalog, options: PlanSchemaOptions): SchemaPlanResult {
  const specErrors = checkSpecs(wanted);
  if (specErrors.length > 0) return { ok: false, errors: specErrors };
  const ctx = createPlanContext(live, options);
  const byName = new Map(wanted.map((spec) => [spec.name, spec]));
  const liveNames = live.tables.map((t) => t.name).filter((name) => !isArchiveName(name));
  const names = [...new Set([...byName.keys(), ...liveNames])].sort(compareNames);
  for (const name of names) {
    const spec = byName.get(name);
    if (spec) planWantedTable(ctx, spec);
    else planRemovedTable(ctx, ctx.liveTables.get(name)!);
  }
  if (ctx.purge) planPurgeArchives(ctx);
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
  return { ok: true, plan: planFromLists(ctx.lists, ctx.warnings) };
}

/** Code-point order, independent of the machine's locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

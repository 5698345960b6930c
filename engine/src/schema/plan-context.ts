import type { ProblemItem } from '../errors/loom-error.ts';
import { RECORDS_SCHEMA } from '../model/table-spec.ts';
import type { ArchivedObject, LiveCatalog, LiveTable } from './live-catalog.ts';
import { emptyStepLists, type StepLists } from './schema-plan.ts';

/**
 * What one planSchema call accumulates: the step lists, warnings, errors, and
 * the names it has handed out, so that archive names never collide.
 */
export interface PlanContext {
  readonly schema: string;
  readonly now: Date;
  readonly purge: boolean;
  readonly liveTables: ReadonlyMap<string, LiveTable>;
  readonly archives: readonly ArchivedObject[];
  /** Relation names of the records schema (tables and indexes share one namespace). */
  readonly relationNames: Set<string>;
  /** Wanted tables by model name as they are before the plan (a restored one under its archive name). */
  readonly currentTables: Map<string, LiveTable>;
  /** Archive rows a step already restores or purges. */
  readonly consumedArchives: Set<number>;
  readonly lists: StepLists;
  readonly warnings: string[];
  readonly errors: ProblemItem[];
}

export function createPlanContext(live: LiveCatalog, options: { purge?: boolean; now: Date }): PlanContext {
  const relationNames = new Set<string>();
  for (const table of live.tables) {
    relationNames.add(table.name);
    for (const index of table.indexes) relationNames.add(index.name);
  }
  return {
    schema: RECORDS_SCHEMA,
    now: options.now,
    purge: options.purge ?? false,
    liveTables: new Map(live.tables.map((t) => [t.name, t])),
    archives: [...live.archives].sort((a, b) => a.id - b.id),
    relationNames,
    currentTables: new Map(),
    consumedArchives: new Set(),
    lists: emptyStepLists(),
    warnings: [],
    errors: [],
  };
}

export function entityPath(entity: string): string {
  return `/entities/${escapePointer(entity)}`;
}

/** Where a column's problem is reported: its field when it stores one, else its entity. */
export function columnPath(entity: string, field: string | undefined | null): string {
  return field ? `${entityPath(entity)}/fields/${escapePointer(field)}` : entityPath(entity);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `field amount of entity deal` (or `column created_at of entity deal` for a system column). */
export function columnLabel(entity: string, column: string, field: string | undefined | null): string {
  if (!field) return `system column ${column} of entity ${entity}`;
  return field === column ? `field ${field} of entity ${entity}` : `field ${field} of entity ${entity} (column ${column})`;
}

/** The latest active archive row that matches, not yet used by another step. */
export function latestArchive(ctx: PlanContext, match: (archive: ArchivedObject) => boolean): ArchivedObject | undefined {
  let found: ArchivedObject | undefined;
  for (const archive of ctx.archives) {
    if (!ctx.consumedArchives.has(archive.id) && match(archive)) found = archive;
  }
  return found;
}

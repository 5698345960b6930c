import type { ProblemItem } from '../errors/loom-error.ts';

export type SchemaStepKind =
  | 'createTable'
  | 'addColumn'
  | 'widenColumn'
  | 'changeColumnType'
  | 'setColumnDefault'
  | 'setNotNull'
  | 'dropNotNull'
  | 'createIndex'
  | 'dropIndex'
  | 'addForeignKey'
  | 'dropForeignKey'
  | 'archiveColumn'
  | 'archiveTable'
  | 'restoreColumn'
  | 'restoreTable'
  | 'purgeColumn'
  | 'purgeTable';

/** The row applySchemaPlan writes to loom.archived_objects for an archive step. */
export interface ArchiveRecord {
  readonly object: 'column' | 'table';
  /** The model's table name (for a column: the table it belongs to). */
  readonly tableName: string;
  readonly columnName: string | null;
  readonly archivedName: string;
  readonly entity: string | null;
  readonly field: string | null;
  readonly sqlType: string | null;
}

/**
 * `noValues`: the column holds no non-null value; `noNulls`: no null value;
 * `validReferences`: every non-null value has its row in the referenced table.
 * `table`/`column` say where the values are before the plan runs (a restored
 * column is still under its archive name then).
 */
export interface DataCondition {
  readonly condition: 'noValues' | 'noNulls' | 'validReferences';
  readonly table: string;
  readonly column: string;
}

/**
 * One change, as data: what it does in plain English, the SQL that does it, and
 * what applySchemaPlan records beside the SQL. `requires` marks steps that are only
 * safe on data of a certain shape; checkPlanAgainstData probes for it.
 */
export interface SchemaStep {
  readonly kind: SchemaStepKind;
  readonly description: string;
  readonly sql: readonly string[];
  readonly entity: string;
  readonly field?: string;
  /** The model's table name (for archive/purge steps, the table the object belonged to). */
  readonly table: string;
  readonly column?: string;
  readonly index?: string;
  readonly constraint?: string;
  /** The target of an addForeignKey step. */
  readonly references?: { readonly schema: string; readonly table: string; readonly column: string };
  readonly fromType?: string;
  readonly toType?: string;
  /** The archive's name: the new name on archive, the old one on restore or purge. */
  readonly archivedName?: string;
  /** A condition on the data that makes the step safe; checkPlanAgainstData probes it. */
  readonly requires?: DataCondition;
  /** Row to insert into loom.archived_objects. */
  readonly archive?: ArchiveRecord;
  /** loom.archived_objects rows this step restores (restored_at is set). */
  readonly restoresArchive?: number;
  /** loom.archived_objects rows whose archive this step deletes. */
  readonly purgesArchives?: readonly number[];
}

export interface SchemaPlan {
  readonly steps: readonly SchemaStep[];
  readonly warnings: readonly string[];
  readonly isEmpty: boolean;
}

export type SchemaPlanResult = { ok: true; plan: SchemaPlan } | { ok: false; errors: ProblemItem[] };

/**
 * Steps are collected into named lists (like Frappe's schema.py) and the lists are
 * concatenated in this order, which is what makes the DDL valid: restored tables
 * get their names back first; constraints and indexes go before the columns they
 * cover are renamed; tables and columns exist before indexes and foreign keys
 * are built on them.
 */
export const PHASES = [
  'restoreTables',
  'dropForeignKeys',
  'dropIndexes',
  'removals',
  'createTables',
  'columns',
  'changes',
  'createIndexes',
  'addForeignKeys',
] as const;

export type Phase = (typeof PHASES)[number];
export type StepLists = Record<Phase, SchemaStep[]>;

export function emptyStepLists(): StepLists {
  return Object.fromEntries(PHASES.map((phase) => [phase, []])) as unknown as StepLists;
}

export function planFromLists(lists: StepLists, warnings: readonly string[]): SchemaPlan {
  const steps = PHASES.flatMap((phase) => lists[phase]);
  return { steps, warnings: [...warnings], isEmpty: steps.length === 0 };
}

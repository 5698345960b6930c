import { sql, type Kysely } from 'kysely';
import { depthIssue } from '@loom/metadata';
import type { Database } from '../db/database.ts';
import { pendingSystemMigrations } from '../db/migrate-system.ts';
import { loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import { LOSSLESS_STEPS, MetadataRegistry, type PlanOutcome } from '../meta/metadata-registry.ts';
import type { MetadataChange } from '../meta/metadata-change.ts';
import { readStoredDocuments } from '../meta/metadata-store.ts';
import { compileModel } from '../model/compile-model.ts';
import { planSchema, type SchemaPlan, type SchemaStep } from '../schema/index.ts';

/** What `loom plan` reports: everything a start and then an apply of the pack would change. */
export interface ReadOnlyPlan {
  /** System migrations a start would run, in order. */
  readonly systemMigrations: readonly string[];
  /**
   * The start-time catch-up (the published model as this engine compiles it, against the
   * database): `apply` are the steps a start would run, `held` the ones it would leave to a
   * publish, `error` why it could not plan at all.
   */
  readonly catchUp: { readonly apply: readonly SchemaStep[]; readonly held: readonly SchemaStep[]; readonly error?: string };
  /** What publishing the pack would do. */
  readonly publish: PlanOutcome;
}

const FIRST_MIGRATION = '0001_system';

/**
 * Plans without changing the database: one read-only transaction (the server refuses any write
 * in it), one snapshot. A start would first run the system migrations and its catch-up, so
 * both are listed here instead of run.
 */
export async function planReadOnly(database: Database, changes: readonly MetadataChange[], clock: () => Date = () => new Date()): Promise<ReadOnlyPlan> {
  return database.db.transaction().execute(async (trx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(trx);
    const systemMigrations = await pendingSystemMigrations(trx);
    // No system tables: a database Loom never used, with nothing published and nothing archived.
    if (systemMigrations.includes(FIRST_MIGRATION)) return { systemMigrations, catchUp: { apply: [], held: [] }, publish: planOnEmpty(changes, clock) };
    const registry = new MetadataRegistry(onTransaction(database, trx), undefined, clock);
    return { systemMigrations, catchUp: await planCatchUp(registry, trx), publish: await registry.plan(changes) };
  });
}

/** As the registry's start-time reconcile decides, without applying: lossless steps run, others wait for a publish. */
async function planCatchUp(registry: MetadataRegistry, trx: Kysely<any>): Promise<ReadOnlyPlan['catchUp']> {
  const published = await readStoredDocuments(trx);
  if (!published.some((doc) => doc.kind === 'entity')) return { apply: [], held: [] };
  try {
    const { plan } = await registry.plan([]);
    const held = plan.steps.filter((step) => !LOSSLESS_STEPS.has(step.kind));
    return held.length ? { apply: [], held } : { apply: plan.steps, held: [] };
  } catch (error) {
    return { apply: [], held: [], error: (error as Error).message };
  }
}

/** The registry's plan on a database with no system tables yet: the pack against an empty store and catalog. */
function planOnEmpty(changes: readonly MetadataChange[], clock: () => Date): PlanOutcome {
  const problems: ProblemItem[] = [];
  const sources = [];
  for (const change of changes) {
    if ('delete' in change) {
      problems.push({ path: change.pointer, message: `no ${change.delete.kind} named "${change.delete.name}" to delete` });
      continue;
    }
    const tooDeep = depthIssue(change.put);
    if (tooDeep) throw loomErrors('LOOM_ERR_META_INVALID', [{ path: change.pointer + tooDeep.path, message: tooDeep.message }]);
    sources.push({ document: change.put, pointer: change.pointer });
  }
  const compiled = compileModel(sources, 0);
  if (!compiled.ok || problems.length) throw loomErrors('LOOM_ERR_META_INVALID', [...problems, ...(compiled.ok ? [] : compiled.errors)]);
  const tables = [...compiled.model.entities.values()].map((entity) => entity.tableSpec);
  const planned = planSchema(tables, { tables: [], archives: [] }, { purge: false, now: clock() });
  if (!planned.ok) throw loomErrors('LOOM_ERR_SCHEMA_CONFLICT', planned.errors);
  const changed = sources.map(({ document }) => {
    const doc = document as { kind?: unknown; name?: unknown };
    return { kind: String(doc.kind), name: String(doc.name), action: 'put' as const };
  });
  return { plan: planned.plan, changed };
}

/** The database handle the registry plans through: every statement in the read-only transaction. */
function onTransaction(database: Database, trx: Kysely<any>): Database {
  return {
    kind: database.kind,
    db: trx,
    listen: () => Promise.reject(new Error('a read-only plan listens to nothing')),
    schemaChanged() {},
    close: async () => {},
  };
}

export function formatSystemMigrations(names: readonly string[]): string {
  return names.length ? `System migrations a start would run (${names.length}): ${names.join(', ')}` : 'System migrations: none to run.';
}

export type { SchemaPlan };

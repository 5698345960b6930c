import { sql, type Kysely } from 'kysely';
import { depthIssue, type MetadataDocument } from '@loom/metadata';
import type { Database } from '../db/database.ts';
import { migrateSystem } from '../db/migrate-system.ts';
import { loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import { compileModel, type SourcedDocument } from '../model/compile-model.ts';
import { emptyModel, type CompiledModel } from '../model/compiled-model.ts';
import { applySchemaPlan, checkPlanAgainstData, planSchema, readCatalog, type SchemaPlan, type SchemaStepKind } from '../schema/index.ts';
import { documentKey, type MetadataChange, type StoredDocument } from './metadata-change.ts';
import { indexStored, readModelRevision, readStoredDocuments, storeDocuments, type DocumentWrite } from './metadata-store.ts';

export const META_CHANNEL = 'loom_meta';

/**
 * How often an instance on a server database reads the published revision itself, besides
 * hearing NOTIFY: the fallback for a notification missed in ways the listening connection
 * cannot notice (one cheap indexed read; see docs/architecture.md).
 */
const REVISION_CHECK_MS = 5_000;

/** What the registry serves, for health: the revision, and whether it knows it is behind. */
export interface RegistryState {
  readonly revision: number;
  /** Publishes may have been missed (the listening connection is down) or a newer revision is being loaded. */
  readonly catchingUp: boolean;
}

export interface PlanOutcome {
  readonly plan: SchemaPlan;
  readonly changed: { kind: string; name: string; action: 'put' | 'delete' }[];
}

export interface PublishOptions {
  readonly author?: string | null;
  readonly purge?: boolean;
}

type Logger = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };

/**
 * Holds the current compiled model and is the only way to change it: a publish
 * validates and compiles the whole new document set, plans the schema change
 * against the live catalog, and applies DDL and the document store in ONE
 * transaction. Other instances hear of it through NOTIFY and reload.
 */
export class MetadataRegistry {
  private model: CompiledModel = emptyModel();
  private unlisten?: () => Promise<void>;
  private check?: NodeJS.Timeout;
  /** The one catch-up in flight, and the one queued behind it: NOTIFY, the timer and failed requests share them. */
  private catching?: Promise<void>;
  private queued?: Promise<void>;
  private listening = true;
  /** A newer revision than the model served is published and being loaded. */
  private behind = false;

  constructor(
    private readonly database: Database,
    private readonly log?: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  current(): CompiledModel {
    return this.model;
  }

  state(): RegistryState {
    return { revision: this.model.revision, catchingUp: !this.listening || this.behind };
  }

  async start(): Promise<void> {
    await migrateSystem(this.database.db);
    await this.reload();
    await this.reconcile();
    const caughtUp = (error: unknown) => this.log?.error({ err: error }, 'reloading metadata failed');
    this.unlisten = await this.database.listen(
      META_CHANNEL,
      (payload) => {
        if (Number(payload) > this.model.revision) this.catchUp().catch(caughtUp);
      },
      {
        lost: () => {
          this.listening = false;
          this.log?.warn({}, 'the connection listening for publishes was lost; reconnecting');
        },
        // Whatever was published while nobody listened is read now.
        reconnected: () => {
          this.listening = true;
          this.log?.info({}, 'listening for publishes again');
          this.catchUp().catch(caughtUp);
        },
      },
    );
    // A publish between the first read and LISTEN announced itself to nobody.
    await this.catchUp();
    // PGlite serves one process: every publish is this one's, so it has nothing to check.
    if (this.database.kind === 'postgres') {
      this.check = setInterval(() => this.catchUp().catch(caughtUp), REVISION_CHECK_MS);
      this.check.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.check);
    await this.unlisten?.();
  }

  /**
   * Reads the published revision and, when it is newer than the model served, reloads: once
   * this resolves, `current()` is at least the revision published when it was called. A read
   * already in flight may have begun before the publish the caller saw, so a caller that
   * finds one waits for the next, which everyone arriving meanwhile shares.
   */
  catchUp(): Promise<void> {
    if (!this.catching) return (this.catching = this.readRevision());
    this.queued ??= this.catching
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        return this.catchUp();
      });
    return this.queued;
  }

  private async readRevision(): Promise<void> {
    try {
      if ((await readModelRevision(this.database.db)) <= this.model.revision) return;
      this.behind = true;
      await this.reload();
      // Still behind if the reload failed: health says so until a later catch-up succeeds.
      this.behind = false;
    } finally {
      this.catching = undefined;
    }
  }

  /** Re-reads the published documents (after another instance published). */
  async reload(): Promise<void> {
    // Documents and revision from one snapshot: a model must never carry a newer revision than its documents.
    const { docs, revision } = await this.database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => ({ docs: await readStoredDocuments(trx), revision: await readModelRevision(trx) }));
    // Another reload (or a publish here) got there first: keep the model, and the statements kept for it.
    if (revision <= this.model.revision && this.model.revision > 0) return;
    const result = compileModel(docs.map(storedSource), revision);
    if (!result.ok) throw loomErrors('LOOM_ERR_META_INVALID', result.errors, 'The stored metadata no longer compiles.');
    if (result.model.revision > this.model.revision) this.database.schemaChanged();
    this.model = result.model;
    this.log?.info({ revision: this.model.revision, entities: this.model.entities.size }, 'metadata loaded');
  }

  /**
   * Brings the database to the published model as this engine compiles it. The documents
   * are unchanged, but a newer engine may compile them to more (a system column, an index):
   * those steps run at start, under the publish lock, as a publish would run them. The model
   * is read again under the lock (another instance may have published meanwhile). Only a plan
   * of steps that lose nothing runs (create, add, restore, index changes): one that would
   * archive, purge or retype something means the database and the documents disagree in a
   * way no engine upgrade causes, so it is left for a publish to settle and start goes on.
   */
  private async reconcile(): Promise<void> {
    if (!this.model.entities.size) return;
    try {
      const plan = await this.database.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext('loom.publish'))`.execute(trx);
        const model = await this.modelAsStored(trx);
        const planned = await this.planDatabase(trx, model, {});
        const removing = planned.steps.filter((step) => !LOSSLESS_STEPS.has(step.kind));
        if (removing.length) {
          this.log?.warn({ steps: removing.map((step) => step.description) }, 'the database differs from the published model; publish to settle it');
          return undefined;
        }
        await applySchemaPlan(trx, planned);
        if (model.revision > this.model.revision) this.model = model;
        return planned;
      });
      if (!plan?.steps.length) return;
      this.database.schemaChanged();
      this.log?.info({ steps: plan.steps.map((s) => s.description) }, 'database brought up to the published model');
    } catch (error) {
      // A database this engine cannot plan for still serves what it can; a publish reports the problem in full.
      this.log?.error({ err: error }, 'bringing the database up to the published model failed');
    }
  }

  /** The published model as stored now: the one loaded, unless a publish has come since. */
  private async modelAsStored(db: Kysely<any>): Promise<CompiledModel> {
    const revision = await readModelRevision(db);
    if (revision === this.model.revision) return this.model;
    const result = compileModel((await readStoredDocuments(db)).map(storedSource), revision);
    if (!result.ok) throw loomErrors('LOOM_ERR_META_INVALID', result.errors, 'The stored metadata no longer compiles.');
    return result.model;
  }

  /** What a publish of these changes would do, without changing anything. */
  async plan(changes: readonly MetadataChange[], options: PublishOptions = {}): Promise<PlanOutcome> {
    const db = this.database.db;
    const stored = indexStored(await readStoredDocuments(db));
    const { model, writes } = this.compileChanges(stored, changes, this.model.revision);
    return { plan: await this.planDatabase(db, model, options), changed: summarize(writes) };
  }

  async publish(changes: readonly MetadataChange[], options: PublishOptions = {}): Promise<PlanOutcome & { revision: number }> {
    const outcome = await this.database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('loom.publish'))`.execute(trx);
      const stored = indexStored(await readStoredDocuments(trx));
      const revision = await readModelRevision(trx);
      const { model, writes } = this.compileChanges(stored, changes, revision);
      const plan = await this.planDatabase(trx, model, options);
      await applySchemaPlan(trx, plan);
      if (!writes.length) return { plan, changed: [], model };
      const publishId = await storeDocuments(trx, writes, options.author ?? null, { changed: summarize(writes), steps: plan.steps.length });
      await sql`select pg_notify(${META_CHANNEL}, ${String(publishId)})`.execute(trx);
      return { plan, changed: summarize(writes), model: { ...model, revision: publishId } as CompiledModel };
    });
    if (outcome.plan.steps.length) this.database.schemaChanged();
    // A catch-up may already have loaded this revision, or a later one published elsewhere meanwhile.
    if (outcome.model.revision >= this.model.revision) this.model = Object.freeze(outcome.model);
    return { plan: outcome.plan, changed: outcome.changed, revision: outcome.model.revision };
  }

  private compileChanges(stored: Map<string, StoredDocument>, changes: readonly MetadataChange[], revision: number) {
    const next = new Map<string, SourcedDocument>([...stored].map(([key, doc]) => [key, storedSource(doc)]));
    const writes: DocumentWrite[] = [];
    const problems: ProblemItem[] = [];
    for (const change of changes) {
      if ('delete' in change) {
        const key = documentKey(change.delete.kind, change.delete.name);
        if (!stored.has(key)) problems.push({ path: change.pointer, message: `no ${change.delete.kind} named "${change.delete.name}" to delete` });
        next.delete(key);
        writes.push({ kind: change.delete.kind, name: change.delete.name, document: null, previous: stored.get(key) });
        continue;
      }
      // Refused before anything recursive (JSON.stringify below, ajv, the compiler) sees it.
      const tooDeep = depthIssue(change.put);
      if (tooDeep) throw loomErrors('LOOM_ERR_META_INVALID', [{ path: change.pointer + tooDeep.path, message: tooDeep.message }]);
      const doc = change.put as { kind?: unknown; name?: unknown };
      const key = documentKey(String(doc?.kind), String(doc?.name));
      next.set(key, { document: change.put, pointer: change.pointer });
      const previous = stored.get(key);
      if (!previous || JSON.stringify(previous.document) !== JSON.stringify(change.put)) {
        writes.push({ kind: String(doc?.kind), name: String(doc?.name), document: change.put as MetadataDocument, previous });
      }
    }
    const result = compileModel([...next.values()], revision);
    if (!result.ok || problems.length) throw loomErrors('LOOM_ERR_META_INVALID', [...problems, ...(result.ok ? [] : result.errors)]);
    return { model: result.model, writes };
  }

  private async planDatabase(db: Kysely<any>, model: CompiledModel, options: PublishOptions): Promise<SchemaPlan> {
    const tables = [...model.entities.values()].map((e) => e.tableSpec);
    const planned = planSchema(tables, await readCatalog(db), { purge: options.purge === true, now: this.clock() });
    if (!planned.ok) throw loomErrors('LOOM_ERR_SCHEMA_CONFLICT', planned.errors);
    const checked = await checkPlanAgainstData(db, planned.plan);
    if (!checked.ok) throw loomErrors('LOOM_ERR_SCHEMA_LOSSY_CHANGE', checked.errors);
    return checked.plan;
  }
}

/** Plan steps that lose no data: the ones a newer engine's compile of the same documents can ask for. */
export const LOSSLESS_STEPS = new Set<SchemaStepKind>([
  'createTable',
  'addColumn',
  'createIndex',
  'addForeignKey',
  'dropIndex',
  'restoreColumn',
  'restoreTable',
]);

function storedSource(doc: StoredDocument): SourcedDocument {
  return { document: doc.document, pointer: `/stored/${doc.kind}/${doc.name}` };
}

function summarize(writes: readonly DocumentWrite[]) {
  return writes.map((w) => ({ kind: w.kind, name: w.name, action: (w.document ? 'put' : 'delete') as 'put' | 'delete' }));
}

export type { MetadataDocument };

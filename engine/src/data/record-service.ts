import { sql, type Kysely } from 'kysely';
import { loomError, loomErrors, recordNotFound, type ProblemItem } from '../errors/loom-error.ts';
import type { LogicContext } from '../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import { UUID } from '../model/field-types/reference.ts';
import { translateDatabaseError } from './database-errors.ts';
import { listRecords, type ListOptions, type ListResult } from './read/list-records.ts';
import { parseListRequest, type ListRequest } from './read/list-request.ts';
import { readHistory } from './write/record-history.ts';
import { readById } from './read/record-by-id.ts';
import { actorContext } from './access/record-access.ts';
import { transferAllRecords, transferRecords } from './access/record-ownership.ts';
import { listShares, shareRecord, unshareRecord, type ShareInput } from './access/record-shares.ts';
import { checkReadableRequest } from './access/readable-request.ts';
import { effectiveGrant } from './access/entity-grant.ts';
import { visibleFields } from './access/readable-request.ts';
import { createMany, createsAsSet } from './write/bulk-create.ts';
import { createInTransaction, createsInOneStatement, deleteInTransaction, readRecord, restoreInTransaction, updateInTransaction } from './write/record-writes.ts';

import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import { isLinesField } from '../model/field-types/field-predicates.ts';
import type { WriteContext } from './write/write-context.ts';
import type { WriteHooks } from './write/write-hooks.ts';
export type { Actor } from './actor.ts';

export interface RecordServiceDeps {
  readonly db: Kysely<any>;
  model(): CompiledModel;
  now(): Date;
}

export type { WriteHooks, RecordChange } from './write/write-hooks.ts';

export type BulkOperation =
  | { op: 'create'; data: unknown }
  | { op: 'update'; id: string; data: unknown; version?: number }
  | { op: 'delete'; id: string; version?: number };

const MAX_BULK = 1000;

/**
 * The one door to records: every read and write of every route goes through here,
 * and every write runs in one transaction with its children, rules and history.
 */
export class RecordService {
  private hooks: WriteHooks | undefined;

  constructor(private readonly deps: RecordServiceDeps) {}

  /** The processes that take part in every write from now on (set once, by the process engine). */
  useHooks(hooks: WriteHooks): void {
    this.hooks = hooks;
  }

  /** The write context every write of this service runs with: the processes take part in it. */
  writeContextFor(actor: Actor, extra: Partial<WriteContext> = {}): WriteContext {
    return { ...this.writeContext(this.deps.model(), actor), ...extra };
  }

  entity(name: string): CompiledEntity {
    const entity = this.deps.model().entities.get(name);
    if (!entity || !Object.hasOwn(Object.fromEntries(this.deps.model().entities), name)) throw loomError('LOOM_ERR_DATA_UNKNOWN_ENTITY', name);
    return entity;
  }

  context(actor: Actor): LogicContext {
    return actorContext(actor, this.deps.now());
  }

  parseList(entityName: string, query: Record<string, unknown>): ListRequest {
    return parseListRequest(this.deps.model(), this.entity(entityName), query);
  }

  async list(entityName: string, query: Record<string, unknown>, actor: Actor, options: ListOptions = {}): Promise<ListResult> {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    const request = parseListRequest(model, entity, query);
    checkReadableRequest(model, entity, callerNamed(request, query), actor);
    return this.guard(model, entity, '', () => listRecords(this.deps.db, model, entity, request, this.context(actor), { ...options, actor }));
  }

  /** The deleted records of an entity with softDelete that the actor may read, newest deletion first by default. */
  async listDeleted(entityName: string, query: Record<string, unknown>, actor: Actor): Promise<ListResult> {
    const entity = this.entity(entityName);
    if (!entity.softDelete) throw loomError('LOOM_ERR_DATA_NO_SOFT_DELETE', entityName);
    return this.list(entityName, { sort: '-deletedAt', ...query }, actor, { state: 'deleted' });
  }

  async get(entityName: string, id: string, query: Record<string, unknown>, actor: Actor): Promise<Record<string, unknown>> {
    const entity = this.entity(entityName);
    checkId(entityName, id);
    // No grant to read the entity: the record is as absent as one outside the read scope.
    if (!mayRead(this.deps.model(), entity, actor)) throw recordNotFound(entity, id);
    const unknown = Object.keys(query).filter((k) => k !== 'fields' && k !== 'expand');
    if (unknown.length) throw loomErrors('LOOM_ERR_HTTP_BAD_QUERY', unknown.map((k) => ({ path: `/query/${k}`, message: `unknown query parameter "${k}"` })));
    const request = { ...parseListRequest(this.deps.model(), entity, query), limit: 1, cursor: undefined };
    checkReadableRequest(this.deps.model(), entity, callerNamed(request, query), actor);
    // One row: no sort is sent to the database.
    const record = await readById(this.deps.db, this.deps.model(), entity, { ...request, sort: [] }, this.context(actor), actor, id);
    if (!record) throw recordNotFound(entity, id);
    return record;
  }

  async create(entityName: string, input: unknown, actor: Actor): Promise<Record<string, unknown>> {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    const ctx = this.writeContext(model, actor);
    const create = (db: Kysely<any>) => createInTransaction(db, ctx, entity, input, '');
    // A create that is one statement is atomic without BEGIN and COMMIT around it.
    const id = createsInOneStatement(ctx, entity) ? await this.guard(model, entity, '', () => create(this.deps.db)) : await this.transaction(model, entity, '', create);
    return this.written(model, entity, ctx.written.get(id)!, actor);
  }

  async update(entityName: string, id: string, patch: unknown, expectedVersion: number | undefined, actor: Actor): Promise<Record<string, unknown>> {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    checkId(entityName, id);
    const ctx = this.writeContext(model, actor);
    await this.transaction(model, entity, '', (trx) => updateInTransaction(trx, ctx, entity, id, patch, expectedVersion, ''));
    return this.written(model, entity, ctx.written.get(id)!, actor);
  }

  async remove(entityName: string, id: string, expectedVersion: number | undefined, actor: Actor): Promise<void> {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    checkId(entityName, id);
    await this.transaction(model, entity, '', (trx) => deleteInTransaction(trx, this.writeContext(model, actor), entity, id, expectedVersion));
  }

  /** Brings back a soft-deleted record (404 when it is not deleted or the actor may not delete it); answers it. */
  async restore(entityName: string, id: string, actor: Actor): Promise<Record<string, unknown>> {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    checkId(entityName, id);
    if (!entity.softDelete) throw loomError('LOOM_ERR_DATA_NO_SOFT_DELETE', entityName);
    const ctx = this.writeContext(model, actor);
    await this.transaction(model, entity, '', (trx) => restoreInTransaction(trx, ctx, entity, id));
    return this.written(model, entity, ctx.written.get(id)!, actor);
  }

  /** Creates, updates and deletes in one transaction: one bad item and nothing is written. */
  async bulk(entityName: string, operations: BulkOperation[], actor: Actor): Promise<{ results: { op: string; id: string }[] }> {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    if (!Array.isArray(operations) || operations.length > MAX_BULK) {
      throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: '/operations', message: `must be a list of at most ${MAX_BULK} operations` }]);
    }
    // Creates only (the common import): a few set-based statements instead of several per record.
    if (operations.length && createsAsSet(entity) && !this.hooks?.watches(entity) && operations.every((op) => op?.op === 'create')) {
      const creates = operations.map((op, i) => ({ data: (op as { data: unknown }).data, pointer: `/operations/${i}/data` }));
      const ids = await this.transaction(model, entity, '', (trx) => createMany(trx, this.writeContext(model, actor), entity, creates));
      return { results: ids.map((id) => ({ op: 'create', id })) };
    }
    const results = await this.transaction(model, entity, '', async (trx) => {
      const done: { op: string; id: string }[] = [];
      const ctx = this.writeContext(model, actor);
      for (const [i, op] of operations.entries()) {
        const at = `/operations/${i}`;
        if (op.op === 'create') done.push({ op: op.op, id: await createInTransaction(trx, ctx, entity, op.data, `${at}/data`) });
        else {
          checkId(entityName, op.id, `${at}/id`);
          if (op.op === 'update') await updateInTransaction(trx, ctx, entity, op.id, op.data, op.version, `${at}/data`);
          else await deleteInTransaction(trx, ctx, entity, op.id, op.version);
          done.push({ op: op.op, id: op.id });
        }
      }
      return done;
    });
    return { results };
  }

  /** Records of `child` whose lookup `via` points at this record. */
  async related(entityName: string, id: string, relation: string, query: Record<string, unknown>, actor: Actor): Promise<ListResult> {
    const parent = this.entity(entityName);
    checkId(entityName, id);
    const [childName, via] = relation.split('.');
    const child = this.deps.model().entities.get(childName);
    const link = child && Object.hasOwn(child.fields, via) ? child.fields[via] : undefined;
    if (!child || !link || link.target !== parent.name) {
      throw loomErrors('LOOM_ERR_HTTP_NOT_FOUND', [{ path: '/relation', message: `"${relation}" is not a relation of ${entityName}; use <entity>.<lookupField>` }]);
    }
    await this.get(entityName, id, { fields: 'id' }, actor);
    return this.list(childName, query, actor, { sqlWhere: [sql`${sql.ref(`r.${link.column}`)} = ${id}::uuid`] });
  }

  async history(entityName: string, id: string, actor: Actor) {
    const entity = this.entity(entityName);
    checkId(entityName, id);
    await this.get(entityName, id, { fields: 'id' }, actor);
    // History shows only the fields the actor may read.
    const grant = effectiveGrant(this.deps.model(), entity, actor);
    return (await readHistory(this.deps.db, entity, id)).map((h) => ({
      ...h,
      changes: Object.fromEntries(Object.entries(h.changes as Record<string, unknown>).filter(([field]) => grant.fieldAccess(field) !== 'hidden')),
    }));
  }

  /** Shares one record with a user or a team; whoever may update it may share it. */
  async share(entityName: string, id: string, input: ShareInput, actor: Actor) {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    checkId(entityName, id);
    return this.transaction(model, entity, '', (trx) => shareRecord(trx, this.writeContext(model, actor), entity, id, input));
  }

  async shares(entityName: string, id: string, actor: Actor) {
    const entity = this.entity(entityName);
    checkId(entityName, id);
    await this.get(entityName, id, { fields: 'id' }, actor);
    return listShares(this.deps.db, entity, id);
  }

  async unshare(entityName: string, id: string, shareId: string, actor: Actor) {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    checkId(entityName, id);
    await this.transaction(model, entity, '', (trx) => unshareRecord(trx, this.writeContext(model, actor), entity, id, shareId));
  }

  /** Gives one or many records to another owner, all or nothing. */
  async transfer(entityName: string, ids: string[], to: string, actor: Actor) {
    const model = this.deps.model();
    const entity = this.entity(entityName);
    const moved = await this.transaction(model, entity, '', (trx) => transferRecords(trx, this.writeContext(model, actor), entity, ids, to));
    return { moved };
  }

  /** Every record a person owns, in every entity, to someone else in one transaction (administrators only). */
  async transferAll(from: string, to: string, actor: Actor) {
    const model = this.deps.model();
    const moved = await this.deps.db.transaction().execute((trx) => transferAllRecords(trx, this.writeContext(model, actor), model, from, to));
    return { moved };
  }

  /**
   * The record a write just produced, as its writer may see it (a role may create what it cannot
   * list): the fields the writer may read, taken from the record the write read back last in its
   * transaction, which is what a read after the commit would answer, without another query.
   */
  private written(model: CompiledModel, entity: CompiledEntity, record: Record<string, unknown>, actor: Actor): Record<string, unknown> {
    const visible: Record<string, unknown> = {};
    for (const field of visibleFields(model, entity, actor)) if (!isLinesField(field)) visible[field.name] = record[field.name];
    return visible;
  }

  /** A record as the engine sees it inside a transaction (used by processes and tests). */
  read(trx: Kysely<any>, entityName: string, id: string) {
    return readRecord(trx, this.deps.model(), this.entity(entityName), id, this.context(SYSTEM_ACTOR));
  }

  private writeContext(model: CompiledModel, actor: Actor): WriteContext & { written: Map<string, Record<string, unknown>> } {
    return { model, actor, actorId: actor.id, now: this.deps.now(), logic: this.context(actor), written: new Map<string, Record<string, unknown>>(), hooks: this.hooks };
  }

  private transaction<T>(model: CompiledModel, entity: CompiledEntity, pointer: string, work: (trx: Kysely<any>) => Promise<T>): Promise<T> {
    // A service made over a caller's transaction writes in it (a starter pack's sample data commits with its done-mark).
    return this.guard(model, entity, pointer, () => (this.deps.db.isTransaction ? work(this.deps.db) : this.deps.db.transaction().execute(work)));
  }

  private async guard<T>(model: CompiledModel, entity: CompiledEntity, pointer: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translateDatabaseError(error, model, entity, pointer);
    }
  }
}

/**
 * What the caller named: the default sort is the engine's choice, not theirs, so it is not
 * refused as unreadable (an entity they may not read at all hides every field, its sort too;
 * its read predicate keeps every record out of the answer anyway).
 */
function callerNamed(request: ListRequest, query: Record<string, unknown>): ListRequest {
  return query.sort === undefined ? { ...request, sort: [] } : request;
}

function mayRead(model: CompiledModel, entity: CompiledEntity, actor: Actor): boolean {
  const grant = effectiveGrant(model, entity, actor);
  return grant.all || grant.scopes.read.size > 0;
}

function checkId(entityName: string, id: string, path = '/id') {
  if (typeof id !== 'string' || !UUID.test(id)) {
    const problems: ProblemItem[] = [{ path, message: 'must be a record id (a UUID)' }];
    throw loomErrors(path === '/id' ? 'LOOM_ERR_DATA_NOT_FOUND' : 'LOOM_ERR_DATA_VALIDATION', problems, `No ${entityName} record with id "${String(id).slice(0, 64)}".`);
  }
}

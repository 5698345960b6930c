import { sql, type Expression, type SqlBool } from 'kysely';
import { compileCondition, type LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel, RecordScope } from '../../model/compiled-model.ts';
import { OWNER_TEAM_KEY } from '../../model/table-spec.ts';
import type { Actor } from '../actor.ts';
import { effectiveGrant, type RecordAction } from './entity-grant.ts';
import { EVERY_ROW, recordScope, recordTable, type RowsReadable } from './record-scope.ts';
import { StatementCache } from '../read/statement-cache.ts';

/** Which records of a soft-deleting entity a read or write is about: the live ones, or the deleted ones (restore, the deleted list). */
export type RecordState = 'live' | 'deleted';

/**
 * The records an actor may read, update or delete, as one SQL predicate on the row
 * under `alias`: the actor's scopes (written as JSON Logic and compiled by the one
 * compiler, so they use the owner index) or a share of the record with the actor; and,
 * in an entity with softDelete, live records only (or deleted ones only). Undefined when
 * every record is allowed.
 */
export function accessPredicate(model: CompiledModel, entity: CompiledEntity, actor: Actor, action: RecordAction, alias: string, state: RecordState = 'live'): Expression<SqlBool> | undefined {
  // The predicate depends only on the model and the actor (scopes read `$user` values, never
  // `$now`), and the actor loader hands out one frozen Actor per identity generation, so it is
  // compiled once per actor instead of on every request.
  const key = `${entity.name}|${action}|${alias}|${state}`;
  return predicates.get(model, actor, key, () => withState(entity, alias, state, compilePredicate(model, entity, actor, action, alias)) ?? null) ?? undefined;
}

/** One entry per entity, action, alias and state an actor uses: room for every entity of a large model. */
const predicates = new StatementCache<Expression<SqlBool> | null>(4096);

/** Adds the soft-delete condition: a deleted record is out of every read and write but restore's. */
function withState(entity: CompiledEntity, alias: string, state: RecordState, predicate: Expression<SqlBool> | undefined): Expression<SqlBool> | undefined {
  if (!entity.softDelete) return state === 'deleted' ? sql<SqlBool>`false` : predicate;
  const deletedAt = sql.ref(`${alias}.deleted_at`);
  const condition = state === 'live' ? sql<SqlBool>`${deletedAt} is null` : sql<SqlBool>`${deletedAt} is not null`;
  return predicate ? sql<SqlBool>`(${condition} and ${predicate})` : condition;
}

function compilePredicate(model: CompiledModel, entity: CompiledEntity, actor: Actor, action: RecordAction, alias: string): Expression<SqlBool> | undefined {
  const parts = predicateParts(model, entity, actor, action, alias, false);
  if (!parts) return undefined;
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`false`;
}

/** At most this many branches are read as a union; more would cost more to start than they save. */
const MAX_BRANCHES = 4;

/**
 * The read predicate of a list page as branches that together allow what it allows: each
 * scope, each team key and the share test on its own. PostgreSQL can read each branch in
 * index order and merge them, where the `OR` of them it would filter row by row (see
 * list-records.ts). Undefined when the predicate is one branch already, allows everything,
 * or has too many branches. The soft-delete state is not in the branches (stateCondition).
 */
export function accessBranches(model: CompiledModel, entity: CompiledEntity, actor: Actor, alias: string): readonly Expression<SqlBool>[] | undefined {
  const branches = branchSets.get(model, actor, `${entity.name}|${alias}`, () => {
    const parts = predicateParts(model, entity, actor, 'read', alias, true);
    return parts && parts.length > 1 && parts.length <= MAX_BRANCHES ? parts : null;
  });
  return branches ?? undefined;
}

const branchSets = new StatementCache<readonly Expression<SqlBool>[] | null>(4096);

/**
 * The rows of any entity the actor may read, for lookup paths and rollups in the actor's
 * requests (record-scope.ts): one rule for filters, sorts, cursors, search, formulas,
 * expansions and rollups. Kept per model and actor, like the predicates it hands out.
 */
export function readableRows(model: CompiledModel, actor: Actor): RowsReadable {
  return rowFilters.get(model, actor, '', () => (entity, alias) => accessPredicate(model, entity, actor, 'read', alias));
}

const rowFilters = new StatementCache<RowsReadable>(1);

/** The soft-delete condition alone, for a query that applies the access branches itself. */
export function stateCondition(entity: CompiledEntity, alias: string, state: RecordState): Expression<SqlBool> | undefined {
  return withState(entity, alias, state, undefined);
}

/**
 * The predicate's alternatives, or undefined when every record is allowed. `splitKeys` gives
 * each team key its own equality (for branches); otherwise the keys are one `= any`.
 */
function predicateParts(model: CompiledModel, entity: CompiledEntity, actor: Actor, action: RecordAction, alias: string, splitKeys: boolean): Expression<SqlBool>[] | undefined {
  const grant = effectiveGrant(model, entity, actor);
  if (grant.all || grant.scopes[action].has('all')) return undefined;
  const scope = recordScope(model, entity, alias, actorContext(actor, new Date(0)), EVERY_ROW);
  const scopes = new Set(grant.scopes[action]);
  // `team` and `subordinates` both include the actor's own records: `own` beside them adds nothing.
  if (scopes.has('team') || scopes.has('subordinates')) scopes.delete('own');
  const parts = [...scopes].flatMap((s) => {
    if (s === 'master') return [masterAllows(model, entity, actor, action, alias)];
    if (s === 'team' && entity.owned && actor.teams.length) return ownerTeamKeyIn(actor, alias, splitKeys);
    return [compileCondition(scopeLogic(entity, s), scope)];
  });
  // A predicate without OR lets PostgreSQL read a scoped page straight from an index; the share
  // test is there only for an actor who has records of this entity shared with them.
  if (actor.sharedEntities.has(entity.name)) parts.push(sharedWith(entity, actor, action, alias));
  return parts;
}

/**
 * Scope `team` on an owned entity: the owner's team key (kept on the record) is one of the
 * keys of the actor's team members, which holds exactly when the owner is one of them. An
 * equality on one key, the usual case, lets a team-led index serve the page in order.
 */
function ownerTeamKeyIn(actor: Actor, alias: string, splitKeys: boolean): Expression<SqlBool>[] {
  const column = sql.ref(`${alias}.${OWNER_TEAM_KEY}`);
  const keys = actor.teamKeys;
  if (keys.length === 1 || splitKeys) return keys.map((key) => sql<SqlBool>`${column} = ${key}::uuid`);
  return [sql<SqlBool>`${column} = any(${[...keys]}::uuid[])`];
}

/**
 * Scope `master` of a detail entity: the record's master is one the actor may read (for a
 * read) or write (update or delete: the master's update predicate, or its read predicate when
 * the detail's `masterWrite` is `read`). The master's own predicate is used, so a detail of a
 * detail follows its master's master, and a master shared with the actor brings its details.
 */
function masterAllows(model: CompiledModel, entity: CompiledEntity, actor: Actor, action: RecordAction, alias: string): Expression<SqlBool> {
  const link = entity.master!;
  const master = model.entities.get(link.entity)!;
  const masterAlias = `${alias}_m`;
  const needed: RecordAction = action === 'read' || link.write === 'read' ? 'read' : 'update';
  const allowed = accessPredicate(model, master, actor, needed, masterAlias);
  const column = sql.ref(`${alias}.${entity.fields[link.field].column}`);
  if (!allowed) return sql<SqlBool>`${column} is not null`;
  return sql<SqlBool>`exists (select 1 from ${recordTable(master)} as ${sql.table(masterAlias)} where ${sql.ref(`${masterAlias}.id`)} = ${column} and ${allowed})`;
}

/** The access to a detail's master record that writing the detail needs (record-writes checks it for a new master). */
export function masterWriteAction(entity: CompiledEntity): RecordAction {
  return entity.master?.write === 'read' ? 'read' : 'update';
}

function scopeLogic(entity: CompiledEntity, scope: RecordScope): unknown {
  // Entities without an owner count the creator as the owner.
  const owner = { var: entity.owned ? 'owner' : 'createdBy' };
  if (scope === 'own') return { '==': [owner, { var: '$user.id' }] };
  if (scope === 'team') return { in: [owner, { var: '$user.teamMembers' }] };
  if (scope === 'subordinates') return { in: [owner, { var: '$user.subordinates' }] };
  return false;
}

/**
 * Records shared with the actor (or one of their teams). Uncorrelated, so PostgreSQL runs it
 * once per query (a hashed subplan) instead of once per row scanned, which matters when a
 * scoped list reads through many rows the scope rejects.
 */
function sharedWith(entity: CompiledEntity, actor: Actor, action: RecordAction, alias: string): Expression<SqlBool> {
  if (!actor.id) return sql<SqlBool>`false`;
  const access = action === 'read' ? sql`true` : sql`s.access = 'write'`;
  return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (select s.record_id from loom.record_shares s where s.entity = ${entity.name}
    and (s.user_id = ${actor.id}::uuid or s.team_id = any(${[...actor.teams]}::uuid[])) and ${access})`;
}

/** The logic context of an actor: scopes read `$user.teamMembers` and `$user.subordinates` (the actor included). */
export function actorContext(actor: Actor, now: Date): LogicContext {
  const self = actor.id ? [actor.id] : [];
  return {
    now,
    user: {
      id: actor.id,
      roles: [...actor.roles],
      teams: [...actor.teams],
      teamMembers: [...new Set([...self, ...actor.teamMembers])],
      subordinates: [...new Set([...self, ...actor.subordinates])],
    },
  };
}

import type { CompiledEntity, CompiledGrant, CompiledModel, FieldAccess, RecordScope } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';

export type RecordAction = 'read' | 'update' | 'delete';

/** What one actor may do with one entity: the union of the actor's roles. */
export interface EffectiveGrant {
  readonly all: boolean;
  readonly canCreate: boolean;
  /** Scopes per action; any one matching lets the action through (the widest grant wins). */
  readonly scopes: Readonly<Record<RecordAction, ReadonlySet<RecordScope>>>;
  fieldAccess(field: string): FieldAccess;
}

const ACCESS_RANK: Record<FieldAccess, number> = { hidden: 0, read: 1, write: 2 };
const cache = new WeakMap<CompiledModel, Map<string, EffectiveGrant>>();

/**
 * Merges the actor's role documents for an entity. Administrators and the system
 * actor hold everything; a role that does not mention the entity grants nothing.
 */
export function effectiveGrant(model: CompiledModel, entity: CompiledEntity, actor: Actor): EffectiveGrant {
  if (actor.admin || actor.system) return FULL;
  const key = `${entity.name}|${[...actor.roles].sort().join(',')}`;
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  const cached = perModel.get(key);
  if (cached) return cached;
  const grants = actor.roles.map((name) => model.roles.get(name)?.grants.get(entity.name)).filter((g): g is CompiledGrant => g !== undefined);
  const grant = mergeGrants(entity, grants);
  perModel.set(key, grant);
  return grant;
}

function mergeGrants(entity: CompiledEntity, grants: readonly CompiledGrant[]): EffectiveGrant {
  const scopes = { read: new Set<RecordScope>(), update: new Set<RecordScope>(), delete: new Set<RecordScope>() };
  for (const g of grants) {
    for (const action of ['read', 'update', 'delete'] as const) {
      if (g[action] !== 'none') scopes[action].add(g[action]);
    }
  }
  const fields = new Map<string, FieldAccess>();
  for (const field of entity.fieldList) {
    let best: FieldAccess = 'hidden';
    for (const g of grants) {
      const access = g.fields.get(field.name) ?? defaultAccess(g, field.name);
      if (ACCESS_RANK[access] > ACCESS_RANK[best]) best = access;
    }
    fields.set(field.name, best);
  }
  return {
    all: false,
    canCreate: grants.some((g) => g.create),
    scopes,
    fieldAccess: (name) => fields.get(name) ?? 'hidden',
  };
}

/** Unlisted fields: writable when the role may write records, readable when it may only read. Owners move by transfer. */
function defaultAccess(grant: CompiledGrant, field: string): FieldAccess {
  const reads = grant.read !== 'none';
  const writes = grant.create || grant.update !== 'none';
  if (field === 'owner') return reads || writes ? 'read' : 'hidden';
  return writes ? 'write' : reads ? 'read' : 'hidden';
}

const FULL: EffectiveGrant = Object.freeze({
  all: true,
  canCreate: true,
  scopes: { read: new Set<RecordScope>(['all']), update: new Set<RecordScope>(['all']), delete: new Set<RecordScope>(['all']) },
  fieldAccess: () => 'write' as FieldAccess,
});

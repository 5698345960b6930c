import type { FieldAccess, Label, MetadataDocument, RecordScope, RoleDocument } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';

export type { FieldAccess, RecordScope };

/** What one role grants on one entity, with the defaults filled in (scopes "none", no create). */
export interface CompiledGrant {
  readonly read: RecordScope;
  readonly create: boolean;
  readonly update: RecordScope;
  readonly delete: RecordScope;
  /** Access to the fields the role names; the others follow from the scopes (data/access/entity-grant.ts). */
  readonly fields: ReadonlyMap<string, FieldAccess>;
}

/** A role: its grants by entity name, each entity and field checked by link-documents.ts. */
export interface CompiledRole {
  readonly kind: 'role';
  readonly name: string;
  readonly label?: Label;
  readonly grants: ReadonlyMap<string, CompiledGrant>;
  /** The record actions its users may run (checked against the action documents by roleActionErrors). */
  readonly actions: ReadonlySet<string>;
}

export function compileRole(doc: RoleDocument): CompiledRole {
  const grants = new Map<string, CompiledGrant>();
  for (const [entity, grant] of Object.entries(doc.entities ?? {})) {
    grants.set(entity, {
      read: grant.read ?? 'none',
      create: grant.create === true,
      update: grant.update ?? 'none',
      delete: grant.delete ?? 'none',
      fields: new Map(Object.entries(grant.fields ?? {})),
    });
  }
  return { kind: 'role', name: doc.name, ...(doc.label !== undefined ? { label: doc.label } : {}), grants, actions: new Set(doc.actions ?? []) };
}

/** Every action a role grants must be an action document. */
export function roleActionErrors(docs: readonly { document: MetadataDocument; pointer: string }[]): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const actions = new Set(docs.filter((d) => d.document.kind === 'action').map((d) => d.document.name));
  for (const { document, pointer } of docs) {
    if (document.kind !== 'role') continue;
    (document.actions ?? []).forEach((name, i) => {
      if (!actions.has(name)) errors.push({ path: `${pointer}/actions/${i}`, message: `no action named "${name}"` });
    });
  }
  return errors;
}

import type { MetadataDocument } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import { isContextVar, logicVars } from '../logic/index.ts';
import type { CompiledEntity } from './compiled-model.ts';
import { resolveFieldPath } from './resolve-field-path.ts';

type Doc = MetadataDocument & Record<string, any>;

/**
 * Every name a non-entity document uses must resolve: its entity, the fields its
 * sections, columns, filters and grants mention, and the documents a menu lists.
 */
export function linkDocuments(docs: readonly { document: MetadataDocument; pointer: string }[], entities: ReadonlyMap<string, CompiledEntity>): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const names = new Map<string, Set<string>>();
  for (const { document } of docs) {
    if (!names.has(document.kind)) names.set(document.kind, new Set());
    names.get(document.kind)!.add(document.name);
  }
  for (const { document, pointer } of docs) {
    const doc = document as Doc;
    if (doc.kind === 'entity' || doc.kind === 'pack') continue;
    const ctx = new LinkContext(entities, names, errors, pointer);
    if (doc.kind === 'menu') ctx.menuItems(doc.items ?? [], '/items');
    else if (doc.kind === 'dashboard') (doc.widgets ?? []).forEach((w: any, i: number) => ctx.named('report', w.report, `/widgets/${i}/report`));
    else if (doc.kind === 'role') ctx.role(doc);
    else ctx.entityDocument(doc);
  }
  return errors;
}

class LinkContext {
  constructor(
    private entities: ReadonlyMap<string, CompiledEntity>,
    private names: Map<string, Set<string>>,
    private errors: ProblemItem[],
    private pointer: string,
  ) {}

  private fail(path: string, message: string) {
    this.errors.push({ path: this.pointer + path, message });
  }

  named(kind: string, name: string | undefined, path: string) {
    if (name && !this.names.get(kind)?.has(name)) this.fail(path, `no ${kind} named "${name}"`);
  }

  field(entity: CompiledEntity, path: string, at: string) {
    if (!resolveFieldPath(entity, path.replace(/^-/, '').replace(/:(day|week|month|quarter|year)$/, ''), this.entities))
      this.fail(at, `"${path}" is not a field of ${entity.name}`);
  }

  logic(entity: CompiledEntity, expr: unknown, at: string) {
    for (const v of logicVars(expr)) {
      if (!isContextVar(v.path) && !resolveFieldPath(entity, v.path, this.entities)) this.fail(at + v.pointer, `"${v.path}" is not a field of ${entity.name}`);
    }
  }

  entityDocument(doc: Doc) {
    const entity = this.entities.get(doc.entity);
    if (!entity) return this.fail('/entity', `entity "${doc.entity}" does not exist`);
    if (doc.kind === 'form') this.form(entity, doc);
    if (doc.kind === 'view') {
      (doc.columns ?? []).forEach((c: string, i: number) => this.field(entity, c, `/columns/${i}`));
      (doc.sort ?? []).forEach((c: string, i: number) => this.field(entity, c, `/sort/${i}`));
    }
    if (doc.kind === 'report') {
      (doc.groupBy ?? []).forEach((g: string, i: number) => this.field(entity, g, `/groupBy/${i}`));
      (doc.measures ?? []).forEach((m: any, i: number) => m.field && this.field(entity, m.field, `/measures/${i}/field`));
    }
    if (doc.kind === 'reminder' && doc.at?.field) this.field(entity, doc.at.field, '/at/field');
    if (doc.kind === 'action' && doc.target && !this.entities.has(doc.target)) this.fail('/target', `entity "${doc.target}" does not exist`);
    for (const key of ['filter', 'entry', 'when', 'where', 'visibleWhen'] as const) {
      if (doc[key] !== undefined) this.logic(entity, doc[key], `/${key}`);
    }
  }

  form(entity: CompiledEntity, doc: Doc) {
    (doc.sections ?? []).forEach((s: any, i: number) => {
      (s.fields ?? []).forEach((f: string, j: number) => this.field(entity, f, `/sections/${i}/fields/${j}`));
      if (s.related) {
        const [child, via] = String(s.related).split('.');
        const target = this.entities.get(child);
        const link = target?.fields[via];
        if (!target || !link || link.target !== entity.name)
          this.fail(`/sections/${i}/related`, `"${s.related}" must name an entity and its lookup field pointing to ${entity.name}`);
      }
    });
    for (const [name, rules] of Object.entries<any>(doc.fieldRules ?? {})) {
      this.field(entity, name, `/fieldRules/${name}`);
      for (const key of Object.keys(rules)) this.logic(entity, rules[key], `/fieldRules/${name}/${key}`);
    }
  }

  role(doc: Doc) {
    for (const [name, grant] of Object.entries<any>(doc.entities ?? {})) {
      const entity = this.entities.get(name);
      if (!entity) {
        this.fail(`/entities/${name}`, `entity "${name}" does not exist`);
        continue;
      }
      for (const action of ['read', 'update', 'delete'] as const) {
        const scope = grant[action] ?? 'none';
        const at = `/entities/${name}/${action}`;
        if (entity.master?.exclusive && scope !== 'none' && scope !== 'master') {
          this.fail(
            at,
            `${name} is a detail of ${entity.master.entity} (its required "${entity.master.field}" lookup is its master): its records follow their ${entity.master.entity}'s access, so grant "master" or "none", not "${scope}"`,
          );
        } else if (!entity.master && scope === 'master') {
          this.fail(at, `"master" applies only to an entity with a master lookup; ${name} has none`);
        }
      }
      for (const field of Object.keys(grant.fields ?? {})) {
        if (!entity.fields[field]) this.fail(`/entities/${name}/fields/${field}`, `"${field}" is not a field of ${name}`);
      }
    }
  }

  menuItems(items: any[], at: string) {
    items.forEach((item, i) => {
      for (const kind of ['view', 'report', 'dashboard'] as const) this.named(kind, item[kind], `${at}/${i}/${kind}`);
      if (item.items) this.menuItems(item.items, `${at}/${i}/items`);
    });
  }
}

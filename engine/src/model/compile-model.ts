import { validateDocument, type DocumentOfKind, type EntityDocument, type MetadataDocument, type MetadataKind } from '@loom/metadata';
import { loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import { compileEntity } from './compile-entity.ts';
import { compileForm } from './compile-form.ts';
import { compileActions } from './compile-action.ts';
import { compileApproval } from './compile-approval.ts';
import { checkAutomations, compileAutomation } from './compile-automation.ts';
import { checkReminders, compileReminder } from './compile-reminder.ts';
import { compileMenu } from './compile-menu.ts';
import { compileRole, roleActionErrors, type CompiledRole } from './compile-role.ts';
import { compileView } from './compile-view.ts';
import { compileReport } from './compile-report.ts';
import { compileDashboard, roleHomeErrors } from './compile-dashboard.ts';
import { deepFreeze, type CompiledEntity, type CompiledModel } from './compiled-model.ts';
import { linkDocuments } from './link-documents.ts';
import { linkEntityLogic } from './link-entity-logic.ts';
import { linkMasters } from './link-masters.ts';
import { mergeExtensions } from './merge-extensions.ts';
import { toSnake } from './naming.ts';
import { checkRelationNames } from './relation-names.ts';

/** A metadata document and where it came from (its JSON pointer in a request, or its file). */
export interface SourcedDocument {
  readonly document: unknown;
  readonly pointer: string;
}

export type CompileResult = { ok: true; model: CompiledModel } | { ok: false; errors: ProblemItem[] };

/**
 * The single path from JSON to the model: validate every document (all errors, not
 * just the first), link the names between them, compile, freeze. Pure: no database.
 */
export function compileModel(sources: readonly SourcedDocument[], revision = 0): CompileResult {
  const errors: ProblemItem[] = [];
  const valid: { document: MetadataDocument; pointer: string }[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const result = validateDocument(source.document);
    if (!result.ok) {
      errors.push(...result.errors.map((e) => ({ path: source.pointer + e.path, message: e.message })));
      continue;
    }
    const key = `${result.document.kind}/${result.document.name}`;
    const isExtension = result.document.kind === 'entity' && (result.document as EntityDocument).extends;
    if (seen.has(key) && !isExtension) {
      errors.push({ path: `${source.pointer}/name`, message: `another ${result.document.kind} is also named "${result.document.name}" (${seen.get(key)})` });
      continue;
    }
    seen.set(key, source.pointer || '/');
    valid.push({ document: result.document, pointer: source.pointer });
  }
  if (errors.length) return { ok: false, errors };

  const merged = mergeExtensions(valid, errors);
  const tables = new Map(merged.map((e) => [e.document.name, toSnake(e.document.name)]));
  const entities = new Map<string, CompiledEntity>();
  const roles = compileAll(valid, 'role', compileRole);
  const teamRead = entitiesReadAtTeamScope(roles);
  for (const source of merged) {
    const result = compileEntity({
      document: source.document,
      pointer: source.pointer,
      tableOf: (name) => tables.get(name),
      readAtTeamScope: teamRead.has(source.document.name),
    });
    errors.push(...result.errors);
    if (result.entity) entities.set(result.entity.name, result.entity);
  }
  if (errors.length) return { ok: false, errors };
  const pointers = new Map(merged.map((m) => [m.document.name, m.pointer]));
  errors.push(...checkRelationNames(entities.values(), (name) => pointers.get(name) ?? ''));
  if (errors.length) return { ok: false, errors };
  for (const source of merged) errors.push(...linkEntityLogic(entities.get(source.document.name)!, entities, source.pointer));
  if (errors.length) return { ok: false, errors };
  const linked = linkMasters(entities, (name) => pointers.get(name) ?? '');
  errors.push(...linked.errors);
  for (const [name, master] of linked.masters) entities.set(name, { ...entities.get(name)!, master });
  errors.push(...linkDocuments(valid, entities));
  if (errors.length) return { ok: false, errors };
  errors.push(...checkAutomations(valid, entities));
  errors.push(...checkReminders(valid, entities));
  if (errors.length) return { ok: false, errors };

  const documents = new Map<string, Map<string, MetadataDocument>>();
  for (const { document } of valid) {
    if (document.kind === 'entity' && (document as EntityDocument).extends) continue;
    if (!documents.has(document.kind)) documents.set(document.kind, new Map());
    documents.get(document.kind)!.set(document.name, document);
  }
  // Views, forms and menus are compiled once their names are known to resolve (linkDocuments).
  const named =
    <K extends MetadataKind>(kind: K) =>
    (name: string) =>
      documents.get(kind)?.get(name) as DocumentOfKind<K> | undefined;
  const views = compileAll(valid, 'view', compileView);
  const forms = compileAll(valid, 'form', compileForm);
  const menus = compileAll(valid, 'menu', (doc) => compileMenu(doc, { report: named('report'), dashboard: named('dashboard') }));
  const roleNames = new Set(roles.keys());
  const approvals = new Map(
    valid
      .filter((v): v is typeof v & { document: DocumentOfKind<'approval'> } => v.document.kind === 'approval')
      .map(({ document, pointer }) => [document.name, compileApproval(document, { entities, roles: roleNames, pointer, errors })]),
  );
  if (errors.length) return { ok: false, errors };
  const reminders = compileAll(valid, 'reminder', compileReminder);
  const automations = compileAll(valid, 'automation', compileAutomation);
  const actions = compileActions(valid, entities, errors);
  errors.push(...roleActionErrors(valid));
  if (errors.length) return { ok: false, errors };
  const reports = new Map(ofKind(valid, 'report').map(({ document, pointer }) => [document.name, compileReport(document, { entities, pointer, errors })]));
  const dashboards = new Map(
    ofKind(valid, 'dashboard').map(({ document, pointer }) => [document.name, compileDashboard(document, { reports, pointer, errors })]),
  );
  errors.push(...roleHomeErrors(ofKind(valid, 'role'), dashboards));
  const roleHomes = new Map(ofKind(valid, 'role').flatMap(({ document }) => (document.home ? [[document.name, document.home] as const] : [])));
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    model: deepFreeze({
      kind: 'model',
      revision,
      entities,
      views,
      forms,
      roles,
      menus,
      approvals,
      reminders,
      automations,
      actions,
      reports,
      dashboards,
      roleHomes,
      documents,
    }) as CompiledModel,
  };
}

/** The valid documents of one kind, with their pointers. */
function ofKind<K extends MetadataKind>(valid: readonly { document: MetadataDocument; pointer: string }[], kind: K) {
  return valid.filter((v): v is { document: DocumentOfKind<K>; pointer: string } => v.document.kind === kind);
}

/** The documents of one kind compiled, by name. */
function compileAll<K extends MetadataKind, T>(
  valid: readonly { document: MetadataDocument }[],
  kind: K,
  compile: (doc: DocumentOfKind<K>) => T,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const { document } of valid) if (document.kind === kind) out.set(document.name, compile(document as DocumentOfKind<K>));
  return out;
}

/** Entities some role reads with scope `team`: their list indexes get team-led companions (compile-entity.ts). */
function entitiesReadAtTeamScope(roles: ReadonlyMap<string, CompiledRole>): Set<string> {
  const names = new Set<string>();
  for (const role of roles.values()) for (const [entity, grant] of role.grants) if (grant.read === 'team') names.add(entity);
  return names;
}

/** compileModel for callers that want an exception (CLI, start-up). */
export function compileModelOrThrow(sources: readonly SourcedDocument[], revision = 0): CompiledModel {
  const result = compileModel(sources, revision);
  if (!result.ok) throw loomErrors('LOOM_ERR_META_INVALID', result.errors);
  return result.model;
}

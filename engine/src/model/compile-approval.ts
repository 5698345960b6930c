import type { ApprovalDocument, ApprovalMode, ApprovalStep, Approvers, ProcessAction } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import { isContextVar, logicVars } from '../logic/index.ts';
import type { CompiledEntity } from './compiled-model.ts';
import { isUserField } from './field-types/field-predicates.ts';
import { resolveFieldPath } from './resolve-field-path.ts';

/** One step as the approvals part runs it: defaults filled in, its timeout in milliseconds, returnTo as an index. */
export interface CompiledApprovalStep extends Readonly<ApprovalStep> {
  readonly index: number;
  readonly approvers: Readonly<Approvers>;
  readonly mode: ApprovalMode;
  readonly allowReassign: boolean;
  readonly allowAddApprover: boolean;
  /** How long the step may wait before its timeout acts. */
  readonly timeoutMs?: number;
  /** The earlier step a rejection goes back to. */
  readonly returnToIndex?: number;
}

/** A published `approval` document as the process engine runs it. */
export interface CompiledApproval extends Readonly<Omit<ApprovalDocument, 'steps'>> {
  readonly lock: boolean;
  readonly allowSelfApproval: boolean;
  readonly steps: readonly CompiledApprovalStep[];
  /**
   * The values the approval's outcome gives fields (`onApproved`/`onRejected` `set` with a
   * literal, e.g. status "approved"): only the approval may write them (approval-hooks.ts).
   */
  readonly ownedValues: Readonly<Record<string, readonly (string | number | boolean)[]>>;
}

/** What checking an approval's references needs from the rest of the model; without it, nothing is checked. */
export interface ApprovalLinkContext {
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  readonly roles: ReadonlySet<string>;
  readonly pointer: string;
  readonly errors: ProblemItem[];
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** "48h" → milliseconds (the schema allows m, h, d and w). */
export function durationMs(duration: string): number {
  const unit = duration.slice(-1) as keyof typeof UNIT_MS;
  return Number(duration.slice(0, -1)) * UNIT_MS[unit];
}

export function compileApproval(document: ApprovalDocument, link?: ApprovalLinkContext): CompiledApproval {
  if (link) checkApproval(document, link);
  const names = document.steps.map((s) => s.name);
  const steps = document.steps.map((step, index) => {
    const returnToIndex = step.returnTo === undefined ? -1 : names.indexOf(step.returnTo);
    return {
      ...step,
      index,
      mode: step.mode ?? 'any',
      allowReassign: step.allowReassign ?? true,
      allowAddApprover: step.allowAddApprover ?? true,
      ...(step.timeout ? { timeoutMs: durationMs(step.timeout.after) } : {}),
      ...(returnToIndex >= 0 && returnToIndex < index ? { returnToIndex } : {}),
    };
  });
  return { ...document, lock: document.lock ?? true, allowSelfApproval: document.allowSelfApproval ?? false, steps, ownedValues: ownedValues(document) };
}

function ownedValues(document: ApprovalDocument): Record<string, (string | number | boolean)[]> {
  const owned: Record<string, (string | number | boolean)[]> = {};
  for (const action of [...(document.onApproved ?? []), ...(document.onRejected ?? [])] as ProcessAction[]) {
    if (!('set' in action)) continue;
    for (const [field, value] of Object.entries(action.set)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      const values = (owned[field] ??= []);
      if (!values.includes(value)) values.push(value);
    }
  }
  return owned;
}

/** References an approval makes: its steps, their approvers, conditions and returnTo, and the fields its outcome sets. */
function checkApproval(doc: ApprovalDocument, link: ApprovalLinkContext): void {
  const fail = (path: string, message: string) => link.errors.push({ path: link.pointer + path, message });
  const entity = link.entities.get(doc.entity);
  // An unknown entity is reported by linkDocuments; nothing here can be checked without it.
  if (!entity) return;
  const seen = new Set<string>();
  doc.steps.forEach((step, i) => {
    const at = `/steps/${i}`;
    if (seen.has(step.name)) fail(`${at}/name`, `another step is also named "${step.name}"`);
    if (step.returnTo !== undefined && !seen.has(step.returnTo)) {
      const later = doc.steps.some((s) => s.name === step.returnTo);
      fail(
        `${at}/returnTo`,
        later ? `"${step.returnTo}" is not an earlier step: a rejection can only go back` : `there is no earlier step named "${step.returnTo}"`,
      );
    }
    seen.add(step.name);
    const approvers = step.approvers as Partial<Record<'role' | 'users' | 'managerOf' | 'field', unknown>>;
    if (typeof approvers.role === 'string' && !link.roles.has(approvers.role)) fail(`${at}/approvers/role`, `no role named "${approvers.role}"`);
    for (const key of ['managerOf', 'field'] as const) {
      const path = approvers[key];
      if (typeof path === 'string') checkUserPath(entity, path, `${at}/approvers/${key}`, link, fail);
    }
    if (step.when !== undefined) checkLogic(entity, step.when, `${at}/when`, link, fail);
  });
  for (const key of ['onSubmitted', 'onRecalled', 'onApproved', 'onRejected'] as const) {
    (doc[key] ?? []).forEach((action, i) => {
      if (!('set' in action)) return;
      for (const field of Object.keys(action.set)) {
        if (!Object.hasOwn(entity.fields, field)) fail(`/${key}/${i}/set/${field}`, `"${field}" is not a field of ${entity.name}`);
      }
    });
  }
}

function checkUserPath(entity: CompiledEntity, path: string, at: string, link: ApprovalLinkContext, fail: (path: string, message: string) => void) {
  const steps = resolveFieldPath(entity, path, link.entities);
  if (!steps) return fail(at, `"${path}" is not a field of ${entity.name}`);
  const last = steps[steps.length - 1].field;
  if (!isUserField(last)) fail(at, `"${path}" is a ${last.type} field; approvers come from a user field (or a lookup path to one, such as "parent.owner")`);
}

function checkLogic(entity: CompiledEntity, expr: unknown, at: string, link: ApprovalLinkContext, fail: (path: string, message: string) => void) {
  for (const v of logicVars(expr)) {
    if (!isContextVar(v.path) && !resolveFieldPath(entity, v.path, link.entities)) fail(at + v.pointer, `"${v.path}" is not a field of ${entity.name}`);
  }
}

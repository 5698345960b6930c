import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../data/actor.ts';
import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { CompiledApproval, CompiledApprovalStep } from '../../model/compile-approval.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import type { ProcessServices } from '../process-services.ts';
import { lockInstance, type InstanceRow } from './approval-store.ts';
import type { Flow } from './step-flow.ts';

export function instanceNotFound(id: string) {
  return localizedError('LOOM_ERR_APPROVAL_NOT_FOUND', message('approval.instanceNotFound', { id: String(id).slice(0, 64) }));
}

/** The approval and entity an instance runs under; an instance whose metadata is gone cannot move. */
export function approvalOf(services: ProcessServices, name: string): { approval: CompiledApproval; entity: CompiledEntity } | undefined {
  const model = services.model();
  const approval = model.approvals.get(name);
  const entity = approval && model.entities.get(approval.entity);
  return approval && entity ? { approval, entity } : undefined;
}

/** Locks the instance and makes its flow; 404 for an unknown id. */
export async function openFlow(services: ProcessServices, trx: Kysely<any>, id: string, depth = 0): Promise<Flow> {
  const instance = await lockInstance(trx, id);
  const found = instance && approvalOf(services, instance.approval);
  if (!instance || !found) throw instanceNotFound(id);
  const { tasks, ...row } = instance;
  return { services, trx, model: services.model(), ...found, instance: row, tasks, now: services.now(), depth };
}

/**
 * Whether a person may see an instance: its submitter, anyone who was ever asked to approve it,
 * and whoever may read its record. Everyone else gets the 404 an unknown id gets.
 */
export async function maySee(services: ProcessServices, db: Kysely<any>, instance: InstanceRow, actor: Actor): Promise<boolean> {
  if (actor.admin || (actor.id && instance.submitted_by === actor.id)) return true;
  if (actor.id) {
    const { rows } = await sql`select 1 from loom.approval_tasks where instance_id = ${instance.id}::uuid and user_id = ${actor.id}::uuid limit 1`.execute(db);
    if (rows.length) return true;
  }
  return mayReadRecord(services, instance.entity, instance.record_id, actor);
}

export async function mayReadRecord(services: ProcessServices, entity: string, id: string, actor: Actor): Promise<boolean> {
  try {
    await services.records.get(entity, id, { fields: 'id' }, actor);
    return true;
  } catch {
    return false;
  }
}

/**
 * A refusal to answer only to someone who may see the instance; anyone else gets a 404. Whether
 * they may read the record is asked after the transaction (the record service reads outside
 * it, and an embedded database has one connection), so this is thrown first and settled by
 * `settleRefusal` once the transaction has rolled back.
 */
export class Refusal extends Error {
  constructor(
    readonly instance: InstanceRow,
    readonly actor: Actor,
    readonly refusal: Error,
  ) {
    super(refusal.message);
  }
}

export function refuseVisibly(_services: ProcessServices, flow: Flow, actor: Actor, refusal: Error): never {
  throw new Refusal(flow.instance, actor, refusal);
}

/** The refusal a Refusal stands for: its own error, or 404 for someone who may not see the instance. */
export async function settleRefusal(services: ProcessServices, error: unknown): Promise<never> {
  if (!(error instanceof Refusal)) throw error;
  if (!(await maySee(services, services.db, error.instance, error.actor))) throw instanceNotFound(error.instance.id);
  throw error.refusal;
}

/**
 * The step a pending instance waits at, found by name (a publish may have moved or removed
 * steps since); 409 when the approval no longer has it (recall and submit again).
 */
export function currentStep(flow: Flow): CompiledApprovalStep {
  const step = flow.approval.steps.find((s) => s.name === flow.instance.step_name);
  if (!step)
    throw localizedError(
      'LOOM_ERR_APPROVAL_NOT_PENDING',
      message('approval.stepGone', { step: flow.instance.step_name ?? '', approval: approvalTerm(flow.approval) }),
    );
  return step;
}

/** currentStep for a person: its 409 only to someone who may see the instance. */
export function currentStepFor(services: ProcessServices, flow: Flow, actor: Actor): CompiledApprovalStep {
  try {
    return currentStep(flow);
  } catch (error) {
    return refuseVisibly(services, flow, actor, error as Error);
  }
}

export function stepTerm(flow: Flow) {
  const step = flow.approval.steps.find((s) => s.name === flow.instance.step_name);
  return { name: step?.name ?? flow.instance.step_name ?? '', label: step?.label };
}

export function approvalTerm(approval: CompiledApproval) {
  return { name: approval.name, label: approval.label };
}

export const STATUS_TEXT = {
  pending: { en: 'pending', 'zh-CN': '审批中' },
  approved: { en: 'approved', 'zh-CN': '已通过' },
  rejected: { en: 'rejected', 'zh-CN': '已驳回' },
  recalled: { en: 'recalled', 'zh-CN': '已撤回' },
} as const;

/** 409 for an instance that is no longer pending (decided or recalled). */
export function notPending(flow: Flow) {
  return localizedError('LOOM_ERR_APPROVAL_NOT_PENDING', message('approval.notPending', { status: { text: STATUS_TEXT[flow.instance.status] } }));
}

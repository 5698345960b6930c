import { sql, type Kysely } from 'kysely';
import type { ApprovalMode } from '@loom/metadata';
import type { Actor } from '../../data/actor.ts';
import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { ProcessServices } from '../process-services.ts';
import { addEvent, answerTask, type TaskStatus } from './approval-store.ts';
import { approvalTerm, currentStep, currentStepFor, notPending, openFlow, refuseVisibly, stepTerm } from './open-flow.ts';
import { stepDecided, type Flow } from './step-flow.ts';

/**
 * A step's outcome from its approvers' answers, or undefined while it is open. `any`: the first
 * answer decides, approve or reject. `all`: every approver approves; one rejection rejects.
 * `{ratio}`: approved once that share of the approvers has approved (rounded up, at least one);
 * rejected once so many have rejected that the share can no longer be reached.
 */
export function stepOutcome(mode: ApprovalMode, statuses: readonly TaskStatus[]): 'approved' | 'rejected' | undefined {
  const counted = statuses.filter((s) => s === 'waiting' || s === 'approved' || s === 'rejected');
  const approved = counted.filter((s) => s === 'approved').length;
  const rejected = counted.filter((s) => s === 'rejected').length;
  const waiting = counted.length - approved - rejected;
  if (mode === 'any') return approved ? 'approved' : rejected ? 'rejected' : undefined;
  if (mode === 'all') return rejected ? 'rejected' : waiting === 0 ? 'approved' : undefined;
  const needed = Math.max(1, Math.ceil(mode.ratio * counted.length - 1e-9));
  if (approved >= needed) return 'approved';
  return counted.length - rejected < needed ? 'rejected' : undefined;
}

/**
 * A person approves or rejects the step an instance is at, with a comment. The instance row is
 * locked first, so of two decisions at once the second sees the first: a step already decided
 * (or an answer already given) is a 409, never a second outcome.
 */
export async function decide(
  services: ProcessServices,
  trx: Kysely<any>,
  actor: Actor,
  id: string,
  decision: 'approve' | 'reject',
  comment: string | null,
): Promise<void> {
  const flow = await openFlow(services, trx, id);
  if (flow.instance.status !== 'pending') return refuseVisibly(services, flow, actor, notPending(flow));
  const step = currentStepFor(services, flow, actor);
  const tasks = flow.tasks;
  const mine = tasks.find((t) => t.user_id === actor.id && t.status === 'waiting');
  if (!mine) {
    // Asked at this step before (answered, or closed when another answer decided it and the
    // instance moved on): the decision came too late, not from a stranger.
    const answered = tasks.some((t) => t.user_id === actor.id) || (await wasAsked(trx, flow.instance.id, actor.id));
    const refusal = answered
      ? localizedError('LOOM_ERR_APPROVAL_ALREADY_DECIDED', message('approval.alreadyDecided', { step: stepTerm(flow), approval: approvalTerm(flow.approval) }))
      : localizedError('LOOM_ERR_APPROVAL_NOT_APPROVER', message('approval.notApprover', { step: stepTerm(flow), approval: approvalTerm(flow.approval) }));
    return refuseVisibly(services, flow, actor, refusal);
  }
  const status = decision === 'approve' ? 'approved' : 'rejected';
  const answer = {
    taskId: mine.id,
    status,
    event: { instanceId: flow.instance.id, at: flow.now, actor: actor.id, action: decision, step: step.name, comment },
  } as const;
  const outcome = stepOutcome(
    step.mode,
    tasks.map((t) => (t.id === mine.id ? status : t.status)),
  );
  // An answer that decides the step is written by whatever the outcome writes next (ending the approval: one statement for both).
  if (outcome) await stepDecided(flow, step, outcome, actor.id, answer);
  else await answerTask(trx, answer);
}

/** A step decided without its approvers (a timeout that approves or rejects): recorded as the system's. */
export async function decideStep(flow: Flow, decision: 'approve' | 'reject', comment: string | null): Promise<void> {
  const step = currentStep(flow);
  await addEvent(flow.trx, { instanceId: flow.instance.id, at: flow.now, actor: null, action: decision, step: step.name, comment });
  await stepDecided(flow, step, decision === 'approve' ? 'approved' : 'rejected', null);
}

async function wasAsked(trx: Kysely<any>, instanceId: string, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const { rows } = await sql`select 1 from loom.approval_tasks where instance_id = ${instanceId}::uuid and user_id = ${userId}::uuid limit 1`.execute(trx);
  return rows.length > 0;
}

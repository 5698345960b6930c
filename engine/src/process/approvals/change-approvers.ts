import type { Kysely } from 'kysely';
import type { Actor } from '../../data/actor.ts';
import { localizedError, loomErrors, problemAt } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { ProcessServices } from '../process-services.ts';
import { addEvent, insertTasks, setTask } from './approval-store.ts';
import { activeUsers, isUuid } from './approvers.ts';
import { approvalTerm, currentStepFor, notPending, openFlow, refuseVisibly, stepTerm } from './open-flow.ts';
import { notifyApprovers } from './step-flow.ts';

/**
 * An approver of the current step hands their decision to someone else (`reassign`, when the
 * step's allowReassign is not false) or asks one more person at the step (`add`, when its
 * allowAddApprover is not false). The new person must be an active user who is not already an
 * approver of the step, and not the submitter unless the approval allows self-approval.
 */
export async function changeApprovers(
  services: ProcessServices,
  trx: Kysely<any>,
  actor: Actor,
  id: string,
  change: { kind: 'reassign' | 'add'; user: string; comment: string | null },
): Promise<void> {
  const flow = await openFlow(services, trx, id);
  if (flow.instance.status !== 'pending') return refuseVisibly(services, flow, actor, notPending(flow));
  const step = currentStepFor(services, flow, actor);
  const tasks = flow.tasks;
  const mine = tasks.find((t) => t.user_id === actor.id && t.status === 'waiting');
  const terms = { step: stepTerm(flow), approval: approvalTerm(flow.approval) };
  if (!mine) return refuseVisibly(services, flow, actor, localizedError('LOOM_ERR_APPROVAL_NOT_APPROVER', message('approval.notApprover', terms)));
  const allowed = change.kind === 'reassign' ? step.allowReassign : step.allowAddApprover;
  if (!allowed) {
    const what = change.kind === 'reassign' ? { en: 'reassigning', 'zh-CN': '转交' } : { en: 'adding an approver', 'zh-CN': '加签' };
    throw localizedError('LOOM_ERR_APPROVAL_NOT_ALLOWED', message('approval.notAllowed', { ...terms, what: { text: what } }));
  }
  const path = change.kind === 'reassign' ? '/to' : '/user';
  if (!isUuid(change.user) || !(await activeUsers(trx, [change.user])).length) {
    throw loomErrors('LOOM_ERR_APPROVAL_INVALID', [problemAt(path, message('approval.invalidUser'))]);
  }
  if (!flow.approval.allowSelfApproval && change.user === flow.instance.submitted_by) {
    throw loomErrors('LOOM_ERR_APPROVAL_INVALID', [problemAt(path, message('approval.selfApprover'))]);
  }
  if (tasks.some((t) => t.user_id === change.user && (t.status === 'waiting' || t.status === 'approved' || t.status === 'rejected'))) {
    throw loomErrors('LOOM_ERR_APPROVAL_INVALID', [problemAt(path, message('approval.alreadyApprover'))]);
  }
  if (change.kind === 'reassign') await setTask(trx, mine.id, 'reassigned', flow.now, change.comment);
  await insertTasks(trx, flow.instance.id, flow.instance.occurrence, step.name, [change.user], flow.now);
  await addEvent(trx, {
    instanceId: flow.instance.id,
    at: flow.now,
    actor: actor.id,
    action: change.kind === 'reassign' ? 'reassigned' : 'added',
    step: step.name,
    comment: change.comment,
    target: change.user,
  });
  await notifyApprovers(flow, [change.user], 'waitingTitle', `approval:${flow.instance.id}:${flow.instance.occurrence}:${change.kind}:${change.user}`, step);
}

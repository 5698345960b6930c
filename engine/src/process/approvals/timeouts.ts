import { sql, type Kysely } from 'kysely';
import type { ProcessServices, SweepWindow } from '../process-services.ts';
import { addEvent, clearDue, insertTasks, setTask } from './approval-store.ts';
import { activeManagerOf } from './approvers.ts';
import { decideStep } from './decide.ts';
import { approvalOf, currentStep, openFlow } from './open-flow.ts';
import { notifyApprovers, type Flow } from './step-flow.ts';

/**
 * The step timeouts that fell due up to the window's end, each acted on once per step
 * occurrence: the overdue steps are found in one statement (an index on due_at), locked (another
 * instance sweeping at once skips them), and each has its due time cleared as it is handled, in
 * the sweep's transaction. A step entered again (returnTo) has a new due time.
 */
export async function sweepTimeouts(services: ProcessServices, trx: Kysely<any>, window: SweepWindow): Promise<number> {
  const { rows } = await sql<{ id: string; approval: string }>`
    select id::text as id, approval from loom.approval_instances
    where status = 'pending' and due_at is not null and due_at <= ${window.to}
    order by due_at for update skip locked`.execute(trx);
  for (const { id, approval } of rows) {
    await clearDue(trx, id);
    // An approval unpublished, or a step gone from it, has nothing to time out (and must not stop the sweep).
    if (!approvalOf(services, approval)) continue;
    const flow = await openFlow(services, trx, id, 1);
    const step = flow.approval.steps.find((s) => s.name === flow.instance.step_name);
    if (!step?.timeout) continue;
    const then = step.timeout.then;
    if (then === 'remind') await remind(flow);
    else if (then === 'escalate') await escalate(flow);
    else await decideStep(flow, then, null);
  }
  return rows.length;
}

async function remind(flow: Flow): Promise<void> {
  const step = currentStep(flow);
  const waiting = flow.tasks.filter((t) => t.status === 'waiting').map((t) => t.user_id);
  await addEvent(flow.trx, { instanceId: flow.instance.id, at: flow.now, actor: null, action: 'reminded', step: step.name });
  await notifyApprovers(flow, waiting, 'reminderTitle', `approval:${flow.instance.id}:${flow.instance.occurrence}:reminder`, step);
}

/**
 * Each approver still waiting hands the step to their first active manager (who is not the
 * submitter, unless self-approval is allowed, and not already at the step). An approver with no
 * such manager keeps the task.
 */
async function escalate(flow: Flow): Promise<void> {
  const step = currentStep(flow);
  const tasks = flow.tasks;
  const present = new Set(tasks.filter((t) => t.status === 'waiting' || t.status === 'approved' || t.status === 'rejected').map((t) => t.user_id));
  const added: string[] = [];
  for (const task of tasks.filter((t) => t.status === 'waiting')) {
    const manager = await activeManagerOf(flow.trx, task.user_id);
    if (!manager || present.has(manager) || (!flow.approval.allowSelfApproval && manager === flow.instance.submitted_by)) continue;
    await setTask(flow.trx, task.id, 'escalated', flow.now, null);
    await insertTasks(flow.trx, flow.instance.id, flow.instance.occurrence, step.name, [manager], flow.now);
    await addEvent(flow.trx, { instanceId: flow.instance.id, at: flow.now, actor: null, action: 'escalated', step: step.name, target: manager });
    present.add(manager);
    added.push(manager);
  }
  await notifyApprovers(flow, added, 'waitingTitle', `approval:${flow.instance.id}:${flow.instance.occurrence}:escalated`, step);
}

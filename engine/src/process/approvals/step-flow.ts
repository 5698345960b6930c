import type { Kysely } from 'kysely';
import type { ProcessAction } from '@loom/metadata';
import { SYSTEM_ACTOR } from '../../data/actor.ts';
import type { CompiledApproval, CompiledApprovalStep } from '../../model/compile-approval.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { DirectNotification, ProcessServices } from '../process-services.ts';
import { addEvent, answerTask, finishInstance, insertTasks, setStep, type Answer, type InstanceRow, type TaskRow } from './approval-store.ts';
import { approvalText } from './approval-texts.ts';
import { resolveApprovers } from './approvers.ts';
import { conditionHolds } from './record-facts.ts';

/** One instance being moved along, inside the transaction that moves it. */
export interface Flow {
  readonly services: ProcessServices;
  readonly trx: Kysely<any>;
  readonly model: CompiledModel;
  readonly approval: CompiledApproval;
  readonly entity: CompiledEntity;
  readonly instance: InstanceRow;
  /** The tasks of the step occurrence the instance was at when it was locked. */
  readonly tasks: readonly TaskRow[];
  readonly now: Date;
  /** How many process steps led here (a submit from an automation is one deeper than a person's). */
  readonly depth: number;
}

const label = (flow: Flow) => flow.approval.label ?? flow.approval.name;
const stepLabel = (step: CompiledApprovalStep) => step.label ?? step.name;
const title = (flow: Flow) => flow.instance.title ?? flow.entity.label ?? flow.entity.name;

/**
 * Goes to the first step from `from` on whose `when` holds for the record as it is now; steps
 * whose `when` does not hold are skipped (and say so in the history). Past the last step, the
 * approval is approved.
 */
export async function advance(flow: Flow, from: number, actor: string | null, answer?: Answer): Promise<void> {
  // Past the last step the answer is written with the end; else before the steps' events.
  if (answer && from < flow.approval.steps.length) await answerTask(flow.trx, answer);
  for (let i = from; i < flow.approval.steps.length; i++) {
    const step = flow.approval.steps[i];
    if (await conditionHolds(flow.trx, flow.model, flow.entity, flow.instance.record_id, step.when, flow.now)) return enterStep(flow, step);
    await addEvent(flow.trx, { instanceId: flow.instance.id, at: flow.now, actor: null, action: 'skipped', step: step.name });
  }
  await finish(flow, 'approved', actor, from < flow.approval.steps.length ? undefined : answer);
}

/** Puts the instance at a step: a new occurrence, a task for each approver, and a notification to each. */
export async function enterStep(flow: Flow, step: CompiledApprovalStep): Promise<void> {
  const approvers = await resolveApprovers(flow.trx, flow.model, flow.approval, flow.entity, flow.instance.record_id, step, flow.instance.submitted_by);
  const dueAt = step.timeoutMs === undefined ? null : new Date(flow.now.getTime() + step.timeoutMs);
  const occurrence = await setStep(flow.trx, flow.instance.id, { index: step.index, name: step.name, now: flow.now, dueAt });
  await insertTasks(flow.trx, flow.instance.id, occurrence, step.name, approvers, flow.now);
  await addEvent(flow.trx, { instanceId: flow.instance.id, at: flow.now, actor: null, action: 'step', step: step.name });
  await notifyApprovers(flow, approvers, 'waitingTitle', `approval:${flow.instance.id}:${occurrence}:waiting`, step);
}

export async function notifyApprovers(
  flow: Flow,
  users: readonly string[],
  titleKey: 'waitingTitle' | 'reminderTitle',
  key: string,
  step: CompiledApprovalStep,
): Promise<void> {
  if (!users.length) return;
  await flow.services.notifyUsers(flow.trx, {
    users,
    title: approvalText(titleKey, { approval: label(flow) }),
    message: approvalText('waitingMessage', { title: title(flow), step: stepLabel(step) }),
    link: { entity: flow.entity.name, id: flow.instance.record_id },
    source: `approval:${flow.approval.name}`,
    key,
  });
}

/**
 * A step's outcome: approved goes on to the next step; rejected goes back to the step's
 * `returnTo`, or ends the approval rejected. Approvers still waiting at the step are done.
 * `answer`: the decision that decided it, not yet written.
 */
export async function stepDecided(
  flow: Flow,
  step: CompiledApprovalStep,
  outcome: 'approved' | 'rejected',
  actor: string | null,
  answer?: Answer,
): Promise<void> {
  // The approvers still waiting are done when the instance moves to a step or ends (setStep, finishInstance).
  if (outcome === 'approved') return advance(flow, step.index + 1, actor, answer);
  if (step.returnToIndex === undefined) return finish(flow, 'rejected', actor, answer);
  if (answer) await answerTask(flow.trx, answer);
  const back = flow.approval.steps[step.returnToIndex];
  await addEvent(flow.trx, { instanceId: flow.instance.id, at: flow.now, actor, action: 'returned', step: back.name });
  await notifySubmitter(flow, 'returnedTitle', 'returnedMessage', `approval:${flow.instance.id}:${flow.instance.occurrence}:returned`, {
    step: stepLabel(back),
  });
  await advance(flow, step.returnToIndex, actor);
}

/**
 * Ends the approval: its status, then the outcome's metadata actions (onApproved/onRejected) in
 * this same transaction, written as the approval (which owns the fields it sets) on behalf of
 * whoever made the last decision, and a notification to the submitter. `answer`: the decision
 * that ended it, written by the same statement.
 */
export async function finish(flow: Flow, outcome: 'approved' | 'rejected', actor: string | null, answer?: Answer): Promise<void> {
  const notice = submitterNotice(
    flow,
    outcome === 'approved' ? 'approvedTitle' : 'rejectedTitle',
    outcome === 'approved' ? 'approvedMessage' : 'rejectedMessage',
    `approval:${flow.instance.id}:${outcome}`,
    {},
  );
  // The notice is written by the statement that ends the instance when it can be (inbox only).
  const along = notice && flow.services.notifyUsersAlong(notice);
  await finishInstance(flow.trx, flow.instance.id, outcome, flow.now, { actor, action: outcome }, answer, along);
  await runActions(flow, (outcome === 'approved' ? flow.approval.onApproved : flow.approval.onRejected) ?? [], outcome, actor);
  if (notice && !along) await flow.services.notifyUsers(flow.trx, notice);
}

/**
 * Metadata actions of the approval (onSubmitted, onRecalled, onApproved, onRejected) in this
 * transaction, written as the approval (which owns what it sets) on behalf of the person whose
 * act it is: the history shows them, the lock and owned fields do not stop it.
 */
export async function runActions(flow: Flow, actions: readonly ProcessAction[], occasion: string, actor: string | null): Promise<void> {
  if (!actions.length) return;
  const source = `approval:${flow.approval.name}`;
  const ctx = flow.services.records.writeContextFor(SYSTEM_ACTOR, { actorId: actor, now: flow.now, process: source, depth: flow.depth });
  await flow.services.runEffects(flow.trx, ctx, {
    entity: flow.entity,
    recordId: flow.instance.record_id,
    actions,
    source,
    key: `approval:${flow.instance.id}:${occasion}`,
  });
}

async function notifySubmitter(
  flow: Flow,
  titleKey: 'approvedTitle' | 'rejectedTitle' | 'returnedTitle',
  messageKey: 'approvedMessage' | 'rejectedMessage' | 'returnedMessage',
  key: string,
  params: Record<string, string | Record<string, string>>,
): Promise<void> {
  const notice = submitterNotice(flow, titleKey, messageKey, key, params);
  if (notice) await flow.services.notifyUsers(flow.trx, notice);
}

/** What the submitter is told of an outcome (none when the system submitted). */
function submitterNotice(
  flow: Flow,
  titleKey: 'approvedTitle' | 'rejectedTitle' | 'returnedTitle',
  messageKey: 'approvedMessage' | 'rejectedMessage' | 'returnedMessage',
  key: string,
  params: Record<string, string | Record<string, string>>,
): DirectNotification | undefined {
  if (!flow.instance.submitted_by) return undefined;
  return {
    users: [flow.instance.submitted_by],
    title: approvalText(titleKey, { approval: label(flow) }),
    message: approvalText(messageKey, { title: title(flow), ...params }),
    link: { entity: flow.entity.name, id: flow.instance.record_id },
    source: `approval:${flow.approval.name}`,
    key,
  };
}

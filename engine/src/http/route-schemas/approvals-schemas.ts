import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { DATE_TIME, UUID } from './common-schemas.ts';

/** Approvals: submit, decide, recall, reassign, add an approver, the inbox and a record's history (approvals.plugin.ts). */

const TAG = ['Approvals'];

const LABEL: JsonSchema = {
  description: 'A label: one text, or a text per locale.',
  oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }],
};
const USER_REF: JsonSchema = { type: 'object', properties: { id: UUID, name: { type: 'string' } }, required: ['id', 'name'] };
const NULLABLE_USER: JsonSchema = { oneOf: [USER_REF, { type: 'null' }] };
const NULLABLE_TIME: JsonSchema = { oneOf: [DATE_TIME, { type: 'null' }] };
const STEP_REF: JsonSchema = { type: 'object', properties: { name: { type: 'string' }, label: LABEL }, required: ['name', 'label'] };
const COMMENT = { type: ['string', 'null'], maxLength: 2000, description: 'Why (kept in the history).' } as const;

const instance: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    approval: { type: 'string', description: 'The approval document.' },
    approvalLabel: LABEL,
    entity: { type: 'string' },
    record: UUID,
    title: { type: ['string', 'null'], description: "The record's title when it was submitted." },
    round: { type: 'integer', description: '1 for the first submission of the record to this approval, 2 for the next, …' },
    status: { enum: ['pending', 'approved', 'rejected', 'recalled'] },
    submitter: NULLABLE_USER,
    submittedAt: DATE_TIME,
    decidedAt: NULLABLE_TIME,
    step: {
      description: 'The step it waits at (pending only).',
      oneOf: [
        {
          type: 'object',
          properties: { name: { type: 'string' }, label: LABEL, since: NULLABLE_TIME, dueAt: NULLABLE_TIME },
          required: ['name', 'label', 'since', 'dueAt'],
        },
        { type: 'null' },
      ],
    },
    approvers: {
      type: 'array',
      description: "The current step's approvers and their answers (pending only).",
      items: {
        type: 'object',
        properties: {
          user: USER_REF,
          status: { enum: ['waiting', 'approved', 'rejected', 'reassigned', 'escalated'] },
          decidedAt: NULLABLE_TIME,
          comment: { type: ['string', 'null'] },
        },
        required: ['user', 'status', 'decidedAt', 'comment'],
      },
    },
    history: {
      type: 'array',
      description: 'Every event in order: who, when, at which step, the comment.',
      items: {
        type: 'object',
        properties: {
          at: DATE_TIME,
          action: {
            enum: [
              'submitted',
              'step',
              'skipped',
              'approve',
              'reject',
              'returned',
              'approved',
              'rejected',
              'recalled',
              'reassigned',
              'added',
              'reminded',
              'escalated',
            ],
          },
          actor: { ...NULLABLE_USER, description: 'Null for the system (a skipped step, a timeout).' },
          step: { oneOf: [STEP_REF, { type: 'null' }] },
          comment: { type: ['string', 'null'] },
          target: { ...NULLABLE_USER, description: 'Who was reassigned to, added, or escalated to.' },
        },
        required: ['at', 'action', 'actor', 'step', 'comment', 'target'],
      },
    },
    can: {
      type: 'object',
      description: 'What the caller may do now.',
      properties: {
        decide: { type: 'boolean' },
        recall: { type: 'boolean' },
        reassign: { type: 'boolean' },
        addApprover: { type: 'boolean' },
        edit: {
          type: 'boolean',
          description: 'Whether the approval lets the caller change the record now (a pending, locked approval: only its current approvers).',
        },
      },
      required: ['decide', 'recall', 'reassign', 'addApprover', 'edit'],
    },
  },
  required: [
    'id',
    'approval',
    'approvalLabel',
    'entity',
    'record',
    'title',
    'round',
    'status',
    'submitter',
    'submittedAt',
    'decidedAt',
    'step',
    'approvers',
    'history',
    'can',
  ],
};

const instanceParams: JsonSchema = { type: 'object', properties: { id: { type: 'string', description: 'The approval instance id.' } }, required: ['id'] };
const DECIDE_PROBLEMS = problems(400, 401, 403, 404, 409, 503);

export const submitSchema = {
  operationId: 'approvals_submit',
  tags: TAG,
  summary: 'Submit a record for approval',
  description:
    "The caller must be allowed to update the record; the approval's entry condition must hold (409 otherwise) and no instance of it may be pending for the record (409). Starts at the first step whose `when` holds.",
  params: { type: 'object', properties: { flow: { type: 'string', description: 'The approval document name.' } }, required: ['flow'] },
  body: { type: 'object', required: ['record'], additionalProperties: false, properties: { record: { ...UUID, description: 'The record id.' } } },
  response: { 201: json(instance, 'The new approval.'), ...problems(400, 401, 403, 404, 409, 503) },
};

const decision = (operationId: string, summary: string, description: string) => ({
  operationId,
  tags: TAG,
  summary,
  description,
  params: instanceParams,
  body: { type: 'object', additionalProperties: false, properties: { comment: COMMENT } },
  response: { 200: json(instance, 'The approval after the change.'), ...DECIDE_PROBLEMS },
});

export const approveSchema = decision(
  'approvals_approve',
  'Approve the current step',
  'Only a waiting approver of the current step (403 for others, 404 for who may not see it); 409 when the step or the approval was decided meanwhile.',
);
export const rejectSchema = decision('approvals_reject', 'Reject the current step', "Goes back to the step's `returnTo`, or ends the approval rejected.");
export const recallSchema = decision('approvals_recall', 'Recall a pending approval', 'Only its submitter, while it is pending.');

export const reassignSchema = {
  operationId: 'approvals_reassign',
  tags: TAG,
  summary: 'Hand your decision to someone else',
  description: 'A waiting approver of the current step, when the step allows reassigning.',
  params: instanceParams,
  body: { type: 'object', required: ['to'], additionalProperties: false, properties: { to: { type: 'string', description: 'A user id.' }, comment: COMMENT } },
  response: { 200: json(instance, 'The approval after the change.'), ...problems(400, 401, 403, 404, 409, 422, 503) },
};

export const addApproverSchema = {
  operationId: 'approvals_add_approver',
  tags: TAG,
  summary: 'Add an approver to the current step',
  description: 'A waiting approver of the current step, when the step allows adding approvers.',
  params: instanceParams,
  body: {
    type: 'object',
    required: ['user'],
    additionalProperties: false,
    properties: { user: { type: 'string', description: 'A user id.' }, comment: COMMENT },
  },
  response: { 200: json(instance, 'The approval after the change.'), ...problems(400, 401, 403, 404, 409, 422, 503) },
};

const inboxItem: JsonSchema = {
  type: 'object',
  properties: {
    instance: UUID,
    approval: { type: 'string' },
    approvalLabel: LABEL,
    entity: { type: 'string' },
    record: UUID,
    title: { type: ['string', 'null'] },
    step: STEP_REF,
    submitter: NULLABLE_USER,
    submittedAt: DATE_TIME,
    since: { ...DATE_TIME, description: 'When the step reached the caller.' },
    dueAt: NULLABLE_TIME,
  },
  required: ['instance', 'approval', 'approvalLabel', 'entity', 'record', 'title', 'step', 'submitter', 'submittedAt', 'since', 'dueAt'],
};

export const inboxSchema = {
  operationId: 'approvals_inbox',
  tags: TAG,
  summary: 'What waits for my decision',
  description: 'The steps where the caller is an approver who has not answered yet, oldest first (at most 200), and their count.',
  response: {
    200: json(
      { type: 'object', properties: { data: { type: 'array', items: inboxItem }, count: { type: 'integer' } }, required: ['data', 'count'] },
      'The inbox.',
    ),
    ...problems(401, 503),
  },
};

export const inboxCountSchema = {
  operationId: 'approvals_inbox_count',
  tags: TAG,
  summary: 'How many decisions wait for me',
  response: { 200: json({ type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] }, 'The count.'), ...problems(401, 503) },
};

export const recordInstancesSchema = {
  operationId: 'approvals_of_record',
  tags: TAG,
  summary: "A record's approvals and their history",
  description:
    'Every round, newest first, with every decision. 404 unless the caller may read the record. `submittable` lists the approvals the caller may submit it to now.',
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['record'],
    properties: { record: { type: 'string', description: 'The record id.' }, entity: { type: 'string', description: "The record's entity (optional)." } },
  },
  response: {
    200: json(
      {
        type: 'object',
        properties: {
          entity: { type: 'string' },
          data: { type: 'array', items: instance },
          submittable: {
            type: 'array',
            items: { type: 'object', properties: { approval: { type: 'string' }, label: LABEL }, required: ['approval', 'label'] },
          },
        },
        required: ['entity', 'data', 'submittable'],
      },
      "The record's approvals.",
    ),
    ...problems(400, 401, 404, 503),
  },
};

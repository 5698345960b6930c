import type { FastifyInstance } from 'fastify';
import { loomErrors } from '../errors/loom-error.ts';
import type { Approvals } from '../process/approvals/approvals.ts';
import { isUuid } from '../process/approvals/approvers.ts';
import { actorOf } from './request-actor.ts';
import {
  addApproverSchema,
  approveSchema,
  inboxCountSchema,
  inboxSchema,
  recallSchema,
  reassignSchema,
  recordInstancesSchema,
  rejectSchema,
  submitSchema,
} from './route-schemas/approvals-schemas.ts';
import { useStrictValidation } from './strict-validation.ts';

type Comment = { comment?: string | null };
type Id = { id: string };

/** The approval routes (spec/API.md, Processes): submit, decide, recall, reassign, add an approver, the inbox, a record's history. */
export async function approvalsPlugin(app: FastifyInstance, opts: { approvals: Approvals }) {
  useStrictValidation(app);
  const { approvals } = opts;
  const comment = (body: Comment | undefined) => {
    const text = body?.comment?.trim();
    return text ? text : null;
  };

  app.post<{ Params: { flow: string }; Body: { record: string } }>('/api/approvals/:flow/submit', { schema: submitSchema }, async (req, reply) => {
    return reply.status(201).send(await approvals.submit(actorOf(req), req.params.flow, req.body.record));
  });

  for (const decision of ['approve', 'reject'] as const) {
    const schema = decision === 'approve' ? approveSchema : rejectSchema;
    app.post<{ Params: Id; Body: Comment }>(`/api/approvals/instances/:id/${decision}`, { schema }, async (req) =>
      approvals.decide(actorOf(req), instanceId(req.params.id), decision, comment(req.body)),
    );
  }

  app.post<{ Params: Id; Body: Comment }>('/api/approvals/instances/:id/recall', { schema: recallSchema }, async (req) =>
    approvals.recall(actorOf(req), instanceId(req.params.id), comment(req.body)),
  );

  app.post<{ Params: Id; Body: Comment & { to: string } }>('/api/approvals/instances/:id/reassign', { schema: reassignSchema }, async (req) =>
    approvals.changeApprovers(actorOf(req), instanceId(req.params.id), { kind: 'reassign', user: req.body.to, comment: comment(req.body) }),
  );

  app.post<{ Params: Id; Body: Comment & { user: string } }>('/api/approvals/instances/:id/add-approver', { schema: addApproverSchema }, async (req) =>
    approvals.changeApprovers(actorOf(req), instanceId(req.params.id), { kind: 'add', user: req.body.user, comment: comment(req.body) }),
  );

  app.get('/api/approvals/inbox', { schema: inboxSchema }, async (req) => approvals.inbox(actorOf(req)));
  app.get('/api/approvals/inbox/count', { schema: inboxCountSchema }, async (req) => ({ count: await approvals.inboxCount(actorOf(req)) }));

  app.get<{ Querystring: { record: string; entity?: string } }>('/api/approvals/instances', { schema: recordInstancesSchema }, async (req) => {
    const actor = actorOf(req);
    const { record, entity } = req.query;
    const found = isUuid(record) ? await approvals.recordApprovals(actor, record, entity) : undefined;
    if (!found) throw loomErrors('LOOM_ERR_HTTP_NOT_FOUND', [{ path: '/query/record', message: 'no record with this id that you may read' }]);
    return found;
  });
}

/** An id that is no UUID names no instance: the same 404 as an unknown one, not a database error. */
function instanceId(id: string): string {
  if (!isUuid(id))
    throw loomErrors(
      'LOOM_ERR_APPROVAL_NOT_FOUND',
      [{ path: '/id', message: 'no approval with this id that you may see' }],
      `No approval with id "${String(id).slice(0, 64)}" that you may see.`,
    );
  return id;
}

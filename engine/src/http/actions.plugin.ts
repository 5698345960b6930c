import type { FastifyInstance } from 'fastify';
import { loomErrors } from '../errors/loom-error.ts';
import type { RecordActions } from '../process/actions/run-action.ts';
import { actorOf } from './request-actor.ts';
import { runActionSchema, runRecordActionSchema } from './route-schemas/actions-schemas.ts';
import { useStrictValidation } from './strict-validation.ts';
import { UUID } from '../model/field-types/reference.ts';

type Input = Record<string, unknown>;

/**
 * Record actions: `POST /api/actions/:name` on one record or a selection, and the same on
 * one record under its entity's path (`POST /api/data/:entity/:id/actions/:action`).
 */
export async function actionsPlugin(app: FastifyInstance, opts: { actions: RecordActions }) {
  useStrictValidation(app);
  const { actions } = opts;

  app.post<{ Params: { name: string }; Body: { records: string[]; input?: Input } }>('/api/actions/:name', { schema: runActionSchema }, async (req) =>
    actions.run(actorOf(req), req.params.name, { records: req.body.records, input: req.body.input }),
  );

  app.post<{ Params: { entity: string; id: string; action: string }; Body: { input?: Input } | null }>(
    '/api/data/:entity/:id/actions/:action',
    { schema: runRecordActionSchema },
    async (req) => {
      if (!UUID.test(req.params.id))
        throw loomErrors(
          'LOOM_ERR_DATA_NOT_FOUND',
          [{ path: '/id', message: 'must be a record id (a UUID)' }],
          `No ${req.params.entity.slice(0, 64)} record with id "${req.params.id.slice(0, 64)}".`,
        );
      return actions.run(actorOf(req), req.params.action, { records: [req.params.id], input: req.body?.input }, req.params.entity);
    },
  );
}

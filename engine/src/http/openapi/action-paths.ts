import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { ACTION_DESCRIPTION, ACTION_INPUT, ACTION_RESULTS } from '../route-schemas/actions-schemas.ts';
import { entityLabel as label, operation } from './entity-operation.ts';
import { json, jsonBody, parameterRef, pathParameter, problems, type PathItem } from './openapi-parts.ts';

/** `POST /api/data/<entity>/{id}/actions/{action}`: the entity's record actions, run on one record. */
export function recordActionPaths(entity: CompiledEntity, model: CompiledModel): Record<string, PathItem> {
  const names = [...model.actions.values()].filter((a) => a.entity === entity.name).map((a) => a.name);
  const actionSchema = names.length ? { type: 'string', enum: names.sort() } : { type: 'string' };
  return {
    [`/api/data/${entity.name}/{id}/actions/{action}`]: {
      parameters: [parameterRef('recordId')],
      post: operation(entity, 'action', `Run a record action on a ${label(entity)} record`, {
        description: `${ACTION_DESCRIPTION} Actions of this entity: ${names.length ? names.map((n) => `\`${n}\``).join(', ') : 'none'}.`,
        parameters: [pathParameter('action', actionSchema, "The action document's name.")],
        requestBody: { ...jsonBody({ type: 'object', additionalProperties: false, properties: { input: ACTION_INPUT } }), required: false },
        responses: { '200': json(ACTION_RESULTS, "The record's result."), ...problems(400, 403, 404, 409, 422) },
      }),
    },
  };
}

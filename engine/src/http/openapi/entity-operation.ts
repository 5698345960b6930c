import type { CompiledEntity } from '../../model/compiled-model.ts';
import { labelText } from '../../model/label-text.ts';
import { problems, type Operation } from './openapi-parts.ts';

export const entityLabel = (entity: CompiledEntity) => labelText(entity.label) ?? entity.name;

/**
 * One operation of an entity's record routes: `operationId` `<verb>_<entity>`, tagged with the
 * entity. Every record route needs the database, so each may answer 503.
 */
export function operation(entity: CompiledEntity, verb: string, summary: string, rest: Operation): Operation {
  const responses = { ...(rest.responses as Record<string, unknown>), ...problems(503) };
  return { operationId: `${verb}_${entity.name}`, tags: [entity.name], summary, ...rest, responses };
}

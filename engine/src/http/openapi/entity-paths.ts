import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { schemaRef, type EntityComponentNames } from './component-names.ts';
import { isReference } from '../../model/field-schemas.ts';
import { isLookupField } from '../../model/field-types/field-predicates.ts';
import { entityLabel as label, operation } from './entity-operation.ts';
import { json, jsonBody, parameterRef, pathParameter, problems, type PathItem, type Operation } from './openapi-parts.ts';
import { LIST_PARAMETERS, READ_PARAMETERS } from './record-parameters.ts';
import { bulkBodySchema, type JsonSchema } from './record-schemas.ts';
import { sharingPaths } from './sharing-paths.ts';
import { recordActionPaths } from './action-paths.ts';

export interface EntityPathContext {
  readonly model: CompiledModel;
  readonly names: ReadonlyMap<string, EntityComponentNames>;
}

export interface Relation {
  /** `<childEntity>.<lookupField>`, the `relation` path segment. */
  readonly name: string;
  readonly child: string;
}

/** The record routes of one entity, keyed by path. */
export function entityPaths(entity: CompiledEntity, ctx: EntityPathContext): Record<string, PathItem> {
  const base = `/api/data/${entity.name}`;
  const id = parameterRef('recordId');
  const paths: Record<string, PathItem> = {
    [base]: { get: listOperation(entity, ctx), post: createOperation(entity, ctx) },
    [`${base}/bulk`]: { post: bulkOperation(entity, ctx) },
    [`${base}/{id}`]: { parameters: [id], get: getOperation(entity, ctx), patch: patchOperation(entity, ctx), delete: deleteOperation(entity) },
    [`${base}/{id}/history`]: { parameters: [id], get: historyOperation(entity) },
    [`${base}/{id}/related/{relation}`]: { parameters: [id], get: relatedOperation(entity, ctx) },
  };
  if (entity.softDelete) {
    paths[`${base}/deleted`] = { get: deletedListOperation(entity, ctx) };
    paths[`${base}/{id}/restore`] = { parameters: [id], post: restoreOperation(entity, ctx) };
  }
  return { ...paths, ...sharingPaths(entity), ...recordActionPaths(entity, ctx.model) };
}

/** Entities with a lookup pointing at this one: the related lists a record of it has. */
export function relationsOf(entity: CompiledEntity, model: CompiledModel): Relation[] {
  const relations: Relation[] = [];
  for (const child of model.entities.values()) {
    for (const field of child.fieldList) {
      if (isLookupField(field) && field.target === entity.name) relations.push({ name: `${child.name}.${field.name}`, child: child.name });
    }
  }
  return relations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const ref = (ctx: EntityPathContext, entity: string, kind: keyof EntityComponentNames) => schemaRef(ctx.names.get(entity)![kind]);

/** Which fields the list parameters accept, so a caller need not guess (anything else is a 400). */
function fieldNotes(entity: CompiledEntity): string {
  const names = (keep: (f: CompiledEntity['fieldList'][number]) => boolean) =>
    entity.fieldList
      .filter(keep)
      .map((f) => `\`${f.name}\``)
      .join(', ') || 'none';
  return [
    `Filterable fields: ${names((f) => f.logicType !== undefined)}.`,
    `Sortable fields: ${names((f) => f.logicType !== undefined && f.logicType !== 'array')}.`,
    `Expandable fields: ${names(isReference)}.`,
    `\`q\` searches: ${entity.searchFields.map((f) => `\`${f}\``).join(', ') || 'nothing (no search fields)'}.`,
  ].join('\n\n');
}

function listOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  return operation(entity, 'list', `List ${label(entity)} records`, {
    description: [entity.description, fieldNotes(entity)].filter(Boolean).join('\n\n'),
    parameters: LIST_PARAMETERS.map(parameterRef),
    responses: { '200': json(ref(ctx, entity.name, 'list'), 'One page of records.'), ...problems(400) },
  });
}

function createOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  return operation(entity, 'create', `Create a ${label(entity)} record`, {
    description: 'Fields not given take their default. Lines fields take the child rows, written in the same transaction.',
    requestBody: jsonBody(ref(ctx, entity.name, 'create')),
    responses: { '201': json(ref(ctx, entity.name, 'record'), 'The created record, with its `id` and `version`.'), ...problems(400, 404, 409, 413, 422) },
  });
}

function getOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  return operation(entity, 'get', `Get a ${label(entity)} record`, {
    parameters: READ_PARAMETERS.map(parameterRef),
    responses: { '200': json(ref(ctx, entity.name, 'record'), 'The record.'), ...problems(400, 404) },
  });
}

function patchOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  return operation(entity, 'update', `Update a ${label(entity)} record`, {
    description:
      'Changes only the fields given (`null` clears one). Send the version you read as `If-Match` or as `version` in the body to be refused with 409 instead of overwriting a newer change.',
    parameters: [parameterRef('ifMatch')],
    requestBody: jsonBody(ref(ctx, entity.name, 'patch')),
    responses: { '200': json(ref(ctx, entity.name, 'record'), 'The updated record.'), ...problems(400, 404, 409, 413, 422) },
  });
}

function deleteOperation(entity: CompiledEntity): Operation {
  return operation(entity, 'delete', `Delete a ${label(entity)} record`, {
    description: entity.softDelete
      ? 'The record is marked deleted (`deletedAt`, `deletedBy`) and kept: it leaves every list, get, search, rollup and write, and can be restored.'
      : 'The record is removed.',
    parameters: [parameterRef('ifMatch')],
    responses: { '204': { description: 'Deleted.' }, ...problems(400, 404, 409) },
  });
}

function deletedListOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  return operation(entity, 'listDeleted', `List deleted ${label(entity)} records`, {
    description: "The deleted records the caller may read, with the list route's query parameters; sorted by `-deletedAt` unless `sort` says otherwise.",
    parameters: LIST_PARAMETERS.map(parameterRef),
    responses: { '200': json(ref(ctx, entity.name, 'list'), 'One page of deleted records.'), ...problems(400) },
  });
}

function restoreOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  return operation(entity, 'restore', `Restore a deleted ${label(entity)} record`, {
    description:
      'Brings the record back, with a new version and a `restore` entry in its history. Whoever may delete the record may restore it; a record that is not deleted is a 404.',
    responses: { '200': json(ref(ctx, entity.name, 'record'), 'The restored record.'), ...problems(400, 404) },
  });
}

function bulkOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  const schemaRefFor = (name: string, kind: 'record' | 'create' | 'patch') => `#/components/schemas/${ctx.names.get(name)![kind]}`;
  return operation(entity, 'bulk', `Create, update and delete ${label(entity)} records in one transaction`, {
    description: 'All or nothing: if any operation fails, none is applied, and the problem paths point into `operations` (e.g. `/operations/3/data/name`).',
    requestBody: jsonBody(bulkBodySchema(entity, ctx.model, { ref: schemaRefFor })),
    responses: { '200': json(schemaRef('BulkResult'), 'Every operation was applied.'), ...problems(400, 404, 409, 413, 422) },
  });
}

function historyOperation(entity: CompiledEntity): Operation {
  const history: JsonSchema = { type: 'object', properties: { data: { type: 'array', items: schemaRef('HistoryEntry') } }, required: ['data'] };
  return operation(entity, 'history', `History of a ${label(entity)} record`, {
    description: 'The audit trail, newest first: who changed which fields, from what to what.',
    responses: { '200': json(history, 'The changes to the record.'), ...problems(404) },
  });
}

function relatedOperation(entity: CompiledEntity, ctx: EntityPathContext): Operation {
  const relations = relationsOf(entity, ctx.model);
  const valid = relations.length ? relations.map((r) => `\`${r.name}\``).join(', ') : 'none: no entity has a lookup to this one';
  const lists = [...new Set(relations.map((r) => r.child))].map((child) => ref(ctx, child, 'list'));
  const schema: JsonSchema = lists.length === 1 ? lists[0] : lists.length ? { anyOf: lists } : { type: 'object' };
  const relationSchema: JsonSchema = relations.length ? { type: 'string', enum: relations.map((r) => r.name) } : { type: 'string' };
  return operation(entity, 'related', `Related records of a ${label(entity)} record`, {
    description: `Records of another entity whose lookup points at this record, listed like that entity's list route (same query parameters). Relations: ${valid}.`,
    parameters: [pathParameter('relation', relationSchema, '`<entity>.<lookupField>`'), ...LIST_PARAMETERS.map(parameterRef)],
    responses: { '200': json(schema, 'One page of related records.'), ...problems(400, 404) },
  });
}

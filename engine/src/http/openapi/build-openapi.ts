import type { CompiledModel } from '../../model/compiled-model.ts';
import { componentNames, type EntityComponentNames } from './component-names.ts';
import { entityPaths } from './entity-paths.ts';
import { metaDocumentSchema } from '../route-schemas/meta-schemas.ts';
import { FIXED_TAGS } from './fixed-tags.ts';
import { labelText } from '../../model/label-text.ts';
import { problemResponseComponents, type PathItem } from './openapi-parts.ts';
import { recordParameterComponents } from './record-parameters.ts';
import {
  bulkResultSchema,
  createBodySchema,
  historyEntrySchema,
  listResponseSchema,
  patchBodySchema,
  problemSchema,
  recordSchema,
  type JsonSchema,
  type SchemaKind,
} from './record-schemas.ts';

export interface OpenApiOptions {
  readonly title?: string;
  /** The API's version (`info.version`), e.g. the package version plus the model revision. */
  readonly version: string;
  readonly serverUrl?: string;
  /** The paths of the routes that describe themselves (route-paths.ts); without them, the record routes alone. */
  readonly routePaths?: Readonly<Record<string, PathItem>>;
}

/**
 * The OpenAPI 3.1 document of the whole API: one set of record routes per entity,
 * generated from the model, plus the routes every model has, as their own schemas describe
 * them. Pure: the same model and options give the same document (entities in name order),
 * so it can be cached per revision.
 */
export function buildOpenApi(model: CompiledModel, options: OpenApiOptions): object {
  const names = componentNames(model);
  const entities = [...model.entities.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const paths: Record<string, unknown> = {};
  for (const entity of entities) Object.assign(paths, entityPaths(entity, { model, names }));
  Object.assign(paths, options.routePaths);
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Loom API',
      version: options.version,
      description: 'Records, metadata and files. Errors are application/problem+json with a JSON pointer per problem.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...entities.map((e) => ({ name: e.name, description: labelText(e.label) ?? e.name })), ...FIXED_TAGS],
    paths,
    components: {
      schemas: componentSchemas(model, names),
      parameters: recordParameterComponents(),
      responses: problemResponseComponents(),
    },
  };
}

function componentSchemas(model: CompiledModel, names: ReadonlyMap<string, EntityComponentNames>): Record<string, JsonSchema> {
  const ref = (entity: string, kind: SchemaKind) => `#/components/schemas/${names.get(entity)![kind]}`;
  const schemas: Record<string, JsonSchema> = {
    Problem: problemSchema(),
    BulkResult: bulkResultSchema(),
    HistoryEntry: historyEntrySchema(),
    MetaDocument: metaDocumentSchema,
  };
  for (const name of [...names.keys()]) {
    const entity = model.entities.get(name)!;
    const n = names.get(name)!;
    schemas[n.record] = recordSchema(entity, model, { ref });
    schemas[n.create] = createBodySchema(entity, model);
    schemas[n.patch] = patchBodySchema(entity, model);
    schemas[n.list] = listResponseSchema(entity, model, { ref });
  }
  return schemas;
}

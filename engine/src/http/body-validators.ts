import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loomErrors, problemAt } from '../errors/loom-error.ts';
import { message } from '../errors/messages.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import { isLinesField } from '../model/field-types/field-predicates.ts';
import { DELETE_KEY } from '../data/write/lines-plan.ts';
import { bulkBodySchema, createBodySchema, patchBodySchema } from './openapi/record-schemas.ts';

type BodyKind = 'create' | 'patch' | 'bulk';

/**
 * Request-body validators compiled from the model's generated JSON Schemas, once per
 * entity and model revision (a publish brings new schemas without a restart).
 */
export function bodyValidators(currentModel: () => CompiledModel) {
  let revision = -1;
  let ajv: Ajv2020;
  const cache = new Map<string, ValidateFunction>();

  function validator(entityName: string, kind: BodyKind): ValidateFunction {
    const model = currentModel();
    if (model.revision !== revision || model.kind !== 'model') {
      revision = model.revision;
      cache.clear();
      ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
      addFormats.default(ajv);
    }
    const key = `${entityName}/${kind}`;
    let fn = cache.get(key);
    if (!fn) {
      const entity = model.entities.get(entityName)!;
      const schema = kind === 'create' ? createBodySchema(entity, model) : kind === 'patch' ? patchBodySchema(entity, model) : bulkBodySchema(entity, model);
      fn = ajv.compile(schema as object);
      cache.set(key, fn);
    }
    return fn;
  }

  return {
    check(entityName: string, kind: BodyKind, body: unknown) {
      const validate = validator(entityName, kind);
      if (validate(body)) return;
      const errors = (validate.errors ?? [])
        .filter((e) => e.keyword !== 'if')
        .slice(0, 50)
        .map((e) => {
          const extra =
            (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ??
            (e.params as { additionalProperty?: string }).additionalProperty;
          const path = `${e.instancePath}${extra ? `/${extra}` : ''}` || '/';
          if (e.keyword === 'required' && extra) {
            const entity = entityAt(currentModel(), entityName, e.instancePath);
            return problemAt(path, message('data.required', { field: entity?.fields[extra] ?? { name: extra } }));
          }
          return { path, message: e.keyword === 'additionalProperties' ? extraMessage(body, e.instancePath, extra) : (e.message ?? 'is not valid') };
        });
      throw loomErrors('LOOM_ERR_DATA_VALIDATION', dedupe(errors));
    },
  };
}

/**
 * The entity whose record sits at a body's JSON pointer: the route's entity at the top (or in a
 * bulk operation's `data`), a lines field's child entity inside its rows.
 */
function entityAt(model: CompiledModel, entityName: string, pointer: string): CompiledEntity | undefined {
  let entity = model.entities.get(entityName);
  for (const token of pointer.split('/').slice(1)) {
    const field = entity?.fields[token];
    if (field && isLinesField(field)) entity = model.entities.get(field.target);
  }
  return entity;
}

/** A field beside `$delete` in a lines row is not unknown to the entity: it is not allowed there. */
function extraMessage(body: unknown, instancePath: string, extra: string | undefined): string {
  const row = at(body, instancePath);
  if (row && typeof row === 'object' && Object.hasOwn(row, DELETE_KEY)) return `a row with "${DELETE_KEY}" holds only the "id" of the row to delete`;
  return `unknown field "${extra}"`;
}

/** The value a JSON pointer (as ajv's instancePath) names. */
function at(value: unknown, pointer: string): unknown {
  for (const token of pointer.split('/').slice(1)) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

function dedupe(errors: { path: string; message: string }[]) {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.path + e.message) && seen.add(e.path + e.message));
}

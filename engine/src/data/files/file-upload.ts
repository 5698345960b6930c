import { loomErrors } from '../../errors/loom-error.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import { DEFAULT_ACCEPT } from '../../model/field-types/file.ts';
import type { Actor } from '../actor.ts';
import { effectiveGrant } from '../access/entity-grant.ts';
import { isFileField } from '../../model/field-types/field-predicates.ts';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface FileLimits {
  readonly accept: readonly string[];
  readonly maxSize: number;
}

/** The field an upload is for, with the limits its file must meet. */
export interface UploadTarget {
  readonly entity: CompiledEntity;
  readonly field: CompiledField;
  readonly limits: FileLimits;
}

/**
 * The entity and field an upload names (the multipart fields `entity` and `field`), checked
 * before the file is read: the field must be a file or image field, and the caller must be
 * able to write it into some record, by creating one or updating one, with `write` access to
 * the field. Otherwise anyone signed in could store files under any field's name.
 */
export function uploadTarget(model: CompiledModel, entityName: string, fieldName: string, actor: Actor): UploadTarget {
  const entity = model.entities.get(entityName);
  if (!entity) throw loomErrors('LOOM_ERR_DATA_UNKNOWN_ENTITY', [{ path: '/entity', message: `there is no entity "${entityName.slice(0, 100)}"` }]);
  const field = Object.hasOwn(entity.fields, fieldName) ? entity.fields[fieldName] : undefined;
  if (!field || !isFileField(field)) {
    throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: '/field', message: `"${fieldName.slice(0, 100)}" is not a file or image field of ${entity.name}` }]);
  }
  const grant = effectiveGrant(model, entity, actor);
  if (!grant.canCreate && grant.scopes.update.size === 0) {
    throw loomErrors('LOOM_ERR_AUTH_ACTION_FORBIDDEN', [{ path: '/entity', message: `you may neither create nor update ${entity.name} records` }],
      `You may not upload files for ${entity.name}: you may neither create nor update its records.`);
  }
  const access = grant.fieldAccess(field.name);
  if (access !== 'write') {
    throw loomErrors('LOOM_ERR_AUTH_FIELD_FORBIDDEN', [{ path: '/field', message: access === 'hidden' ? `"${field.name}" is not a field you can see` : `you may read "${field.name}" but not change it` }],
      `You may not upload files for ${entity.name}.${field.name}: you cannot write that field.`);
  }
  return { entity, field, limits: { accept: field.accept ?? DEFAULT_ACCEPT[field.type], maxSize: field.maxSize ?? DEFAULT_MAX_FILE_SIZE } };
}

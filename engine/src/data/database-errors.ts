import { loomError, loomErrors, LoomError } from '../errors/loom-error.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';

/**
 * Turns constraint violations into errors that name fields. Checks in the record
 * service catch most bad input first; these are the races and references only the
 * database can see.
 */
export function translateDatabaseError(error: unknown, model: CompiledModel, entity: CompiledEntity, pointer: string): unknown {
  const e = error as { code?: string; constraint?: string; table?: string };
  if (!e || typeof e.code !== 'string') return error;
  if (e.code === '23505') {
    const index = findIndex(model, e.constraint);
    const fields = index ? index.columns.map((c) => fieldOfColumn(index.entity, c.column)) : [];
    const label = fields.length ? fields.join(', ') : 'a unique field';
    return loomErrors('LOOM_ERR_DATA_CONFLICT', fields.map((f) => ({ path: `${pointer}/${f}`, message: `another ${index?.entity.name ?? entity.name} already has this value` })), `Another record already has the same ${label}.`);
  }
  if (e.code === '23503') {
    const source = [...model.entities.values()].find((x) => x.table === e.table);
    const column = e.constraint?.replace(`${e.table}_`, '').replace(/_fkey$/, '');
    if (source && source.name === entity.name && column) {
      const field = fieldOfColumn(source, column);
      return loomErrors('LOOM_ERR_DATA_VALIDATION', [{ path: `${pointer}/${field}`, message: `no ${source.fields[field]?.target ?? 'matching'} record has this id` }]);
    }
    return loomError('LOOM_ERR_DATA_CONFLICT', `Records of ${source?.name ?? 'another entity'} still refer to this ${entity.name}; change or delete them first.`);
  }
  if (e.code === '57014') return new LoomError('LOOM_ERR_HTTP_BAD_QUERY', 'The query took too long and was stopped; narrow the filter.');
  if (e.code.startsWith('22')) return new LoomError('LOOM_ERR_HTTP_BAD_QUERY', 'A value in the request does not fit its field.');
  return error;
}

function findIndex(model: CompiledModel, name: string | undefined) {
  for (const entity of model.entities.values()) {
    const index = entity.tableSpec.indexes.find((i) => i.name === name);
    if (index) return { entity, columns: index.columns };
  }
  return undefined;
}

function fieldOfColumn(entity: CompiledEntity, column: string): string {
  return entity.fieldList.find((f) => f.columns.some((c) => c.name === column))?.name ?? column;
}

import { localizedError, loomErrors, LoomError, problemAt } from '../errors/loom-error.ts';
import { message } from '../errors/messages.ts';
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
    const owner = index?.entity ?? entity;
    const terms = fields.length ? fields.map((f) => owner.fields[f] ?? { name: f }) : [{ name: 'a unique field', label: { 'zh-CN': '唯一字段' } }];
    return loomErrors(
      'LOOM_ERR_DATA_CONFLICT',
      fields.map((f) => problemAt(`${pointer}/${f}`, message('data.uniqueItem', { entity: owner }))),
      message('data.uniqueDetail', { fields: terms }),
    );
  }
  if (e.code === '23503') {
    const source = [...model.entities.values()].find((x) => x.table === e.table);
    const column = e.constraint?.replace(`${e.table}_`, '').replace(/_fkey$/, '');
    if (source && source.name === entity.name && column) {
      const field = fieldOfColumn(source, column);
      const target = source.fields[field]?.target;
      const term = (target && model.entities.get(target)) || { name: target ?? 'matching', label: { 'zh-CN': '对应记录' } };
      return loomErrors('LOOM_ERR_DATA_VALIDATION', [problemAt(`${pointer}/${field}`, message('data.lookupMissing', { target: term }))]);
    }
    return localizedError('LOOM_ERR_DATA_CONFLICT', message('data.stillReferenced', { source: source ?? { name: 'another entity', label: { 'zh-CN': '其他对象的记录' } }, entity }));
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

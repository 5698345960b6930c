import type { EntityDefinition as EntityDocument, FieldDefinition } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import type { CompiledEntity, CompiledField } from './compiled-model.ts';
import { fieldTypeOf, fieldTypes } from './field-types/index.ts';
import { indexName } from './index-name.ts';
import { toSnake } from './naming.ts';
import { checkStorageLimits } from './storage-limits.ts';
import { systemFieldDefinitions, SYSTEM_FIELD_NAMES } from './system-fields.ts';
import { OWNER_TEAM_KEY, RECORDS_SCHEMA, type ColumnSpec, type IndexSpec } from './table-spec.ts';

export interface EntityCompileInput {
  document: EntityDocument;
  /** JSON pointer of the document in the request or pack, for error paths. */
  pointer: string;
  tableOf(entity: string): string | undefined;
  /** Some role reads this entity's records with scope `team`. */
  readAtTeamScope?: boolean;
}

/** Compiles one (already merged) entity document; problems are returned, never thrown. */
export function compileEntity(input: EntityCompileInput): { entity?: CompiledEntity; errors: ProblemItem[] } {
  const { document: doc, pointer } = input;
  const errors: ProblemItem[] = [];
  const table = toSnake(doc.name);
  const fields: Record<string, CompiledField> = {};

  for (const [name, def, label] of systemFieldDefinitions(doc.owned === true, doc.softDelete === true)) {
    fields[name] = compileField(name, def, input, true, label, errors);
  }
  for (const [name, def] of Object.entries(doc.fields ?? {})) {
    const at = `${pointer}/fields/${name}`;
    if (SYSTEM_FIELD_NAMES.has(name)) {
      errors.push({ path: at, message: `"${name}" is a system field every record has; choose another name` });
      continue;
    }
    if (!fieldTypes[def.type]) continue; // already reported by validation
    fields[name] = compileField(name, def, input, false, def.label ?? name, errors);
  }
  if (!fields[doc.titleField]) errors.push({ path: `${pointer}/titleField`, message: `title field "${doc.titleField}" is not a field of ${doc.name}` });

  const fieldList = Object.values(fields);
  const searchFields = fieldList.filter((f) => f.search).map((f) => f.name);
  const uniqueSets = [...fieldList.filter((f) => f.unique).map((f) => [f.name]), ...(doc.unique ?? [])];
  const indexes = buildIndexes(doc, table, fields, uniqueSets, pointer, errors);
  const columns: ColumnSpec[] = fieldList.flatMap((f) => f.columns);
  if (doc.owned === true) {
    columns.push({ name: OWNER_TEAM_KEY, sqlType: 'uuid', nullable: true, fill: 'ownerTeamKey' });
    if (input.readAtTeamScope) indexes.push(...teamLedIndexes(table, indexes));
  }
  const tableSpec = { schema: RECORDS_SCHEMA, name: table, entity: doc.name, primaryKey: 'id', columns, indexes };
  errors.push(...checkStorageLimits(tableSpec, pointer));
  const entity: CompiledEntity = {
    kind: 'entity',
    name: doc.name,
    label: doc.label ?? doc.name,
    ...(doc.pluralLabel !== undefined ? { pluralLabel: doc.pluralLabel } : {}),
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    ...(doc.icon ? { icon: doc.icon } : {}),
    titleField: doc.titleField,
    owned: doc.owned === true,
    softDelete: doc.softDelete === true,
    table,
    fields,
    fieldList,
    searchFields,
    rules: (doc.rules ?? []).map((r) => ({ name: r.name, assert: r.assert, message: r.message })),
    uniqueSets,
    tableSpec,
    document: doc,
  };
  return { entity: errors.length ? undefined : entity, errors };
}

function compileField(name: string, def: FieldDefinition, input: EntityCompileInput, system: boolean, label: unknown, errors: ProblemItem[]): CompiledField {
  const type = fieldTypeOf(def.type);
  const column = toSnake(name);
  const ctx = { entity: input.document.name, field: name, column, tableOf: input.tableOf };
  for (const problem of type.link?.(def, ctx) ?? []) {
    errors.push({ path: `${input.pointer}/fields/${name}${problem.path}`, message: problem.message });
  }
  let columns = type.columns(def, ctx);
  if (def.search && columns[0]?.sqlType !== 'text') {
    errors.push({ path: `${input.pointer}/fields/${name}/search`, message: `only text fields can be searched; "${name}" is ${def.type}` });
  }
  if (system) columns = columns.map((c) => systemColumn(name, c));
  // The one place a field's shape is put together: its type's settings (compiled-field.ts)
  // join the common keys, so the union's tag and settings agree by construction.
  return {
    ...type.settings?.(def),
    kind: 'field',
    name,
    baseColumn: column,
    type: def.type,
    label: (label ?? name) as CompiledField['label'],
    system,
    required: def.required === true,
    readOnly: system || def.readOnly === true || type.computed === true,
    unique: def.unique === true || type.alwaysUnique === true,
    search: def.search === true,
    columns,
    column: columns[0]?.name,
    logicType: type.logicType(def),
    target: type.target?.(def),
    definition: def,
  } as CompiledField;
}

/** System columns are NOT NULL where the engine always fills them. */
function systemColumn(name: string, column: ColumnSpec): ColumnSpec {
  const { field: _field, ...rest } = column;
  if (name === 'id') return { ...rest, nullable: false };
  if (name === 'createdAt' || name === 'updatedAt') return { ...rest, nullable: false, defaultSql: 'now()' };
  if (name === 'version') return { ...rest, nullable: false, defaultSql: '1' };
  return rest;
}

/**
 * A team-scoped reader asks for `owner_team_key = k` and one sort, and finds its page fastest
 * in an index led by the key: each sort index (the composite ones and updated_at, the
 * default sort) gets such a companion, so the page reads only the team's entries, in order,
 * instead of filtering through everyone's.
 */
function teamLedIndexes(table: string, indexes: readonly IndexSpec[]): IndexSpec[] {
  const sortIndexes = indexes.filter((i) => i.method === 'columns' && !i.unique && (i.columns.length > 1 || i.columns[0]?.column === 'updated_at'));
  return sortIndexes.map((index) => {
    const columns = [{ column: OWNER_TEAM_KEY }, ...index.columns];
    return {
      name: indexName(
        table,
        columns.map((c) => c.column),
        'idx',
      ),
      unique: false,
      method: 'columns',
      columns,
    };
  });
}

function buildIndexes(
  doc: EntityDocument,
  table: string,
  fields: Record<string, CompiledField>,
  uniqueSets: string[][],
  pointer: string,
  errors: ProblemItem[],
): IndexSpec[] {
  const indexes: IndexSpec[] = [];
  const seen = new Set<string>();
  const add = (spec: IndexSpec) => {
    if (seen.has(spec.name)) return;
    indexes.push(spec);
    seen.add(spec.name);
  };
  const resolve = (names: readonly string[], at: string) => {
    const cols: { column: string; descending?: boolean }[] = [];
    names.forEach((raw, i) => {
      const name = raw.replace(/^-/, '');
      const column = fields[name]?.column;
      if (!column) errors.push({ path: `${at}/${i}`, message: `"${name}" is not a stored field of ${doc.name}` });
      else cols.push(raw.startsWith('-') ? { column, descending: true } : { column });
    });
    return cols;
  };
  for (const f of Object.values(fields)) {
    const ref = f.columns[0]?.references;
    if (ref && f.column) add({ name: indexName(table, [f.column], 'idx'), unique: false, method: 'columns', columns: [{ column: f.column }] });
    if (f.definition.index && f.column) add({ name: indexName(table, [f.column], 'idx'), unique: false, method: 'columns', columns: [{ column: f.column }] });
  }
  add({ name: indexName(table, ['updated_at'], 'idx'), unique: false, method: 'columns', columns: [{ column: 'updated_at' }] });
  (doc.indexes ?? []).forEach((names, i) => {
    const cols = resolve(names, `${pointer}/indexes/${i}`);
    // The record id ends the index in the last column's direction, as it ends a sort in the
    // last key's direction (list-records.ts), so a keyset page reads the index in order.
    const tieBreak = cols.at(-1)?.descending ? { column: 'id', descending: true } : { column: 'id' };
    if (cols.length === names.length)
      add({
        name: indexName(
          table,
          cols.map((c) => c.column),
          'idx',
        ),
        unique: false,
        method: 'columns',
        columns: [...cols, tieBreak],
      });
  });
  uniqueSets.forEach((names, i) => {
    const cols = resolve(names, `${pointer}/unique/${i}`);
    // A soft-deleted record gives its unique values up (restoring it may then be a conflict).
    const liveOnly = doc.softDelete === true ? { liveOnly: true } : {};
    if (cols.length === names.length)
      add({
        name: indexName(
          table,
          cols.map((c) => c.column),
          'key',
        ),
        unique: true,
        method: 'columns',
        columns: cols,
        ...liveOnly,
      });
  });
  const searchColumns = Object.values(fields)
    .filter((f) => f.search && f.column)
    .map((f) => ({ column: f.column! }));
  if (searchColumns.length)
    add({ name: indexName(table, ['search', ...searchColumns.map((c) => c.column)], 'grams'), unique: false, method: 'grams', columns: searchColumns });
  return indexes;
}

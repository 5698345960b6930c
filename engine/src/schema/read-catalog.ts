import { sql, type Kysely } from 'kysely';
import { RECORDS_SCHEMA, SYSTEM_SCHEMA } from '../model/table-spec.ts';
import { normaliseType, type ArchivedObject, type LiveCatalog, type LiveColumn, type LiveForeignKey, type LiveIndex, type LiveTable } from './live-catalog.ts';

/**
 * Reads the records schema in four queries whatever the number of tables
 * (columns, indexes, constraints, archive rows), so that re-publishing an
 * unchanged model stays cheap.
 */
export async function readCatalog(db: Kysely<any>): Promise<LiveCatalog> {
  const [columns, indexes, constraints, archives] = await Promise.all([readColumns(db), readIndexes(db), readConstraints(db), readArchives(db)]);
  const tables = new Map<string, Draft>();
  for (const row of columns) {
    const table = draft(tables, row.table_name);
    if (row.table_comment !== null) table.entity = row.table_comment;
    if (row.column_name === null) continue;
    table.columns.push({
      name: row.column_name,
      type: normaliseType(row.column_type),
      nullable: row.nullable,
      defaultSql: row.default_sql,
      field: row.column_comment,
    });
  }
  for (const row of indexes) draft(tables, row.table_name).indexes.push(toIndex(row));
  for (const row of constraints) {
    const table = draft(tables, row.table_name);
    if (row.kind === 'p') table.primaryKey = { name: row.name, columns: row.columns };
    else table.foreignKeys.push(toForeignKey(row));
  }
  return { tables: [...tables.values()], archives: archives.map(toArchive) };
}

interface Draft {
  name: string;
  entity: string | null;
  columns: LiveColumn[];
  primaryKey: LiveTable['primaryKey'];
  indexes: LiveIndex[];
  foreignKeys: LiveForeignKey[];
}

function draft(tables: Map<string, Draft>, name: string): Draft {
  let table = tables.get(name);
  if (!table) {
    table = { name, entity: null, columns: [], primaryKey: null, indexes: [], foreignKeys: [] };
    tables.set(name, table);
  }
  return table;
}

// A left join keeps tables that have no columns at all.
async function readColumns(db: Kysely<any>) {
  const { rows } = await sql<{
    table_name: string;
    table_comment: string | null;
    column_name: string | null;
    column_type: string;
    nullable: boolean;
    default_sql: string | null;
    column_comment: string | null;
  }>`
    select c.relname as table_name, obj_description(c.oid, 'pg_class') as table_comment,
      a.attname as column_name, format_type(a.atttypid, a.atttypmod) as column_type,
      not a.attnotnull as nullable, pg_get_expr(d.adbin, d.adrelid) as default_sql,
      col_description(c.oid, a.attnum) as column_comment
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
    where n.nspname = ${RECORDS_SCHEMA} and c.relkind in ('r', 'p')
    order by c.relname, a.attnum`.execute(db);
  return rows;
}

interface IndexRow {
  table_name: string;
  name: string;
  unique: boolean;
  method: string;
  keys: { column: string | null; descending: boolean }[];
  expression: string | null;
  predicate: string | null;
  constraint: boolean;
}

async function readIndexes(db: Kysely<any>) {
  const { rows } = await sql<IndexRow>`
    select t.relname as table_name, ic.relname as name, i.indisunique as unique, am.amname as method,
      (select json_agg(json_build_object('column', a.attname, 'descending', (o.opt & 1) = 1) order by k.ord)
         from unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
         join unnest(i.indoption::int2[]) with ordinality as o(opt, ord) on o.ord = k.ord
         left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum) as keys,
      pg_get_expr(i.indexprs, i.indrelid) as expression,
      pg_get_expr(i.indpred, i.indrelid) as predicate,
      exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid
              and k.contype in ('p', 'u', 'x')) as constraint
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    join pg_am am on am.oid = ic.relam
    where n.nspname = ${RECORDS_SCHEMA}
    order by t.relname, ic.relname`.execute(db);
  return rows;
}

function toIndex(row: IndexRow): LiveIndex {
  return {
    name: row.name,
    unique: row.unique,
    method: row.method,
    columns: row.keys ?? [],
    expression: row.expression,
    predicate: row.predicate,
    constraint: row.constraint,
  };
}

interface ConstraintRow {
  table_name: string;
  name: string;
  kind: 'p' | 'f';
  columns: string[];
  target_schema: string | null;
  target_table: string | null;
  target_columns: string[] | null;
  on_delete: string;
}

// Column lists come back as json so both drivers parse them the same way.
async function readConstraints(db: Kysely<any>) {
  const { rows } = await sql<ConstraintRow>`
    select t.relname as table_name, k.conname as name, k.contype as kind,
      (select json_agg(a.attname order by u.ord) from unnest(k.conkey) with ordinality as u(attnum, ord)
         join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum) as columns,
      tn.nspname as target_schema, tt.relname as target_table,
      (select json_agg(a.attname order by u.ord) from unnest(k.confkey) with ordinality as u(attnum, ord)
         join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum) as target_columns,
      k.confdeltype as on_delete
    from pg_constraint k
    join pg_class t on t.oid = k.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    left join pg_class tt on tt.oid = k.confrelid
    left join pg_namespace tn on tn.oid = tt.relnamespace
    where n.nspname = ${RECORDS_SCHEMA} and k.contype in ('p', 'f')
    order by t.relname, k.conname`.execute(db);
  return rows;
}

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

function toForeignKey(row: ConstraintRow): LiveForeignKey {
  return {
    name: row.name,
    columns: row.columns,
    target: { schema: row.target_schema ?? '', table: row.target_table ?? '', columns: row.target_columns ?? [] },
    onDelete: ON_DELETE[row.on_delete] ?? row.on_delete,
  };
}

interface ArchiveRow {
  id: number | string;
  object: 'column' | 'table';
  table_name: string;
  column_name: string | null;
  archived_name: string;
  entity: string | null;
  field: string | null;
  sql_type: string | null;
  archived_at: Date;
}

async function readArchives(db: Kysely<any>) {
  return db
    .withSchema(SYSTEM_SCHEMA)
    .selectFrom('archived_objects')
    .select(['id', 'object', 'table_name', 'column_name', 'archived_name', 'entity', 'field', 'sql_type', 'archived_at'])
    .where('restored_at', 'is', null)
    .orderBy('id')
    .execute() as Promise<ArchiveRow[]>;
}

function toArchive(row: ArchiveRow): ArchivedObject {
  return {
    id: Number(row.id),
    object: row.object,
    tableName: row.table_name,
    columnName: row.column_name,
    archivedName: row.archived_name,
    entity: row.entity,
    field: row.field,
    sqlType: row.sql_type,
    archivedAt: row.archived_at,
  };
}

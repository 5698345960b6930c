import { sql, type Kysely } from 'kysely';
import { loomErrors, type ProblemItem } from '../../errors/loom-error.ts';
import type { CompiledEntity, CompiledField } from '../../model/compiled-model.ts';
import { isFileField } from '../../model/field-types/field-predicates.ts';
import { fileReadable } from './file-access.ts';
import { recordTable } from '../access/record-scope.ts';
import type { WriteContext } from '../write/write-context.ts';

/**
 * A file or image field may be set only to a file the writer may hand to this record: one
 * they uploaded, one this record already holds in this field, or one they may read. Reading
 * a file follows the records holding it, so without this anyone could paste another user's
 * file id into a record of their own and download it. A file the writer may not use is
 * refused exactly like an id no file has (422), so ids tell nothing about other users' files.
 *
 * The file must also have been uploaded for this entity and field (or before files recorded
 * their field): its limits were checked against that field, and readers find it there.
 */
export async function checkFileReferences(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, columns: Record<string, unknown>, recordId: string | undefined, pointer: string): Promise<void> {
  const problems: ProblemItem[] = [];
  for (const field of entity.fieldList) {
    if (!isFileField(field)) continue;
    const id = columns[field.columns[0].name];
    if (typeof id !== 'string') continue;
    const refusal = await refusalOf(trx, ctx, entity, field, id, recordId);
    if (refusal) problems.push({ path: `${pointer}/${field.name}`, message: refusal });
  }
  if (problems.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', problems);
}

/** Why this file may not go into this field of this record, or undefined when it may. One statement. */
async function refusalOf(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, field: CompiledField, id: string, recordId: string | undefined): Promise<string | undefined> {
  const column = sql.ref(`fr.${field.columns[0].name}`);
  const held = recordId ? sql`exists (select 1 from ${recordTable(entity)} as fr where fr.id = ${recordId}::uuid and ${column} = f.id)` : sql`false`;
  const uploaded = ctx.actorId ? sql`f.created_by = ${ctx.actorId}::uuid` : sql`false`;
  const readable = fileReadable(ctx.model, ctx.actor, 'f') ?? sql`true`;
  const { rows } = await sql<{ entity: string | null; field: string | null; held: boolean; usable: boolean }>`
    select f.entity, f.field, ${held} as held, (${uploaded} or ${readable}) as usable
    from loom.files as f where f.id = ${id}::uuid`.execute(trx);
  const file = rows[0];
  if (file?.held) return undefined;
  if (!file || !file.usable) return 'no file has this id';
  if (file.entity !== null && (file.entity !== entity.name || file.field !== field.name)) {
    return `this file was uploaded for ${file.entity}.${file.field}; upload it for ${entity.name}.${field.name}`;
  }
  return undefined;
}

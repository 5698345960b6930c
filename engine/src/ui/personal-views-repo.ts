import { sql, type Kysely } from 'kysely';
import { loomErrors } from '../errors/loom-error.ts';

/** A view a user saved for themselves (GET/POST/PATCH/DELETE /api/me/views). */
export interface PersonalView {
  readonly id: string;
  readonly entity: string;
  readonly name: string;
  readonly columns: string[];
  readonly filter: unknown;
  readonly sort: string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PersonalViewValues {
  readonly name: string;
  readonly columns: readonly string[];
  readonly filter: unknown;
  readonly sort: readonly string[];
}

const COLUMNS = ['id', 'entity', 'name', 'columns', 'filter', 'sort', 'created_at', 'updated_at'] as const;

/** One user's views, of one entity or of all, by entity then name. */
export async function listPersonalViews(db: Kysely<any>, userId: string, entity?: string): Promise<PersonalView[]> {
  let query = db.selectFrom('loom.personal_views').select(COLUMNS).where('user_id', '=', userId);
  if (entity !== undefined) query = query.where('entity', '=', entity);
  const rows = await query.orderBy('entity').orderBy('name').orderBy('id').execute();
  return rows.map(toView);
}

/** The user's own view, or undefined (another user's id is as unknown as a made-up one). */
export async function getPersonalView(db: Kysely<any>, userId: string, id: string): Promise<PersonalView | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('loom.personal_views').select(COLUMNS).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row && toView(row);
}

export async function insertPersonalView(db: Kysely<any>, userId: string, entity: string, values: PersonalViewValues, now: Date): Promise<PersonalView> {
  const row = await uniqueName(() =>
    db
      .insertInto('loom.personal_views')
      .values({ user_id: userId, entity, ...jsonValues(values), created_at: now, updated_at: now })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow(),
  );
  return toView(row);
}

export async function updatePersonalView(
  db: Kysely<any>,
  userId: string,
  id: string,
  values: PersonalViewValues,
  now: Date,
): Promise<PersonalView | undefined> {
  const row = await uniqueName(() =>
    db
      .updateTable('loom.personal_views')
      .set({ ...jsonValues(values), updated_at: now })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returning(COLUMNS)
      .executeTakeFirst(),
  );
  return row && toView(row);
}

export async function deletePersonalView(db: Kysely<any>, userId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db.deleteFrom('loom.personal_views').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function jsonValues(values: PersonalViewValues) {
  return {
    name: values.name,
    columns: sql`${JSON.stringify(values.columns)}::jsonb`,
    filter: values.filter === null || values.filter === undefined ? null : sql`${JSON.stringify(values.filter)}::jsonb`,
    sort: sql`${JSON.stringify(values.sort)}::jsonb`,
  };
}

/** Two views of one entity with the same name would be confused in a menu: 409, naming the field. */
async function uniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw loomErrors('LOOM_ERR_DATA_CONFLICT', [{ path: '/name', message: 'you already have a view of this entity with this name' }]);
    throw error;
  }
}

function toView(row: Record<string, unknown>): PersonalView {
  return {
    id: String(row.id),
    entity: row.entity as string,
    name: row.name as string,
    columns: parsed(row.columns) as string[],
    filter: parsed(row.filter) ?? null,
    sort: parsed(row.sort) as string[],
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

/** Drivers answer jsonb parsed; a text answer is parsed here. */
function parsed(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

import type { UiBundle, UiField } from '@loom/metadata';
import { get, type ListAnswer, type Query } from '../../api/index.ts';

export interface Choice {
  readonly id: string;
  readonly title: string;
  readonly detail?: string;
}

/** The list query that finds records of `entity` by their title: `q` when searchable, else `title[like]`. */
export function lookupQuery(bundle: UiBundle, entity: string, term: string): Query {
  const target = bundle.entities[entity];
  const titleField = target?.titleField ?? 'id';
  const query: Query = { fields: titleField === 'id' ? 'id' : `id,${titleField}`, limit: 20 };
  const text = term.trim();
  if (text && target?.searchable) query.q = text;
  else if (text && target?.fields[titleField]?.sortable) query[`${titleField}[like]`] = text;
  return query;
}

/**
 * Candidates for a lookup or user field. Users come from the user directory when the
 * signed-in user may list it (administrators); anyone else can pick themselves.
 */
export async function searchChoices(bundle: UiBundle, field: UiField, term: string, signal?: AbortSignal): Promise<Choice[]> {
  if (field.type === 'user') return searchUsers(bundle, term, signal);
  const entity = field.entity ?? '';
  const target = bundle.entities[entity];
  if (!target) return [];
  const answer = await get<ListAnswer>(`/api/data/${encodeURIComponent(entity)}`, lookupQuery(bundle, entity, term), signal);
  return answer.data.map((r) => ({ id: r.id, title: r[target.titleField] === null || r[target.titleField] === undefined ? r.id : String(r[target.titleField]) }));
}

async function searchUsers(bundle: UiBundle, term: string, signal?: AbortSignal): Promise<Choice[]> {
  const me: Choice = { id: bundle.user.id, title: bundle.user.name, detail: bundle.user.email };
  const matchesMe = !term || `${me.title} ${me.detail}`.toLowerCase().includes(term.toLowerCase());
  if (!bundle.user.admin) return matchesMe ? [me] : [];
  try {
    const answer = await get<{ data: { id: string; name: string; email: string }[] }>('/api/users', { q: term.trim() || undefined, limit: 20, active: true }, signal);
    return answer.data.map((u) => ({ id: u.id, title: u.name || u.email, detail: u.email }));
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    return matchesMe ? [me] : [];
  }
}

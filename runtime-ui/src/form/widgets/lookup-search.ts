import { useQuery } from '@tanstack/react-query';
import type { UiBundle, UiField } from '@loom/metadata';
import { get, type ListAnswer, type Query } from '../../api/index.ts';
import { keys } from '../../api/keys.ts';
import { useUiBundle } from '../../app/bundle-context.ts';
import { useDebounced } from '../../ui/hooks.ts';
import { isUserField } from '../../fields/field-traits.ts';

/**
 * The one way the app finds a record or a person to pick (a form's lookup input, the list's
 * filter and bulk editors): at most LOOKUP_LIMIT candidates; typed text is matched by the
 * entity's full-text search when it has one, else as "title contains the text"; with no text,
 * the first records by title. Users come from the user directory for administrators; anyone
 * else can pick themselves.
 */
export const LOOKUP_LIMIT = 20;
const TYPING_PAUSE_MS = 200;

export interface Choice {
  readonly id: string;
  readonly title: string;
  readonly detail?: string;
}

/** The list query that finds records of `entity` by `term`. */
export function lookupQuery(bundle: UiBundle, entity: string, term: string): Query {
  const target = bundle.entities[entity];
  const titleField = target?.titleField ?? 'id';
  const title = target?.fields[titleField];
  const query: Query = { fields: titleField === 'id' ? 'id' : `id,${titleField}`, limit: LOOKUP_LIMIT };
  const text = term.trim();
  if (text && target?.searchable) query.q = text;
  else if (text && title?.sortable) query[`${titleField}[like]`] = text;
  if (!query.q && title?.sortable) query.sort = titleField;
  return query;
}

async function searchRecords(bundle: UiBundle, entity: string, term: string, signal: AbortSignal): Promise<Choice[]> {
  const target = bundle.entities[entity];
  if (!target) return [];
  const answer = await get<ListAnswer>(`/api/data/${encodeURIComponent(entity)}`, lookupQuery(bundle, entity, term), signal);
  return answer.data.map((r) => ({
    id: r.id,
    title: r[target.titleField] === null || r[target.titleField] === undefined ? r.id : String(r[target.titleField]),
  }));
}

async function searchUsers(bundle: UiBundle, term: string, signal: AbortSignal): Promise<Choice[]> {
  const me: Choice = { id: bundle.user.id, title: bundle.user.name, detail: bundle.user.email };
  const matchesMe = !term || `${me.title} ${me.detail}`.toLowerCase().includes(term.toLowerCase());
  if (!bundle.user.admin) return matchesMe ? [me] : [];
  try {
    const answer = await get<{ data: { id: string; name: string; email: string }[] }>(
      '/api/users',
      { q: term || undefined, limit: LOOKUP_LIMIT, active: true },
      signal,
    );
    return answer.data.map((u) => ({ id: u.id, title: u.name || u.email, detail: u.email }));
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    return matchesMe ? [me] : [];
  }
}

/** Candidates for a lookup or user field as the user types (`enabled`: while the picker is open). */
export function useLookupSearch(field: UiField, term: string, enabled = true): { choices: readonly Choice[]; loading: boolean } {
  const bundle = useUiBundle();
  const settled = useDebounced(term.trim(), TYPING_PAUSE_MS);
  const text = term.trim() === '' ? '' : settled;
  const users = isUserField(field);
  const entity = field.entity ?? '';
  const result = useQuery({
    queryKey: users ? keys.userLookup(text) : keys.lookup(entity, text),
    queryFn: ({ signal }) => (users ? searchUsers(bundle, text, signal) : searchRecords(bundle, entity, text, signal)),
    enabled,
  });
  // Only candidates for the text as typed now: none while the user is still typing.
  const current = text === term.trim();
  return { choices: current ? (result.data ?? []) : [], loading: result.isFetching || !current };
}

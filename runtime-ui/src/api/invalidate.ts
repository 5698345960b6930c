import type { QueryClient } from '@tanstack/react-query';
import { keys } from './keys.ts';

/**
 * What a write to records of `entity` (a create, an edit, a delete, a bulk change) makes
 * stale: that entity's lists and lookup searches, and every record page's queries, of any
 * entity. The record pages are all included because a write reaches them in ways the
 * client cannot see cheaply: a new child record changes its parent's roll-ups and related
 * lists, a renamed record changes the title every record pointing at it shows, and history
 * gains an entry. The queries on screen are fetched again at once. Record pages
 * not on screen are dropped rather than kept stale, so that opening one after a save (the
 * form goes to the record page) never shows the values from before it; lists not on screen
 * are kept and refreshed when shown again (Back shows the rows at once, then the new ones).
 */
export async function invalidateAfterWrite(client: QueryClient, entity: string): Promise<void> {
  client.removeQueries({ queryKey: keys.records(), type: 'inactive' });
  await Promise.all([client.invalidateQueries({ queryKey: keys.entityData(entity) }), client.invalidateQueries({ queryKey: keys.records() })]);
}

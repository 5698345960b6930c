import type { UiAction, UiEntity, UiUser } from '@loom/metadata';
import { post } from '../api/index.ts';
import { holds, logicData } from '../form/form-rules.ts';

/** What the server answers for each record an action ran on; a convert names the records it made. */
export interface ActionAnswer {
  readonly results: readonly { readonly id: string; readonly created?: readonly { readonly name: string; readonly entity: string; readonly id: string }[] }[];
}

/** The most records one run takes (the server refuses more). */
export const MAX_ACTION_RECORDS = 200;

/** Runs a record action on records, all or nothing (POST /api/actions/:name). */
export function runAction(action: string, ids: readonly string[], input?: Record<string, unknown>): Promise<ActionAnswer> {
  return post<ActionAnswer>(`/api/actions/${encodeURIComponent(action)}`, input ? { records: ids, input } : { records: ids });
}

/**
 * The actions to offer on one record: those whose `visibleWhen` holds for it as the form's
 * conditions see it (json-logic-js, `$user` and `$now` as on the server, which checks again).
 */
export function actionsFor(entity: UiEntity, record: Record<string, unknown>, user: UiUser): UiAction[] {
  const actions = entity.actions ?? [];
  if (!actions.length) return [];
  const facts = logicData(entity, record, { user });
  return actions.filter((a) => a.visibleWhen === undefined || holds(a.visibleWhen, facts));
}

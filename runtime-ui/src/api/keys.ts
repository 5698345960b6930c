import type { UiLocale } from '@loom/metadata';

/**
 * Every query key of the web app, built here and nowhere else, so that what a write makes
 * stale can be named by prefix (see invalidate.ts):
 *
 *   ['data', entity, 'list' | 'lookup', …]     lists and lookup searches of one entity
 *   ['record', entity, id, 'page' | 'related' | 'history', …]
 *                                              what a record page shows (fields, roll-ups,
 *                                              related lists, history)
 *   ['form', entity, id]                       what an edit form loaded (always read afresh)
 *   ['users', 'lookup', term]                  the user directory
 *   ['file', id]                               a stored file's name, type and size
 *   ['savedViews', entity], ['bundle', locale], ['session'], ['health'], ['notifications']
 *   ['reports', name, locale, params], ['dashboards', name, locale]
 *                                              aggregates (always read afresh when shown)
 */
export const keys = {
  session: () => ['session'] as const,
  health: () => ['health'] as const,
  bundles: () => ['bundle'] as const,
  bundle: (locale: UiLocale) => ['bundle', locale] as const,
  entityData: (entity: string) => ['data', entity] as const,
  list: (entity: string, params: unknown) => ['data', entity, 'list', params] as const,
  lookup: (entity: string, term: string) => ['data', entity, 'lookup', term] as const,
  userLookup: (term: string) => ['users', 'lookup', term] as const,
  records: () => ['record'] as const,
  record: (entity: string, id: string) => ['record', entity, id, 'page'] as const,
  related: (entity: string, id: string, relation: string) => ['record', entity, id, 'related', relation] as const,
  history: (entity: string, id: string) => ['record', entity, id, 'history'] as const,
  form: (entity: string, id: string | undefined, prefill: string) => ['form', entity, id ?? null, prefill] as const,
  savedViews: (entity: string) => ['savedViews', entity] as const,
  notifications: () => ['notifications'] as const,
  file: (id: string) => ['file', id] as const,
  approvals: () => ['approvals'] as const,
  approvalInbox: () => ['approvals', 'inbox'] as const,
  approvalCount: () => ['approvals', 'count'] as const,
  /** Under the record's key: a write to the record (a status that starts an approval) reads it again. */
  recordApprovals: (entity: string, id: string) => ['record', entity, id, 'approvals'] as const,
  /** A report's answer for a locale (its labels) and parameters; a dashboard's widgets. */
  report: (name: string, locale: UiLocale, params: unknown) => ['reports', name, locale, params] as const,
  dashboard: (name: string, locale: UiLocale) => ['dashboards', name, locale] as const,
};

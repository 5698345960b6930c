import type { EntityDocument, Label, MetadataDocument } from '@loom/metadata';
import type { CompiledField } from './compiled-field.ts';
import type { CompiledForm } from './compile-form.ts';
import type { CompiledMenu } from './compile-menu.ts';
import type { CompiledRole } from './compile-role.ts';
import type { CompiledView } from './compile-view.ts';
import type { CompiledAction } from './compile-action.ts';
import type { CompiledApproval } from './compile-approval.ts';
import type { CompiledAutomation } from './compile-automation.ts';
import type { CompiledReminder } from './compile-reminder.ts';
import type { CompiledReport } from './compile-report.ts';
import type { CompiledDashboard } from './compile-dashboard.ts';
import type { ColumnSpec, IndexSpec, TableSpec } from './table-spec.ts';

/**
 * The compiled model: validated, linked, deep-frozen. Every other part of the
 * engine (schema, data, http, ui) reads this, never raw metadata.
 */
export interface CompiledRule {
  readonly name: string;
  readonly assert: unknown;
  readonly message: Label;
}

/**
 * A detail entity's link to its master (master-detail): who may read, update or delete a
 * detail record follows who may read or write its master record (data/access/record-access.ts).
 */
export interface MasterLink {
  /** The detail's lookup field naming the master record (required, never set null). */
  readonly field: string;
  /** The master entity. */
  readonly entity: string;
  /** The access to the master record that creating, updating or deleting a detail needs. */
  readonly write: 'update' | 'read';
  /**
   * The lookup is required, so every detail has a master and its access is wholly the
   * master's: roles grant the detail `master` or `none`. An optional master lookup makes
   * `master` one scope beside the others, and a record without a master is covered by those.
   */
  readonly exclusive: boolean;
}

export interface CompiledEntity {
  readonly kind: 'entity';
  readonly name: string;
  readonly label: Label;
  /** Absent: screens use the label. */
  readonly pluralLabel?: Label;
  readonly description?: string;
  readonly icon?: string;
  readonly titleField: string;
  readonly owned: boolean;
  /** Deleting hides the record (`deleted_at` set) and it can be restored; reads see live records only. */
  readonly softDelete: boolean;
  /** Set when the entity is a detail of another (a master lookup, or the child of a lines field). */
  readonly master?: MasterLink;
  readonly table: string;
  readonly fields: Readonly<Record<string, CompiledField>>;
  /** Fields in declaration order, system fields first. */
  readonly fieldList: readonly CompiledField[];
  readonly searchFields: readonly string[];
  readonly rules: readonly CompiledRule[];
  /** Unique field sets, checked with a clear message before the index would refuse the row. */
  readonly uniqueSets: readonly (readonly string[])[];
  readonly tableSpec: TableSpec;
  readonly document: Readonly<EntityDocument>;
}

export interface CompiledModel {
  readonly kind: 'model';
  /** Increases with every publish; 0 before the first. */
  readonly revision: number;
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  readonly views: ReadonlyMap<string, CompiledView>;
  readonly forms: ReadonlyMap<string, CompiledForm>;
  readonly roles: ReadonlyMap<string, CompiledRole>;
  readonly menus: ReadonlyMap<string, CompiledMenu>;
  /** The process kinds, run by engine/src/process. */
  readonly approvals: ReadonlyMap<string, CompiledApproval>;
  readonly reminders: ReadonlyMap<string, CompiledReminder>;
  readonly automations: ReadonlyMap<string, CompiledAutomation>;
  readonly actions: ReadonlyMap<string, CompiledAction>;
  /** Reports and dashboards, run by engine/src/reports. */
  readonly reports: ReadonlyMap<string, CompiledReport>;
  readonly dashboards: ReadonlyMap<string, CompiledDashboard>;
  /** Each role's home dashboard (role `home`), by role name. */
  readonly roleHomes: ReadonlyMap<string, string>;
  /**
   * Every document by kind, then name, as published: for model/ itself and the metadata API.
   * The rest of the engine reads the compiled entities, views, forms, roles and menus above.
   */
  readonly documents: ReadonlyMap<string, ReadonlyMap<string, Readonly<MetadataDocument>>>;
}

export type { ColumnSpec, IndexSpec, TableSpec };
export type { CompiledField, CompiledFieldOf, FieldTypeName } from './compiled-field.ts';
export type { CompiledFieldRule, CompiledForm, CompiledFormSection } from './compile-form.ts';
export type { CompiledMenu, CompiledMenuItem } from './compile-menu.ts';
export type { CompiledGrant, CompiledRole, FieldAccess, RecordScope } from './compile-role.ts';
export type { CompiledView } from './compile-view.ts';
export type { CompiledAction } from './compile-action.ts';
export type { CompiledApproval } from './compile-approval.ts';
export type { CompiledAutomation } from './compile-automation.ts';
export type { CompiledReminder } from './compile-reminder.ts';
export type { CompiledReport, CompiledReportDimension, CompiledReportMeasure, CompiledReportParam } from './compile-report.ts';
export type { CompiledDashboard, CompiledDashboardWidget } from './compile-dashboard.ts';

/** Freezes objects, arrays and the values of maps all the way down (a frozen Map still answers `set`, so maps are walked, not trusted). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** The model before anything is published. */
export function emptyModel(): CompiledModel {
  return Object.freeze({
    kind: 'model',
    revision: 0,
    entities: new Map(),
    views: new Map(),
    forms: new Map(),
    roles: new Map(),
    menus: new Map(),
    approvals: new Map(),
    reminders: new Map(),
    automations: new Map(),
    actions: new Map(),
    reports: new Map(),
    dashboards: new Map(),
    roleHomes: new Map(),
    documents: new Map(),
  }) as CompiledModel;
}

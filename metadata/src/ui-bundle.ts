/**
 * The UI bundle: what `GET /api/meta/ui?locale=…` answers, and all the runtime screens
 * know about the model. It is computed from the compiled model for one user and one
 * locale: entities, fields, views, forms and menus the user may not use are absent, hidden
 * fields are absent, fields the user may only read are `readOnly`, and every label is
 * already text in the requested locale (falling back to `en`, then to the name).
 *
 * Screens are data: runtime-ui renders only what this bundle says and has no code that
 * names an entity.
 */
import type { FieldType, LogicExpression, JsonValue } from './types.ts';

/** Locales the screens offer; labels in metadata are keyed by these. */
export const UI_LOCALES = ['en', 'zh-CN'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

export interface UiBundle {
  /** The metadata revision the bundle was built from (screens reload it when it changes). */
  readonly revision: number;
  readonly locale: UiLocale;
  readonly user: UiUser;
  /** Menus whose `roles` the user holds (a menu without roles is everyone's), in name order. */
  readonly menus: readonly UiMenu[];
  /** By entity name. */
  readonly entities: Readonly<Record<string, UiEntity>>;
  /** By view name; only views of entities the user may read, columns the user may see. */
  readonly views: Readonly<Record<string, UiView>>;
  /** By form name; only forms of entities the user may read. */
  readonly forms: Readonly<Record<string, UiForm>>;
  /** The dashboard the web app opens first (the user's role `home`), when there is one they may use: GET /api/dashboards/{home}. */
  readonly home?: string;
}

export interface UiUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly admin: boolean;
  readonly roles: readonly string[];
}

export interface UiMenu {
  readonly name: string;
  readonly label: string;
  readonly icon?: string;
  readonly items: readonly UiMenuItem[];
}

/** Items pointing at something the user may not open are left out; empty groups too. */
export type UiMenuItem =
  | { readonly kind: 'view'; readonly view: string; readonly entity: string; readonly label: string; readonly icon?: string }
  | { readonly kind: 'dashboard'; readonly dashboard: string; readonly label: string; readonly icon?: string }
  | { readonly kind: 'report'; readonly report: string; readonly label: string; readonly icon?: string }
  | { readonly kind: 'approvals'; readonly label: string; readonly icon?: string }
  | { readonly kind: 'group'; readonly label: string; readonly icon?: string; readonly items: readonly UiMenuItem[] };

/** What the user may do with an entity's records (any scope other than `none` counts). */
export interface UiEntityPermissions {
  readonly create: boolean;
  readonly update: boolean;
  readonly delete: boolean;
  /** May share records and transfer their owner (owned entities). */
  readonly share: boolean;
}

export interface UiEntity {
  readonly name: string;
  readonly label: string;
  readonly pluralLabel: string;
  readonly icon?: string;
  readonly titleField: string;
  /** Records have an `owner` (ownership transfer, "mine" filters). */
  readonly owned: boolean;
  /** `q` search is available (the entity has `search` fields). */
  readonly searchable: boolean;
  readonly permissions: UiEntityPermissions;
  /** Every field the user may see, system fields included, in definition order (system fields last). */
  readonly fields: Readonly<Record<string, UiField>>;
  readonly fieldOrder: readonly string[];
  /** The view and form to use when none is named: the `default: true` one, else the first by name. */
  readonly defaultView?: string;
  readonly defaultForm?: string;
  /** Entities whose lookups point here and that the user may read: candidates for related lists. */
  readonly referencedBy: readonly UiRelation[];
  /** Record actions of this entity the user's roles grant (all, for an administrator), in name order. */
  readonly actions?: readonly UiAction[];
}

/** A record action as the screens offer it: a button on the record page, and on list selections when `bulk`. */
export interface UiAction {
  readonly name: string;
  readonly label: string;
  readonly type: 'update' | 'convert';
  readonly bulk: boolean;
  /** Shown only while this holds for the record (json-logic-js); the server checks it again. */
  readonly visibleWhen?: LogicExpression;
  /** convert: the entity of the (first) record created, which the screens open afterwards. */
  readonly target?: string;
  /** Fields the user gives when running it (sent as `input`). */
  readonly input?: readonly string[];
}

export interface UiRelation {
  /** The entity holding the lookup. */
  readonly entity: string;
  /** Its lookup field pointing at this entity. */
  readonly field: string;
  /** The other entity's plural label. */
  readonly label: string;
}

export interface UiSelectOption {
  readonly value: string;
  readonly label: string;
  readonly color?: string;
}

/**
 * One field as the screens need it. Type-specific keys of the field definition
 * (options, min/max, currency, currencies, scale, precision, maxLength, accept, maxSize,
 * pattern, entity, via, result, …) are copied as they are, with option labels resolved.
 */
export interface UiField {
  readonly name: string;
  readonly type: FieldType;
  readonly label: string;
  readonly help?: string;
  readonly required: boolean;
  /** System, computed (formula, rollup, autonumber) or read-only for this user. */
  readonly readOnly: boolean;
  readonly system: boolean;
  /** Usable in `sort` and filters (it has a column). */
  readonly sortable: boolean;
  readonly default?: JsonValue;
  /** select / multiselect */
  readonly options?: readonly UiSelectOption[];
  readonly allowNew?: boolean;
  /** lookup: the target entity; lines: the child entity. */
  readonly entity?: string;
  /** lines: the child's lookup back to the parent. */
  readonly via?: string;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly maxLength?: number;
  readonly scale?: number;
  readonly precision?: number;
  /** money: the default currency and the allowed ones. */
  readonly currency?: string;
  readonly currencies?: readonly string[];
  /** file / image */
  readonly accept?: readonly string[];
  readonly maxSize?: number;
  /** autonumber */
  readonly pattern?: string;
  /** formula: the result type and the expression, so forms can show it live (the server computes the stored value). */
  readonly result?: string;
  readonly expr?: LogicExpression;
  /** rollup over child rows (`entity` via `via`): the function, the child field, and which rows count. */
  readonly fn?: string;
  readonly field?: string;
  readonly filter?: LogicExpression;
}

export interface UiColumn {
  /** A field name or a lookup path ("customer.grade"). */
  readonly path: string;
  /** "Customer › Grade" for paths. */
  readonly label: string;
  /** The field the path ends at (its type, options… for rendering). */
  readonly field: UiField;
  /** The lookup fields to `expand` to show this column ("customer" for "customer.grade"). */
  readonly expand?: string;
}

export interface UiView {
  readonly name: string;
  readonly entity: string;
  readonly label: string;
  readonly columns: readonly UiColumn[];
  /** The view's own filter, applied by the server whatever the user adds (send it as `filter`, combined with `and`). */
  readonly filter?: LogicExpression;
  /** `sort` parameter value, e.g. ["-closeAt", "name"]. */
  readonly sort: readonly string[];
  readonly pageSize: number;
  readonly default: boolean;
}

export interface UiFormSection {
  readonly title?: string;
  readonly columns: number;
  readonly fields?: readonly string[];
  /** A related list: records of `relation.entity` whose `relation.field` points at this record. */
  readonly related?: UiRelation;
  readonly visibleWhen?: LogicExpression;
  readonly collapsed: boolean;
}

export interface UiForm {
  readonly name: string;
  readonly entity: string;
  readonly label: string;
  readonly sections: readonly UiFormSection[];
  /** JSON Schema (draft 2020-12 subset that RJSF understands) of the form's editable record body. */
  readonly schema: Readonly<Record<string, JsonValue>>;
  /** RJSF uiSchema: `ui:widget` names the runtime widget per field type ("lookup", "money", "lines", …), `ui:order`, `ui:readonly`. */
  readonly uiSchema: Readonly<Record<string, JsonValue>>;
  /** By field name; evaluated live with json-logic-js against the form data. */
  readonly fieldRules: Readonly<Record<string, { visibleWhen?: LogicExpression; requiredWhen?: LogicExpression; readOnlyWhen?: LogicExpression }>>;
}

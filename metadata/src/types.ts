/**
 * TypeScript shapes of Loom metadata documents. They mirror `metadata/schemas/*.schema.json`
 * (the schemas are the truth; a document that passes `validateDocument` has these types).
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Text for people: a string, or a map from locale ("en", "zh-CN") to text. */
export type Label = string | Record<string, string>;

/** A JSON Logic expression (json-logic-js). Free JSON; the engine's logic/ module interprets it. */
export type LogicExpression = JsonValue;

/** A duration such as "48h", "2d" (units m, h, d, w). */
export type Duration = string;

export type MetadataKind = 'entity' | 'form' | 'view' | 'menu' | 'approval' | 'reminder' | 'automation' | 'action' | 'report' | 'dashboard' | 'role' | 'pack';

/** Keys every document has. */
export interface DocumentBase<K extends MetadataKind> {
  /** Editor hint pointing at the JSON Schema; ignored by Loom. */
  $schema?: string;
  kind: K;
  name: string;
  label?: Label;
  description?: string;
}

// ---------------------------------------------------------------- entity fields

/** Keys every field type accepts. */
export interface FieldBase {
  label?: Label;
  description?: string;
  help?: Label;
  required?: boolean;
  default?: JsonValue;
  unique?: boolean;
  index?: boolean;
  search?: boolean;
  readOnly?: boolean;
}

export interface SelectOption {
  value: string;
  label?: Label;
  color?: string;
}

export type OnDelete = 'setNull' | 'cascade' | 'restrict';

export interface TextField extends FieldBase {
  type: 'text';
  maxLength?: number;
  minLength?: number;
  pattern?: string;
}
export interface LongtextField extends FieldBase {
  type: 'longtext';
  maxLength?: number;
}
/** Sanitized HTML. */
/** Sanitised HTML; `remoteImages` keeps images from other hosts (default: only data: and /api/files/… sources). */
export interface RichtextField extends FieldBase {
  type: 'richtext';
  maxLength?: number;
  remoteImages?: boolean;
}
export interface IntegerField extends FieldBase {
  type: 'integer';
  min?: number;
  max?: number;
}
export interface NumberField extends FieldBase {
  type: 'number';
  min?: number;
  max?: number;
}
/** precision: total digits 1..38 (default 18); scale: digits after the point 0..12 (default 2). */
export interface DecimalField extends FieldBase {
  type: 'decimal';
  min?: number;
  max?: number;
  precision?: number;
  scale?: number;
}
/** currency: default ISO 4217 code; currencies: allowed codes (default any); scale 0..6 (default 2). */
export interface MoneyField extends FieldBase {
  type: 'money';
  currency?: string;
  currencies?: string[];
  min?: number;
  max?: number;
  scale?: number;
}
/** 12.5 means 12.5 %. */
export interface PercentField extends FieldBase {
  type: 'percent';
  min?: number;
  max?: number;
}
export interface BooleanField extends FieldBase {
  type: 'boolean';
}
/** min/max are ISO dates ("2024-01-31"). */
export interface DateField extends FieldBase {
  type: 'date';
  min?: string;
  max?: string;
}
/** min/max are ISO date-times with offset. */
export interface DatetimeField extends FieldBase {
  type: 'datetime';
  min?: string;
  max?: string;
}
/** `options` has at least one item unless `allowNew` is true. */
export interface SelectField extends FieldBase {
  type: 'select';
  options: SelectOption[];
  allowNew?: boolean;
}
export interface MultiselectField extends FieldBase {
  type: 'multiselect';
  options: SelectOption[];
  allowNew?: boolean;
  maxItems?: number;
}
export interface EmailField extends FieldBase {
  type: 'email';
  maxLength?: number;
}
export interface PhoneField extends FieldBase {
  type: 'phone';
  maxLength?: number;
}
export interface UrlField extends FieldBase {
  type: 'url';
  maxLength?: number;
}
/**
 * Many-to-one reference. `onDelete` defaults to setNull. `master`: the target is this record's
 * master (master-detail), whose access this record follows; `masterWrite` is the access to the
 * master that writing this record needs (default update).
 */
export interface LookupField extends FieldBase {
  type: 'lookup';
  entity: string;
  onDelete?: OnDelete;
  master?: boolean;
  masterWrite?: 'update' | 'read';
}
/** Owned child rows: `entity` is the child entity, `via` its lookup field pointing back here. */
export interface LinesField extends FieldBase {
  type: 'lines';
  entity: string;
  via: string;
}
export interface UserField extends FieldBase {
  type: 'user';
  onDelete?: OnDelete;
}
export interface FileField extends FieldBase {
  type: 'file';
  accept?: string[];
  maxSize?: number;
}
export interface ImageField extends FieldBase {
  type: 'image';
  accept?: string[];
  maxSize?: number;
}
export interface GeoField extends FieldBase {
  type: 'geo';
}
/** `pattern` like "QT-{YYYY}-{0000}": tokens {YYYY} {YY} {MM} {DD} and exactly one zero counter. */
export interface AutonumberField extends FieldBase {
  type: 'autonumber';
  pattern: string;
}
export type FormulaResult = 'number' | 'text' | 'boolean' | 'date' | 'datetime';
export interface FormulaField extends FieldBase {
  type: 'formula';
  expr: LogicExpression;
  result: FormulaResult;
  /** Compute on write and store (default false: computed on read). */
  stored?: boolean;
}
export type RollupFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
/** `field` is present unless `fn` is "count". */
export interface RollupField extends FieldBase {
  type: 'rollup';
  entity: string;
  via: string;
  fn: RollupFn;
  field?: string;
  filter?: LogicExpression;
}
export interface JsonField extends FieldBase {
  type: 'json';
}

/** One field of an entity, discriminated on `type`. */
export type FieldDefinition =
  | TextField
  | LongtextField
  | RichtextField
  | IntegerField
  | NumberField
  | DecimalField
  | MoneyField
  | PercentField
  | BooleanField
  | DateField
  | DatetimeField
  | SelectField
  | MultiselectField
  | EmailField
  | PhoneField
  | UrlField
  | LookupField
  | LinesField
  | UserField
  | FileField
  | ImageField
  | GeoField
  | AutonumberField
  | FormulaField
  | RollupField
  | JsonField;

export type FieldType = FieldDefinition['type'];

/** The field definition of one type: `FieldOfType<'money'>` is `MoneyField`. */
export type FieldOfType<T extends FieldType> = Extract<FieldDefinition, { type: T }>;

// ---------------------------------------------------------------- entity

export interface DuplicateCheck {
  fields: string[];
  mode: 'warn' | 'block';
}
export interface EntityRule {
  name: string;
  assert: LogicExpression;
  message: Label;
}

interface EntityBase extends DocumentBase<'entity'> {
  pluralLabel?: Label;
  icon?: string;
  titleField?: string;
  owned?: boolean;
  softDelete?: boolean;
  fields?: Record<string, FieldDefinition>;
  /** Each index lists field names; "-name" is descending. */
  indexes?: string[][];
  unique?: string[][];
  duplicates?: DuplicateCheck[];
  rules?: EntityRule[];
}

/** A full entity definition. */
export interface EntityDefinition extends EntityBase {
  extends?: undefined;
  label: Label;
  titleField: string;
  fields: Record<string, FieldDefinition>;
}

/** Adds fields, indexes, rules… to another (usually another pack's) entity. */
export interface EntityExtension extends EntityBase {
  extends: string;
}

export type EntityDocument = EntityDefinition | EntityExtension;

// ---------------------------------------------------------------- form, view

export interface FormSection {
  title?: Label;
  /** 1..4, default 1. */
  columns?: number;
  /** Exactly one of `fields` and `related` is present. */
  fields?: string[];
  /** "<entity>.<lookupField>": the related list of that entity's records pointing here. */
  related?: string;
  visibleWhen?: LogicExpression;
  collapsed?: boolean;
}

export interface FieldRule {
  visibleWhen?: LogicExpression;
  requiredWhen?: LogicExpression;
  readOnlyWhen?: LogicExpression;
}

export interface FormDocument extends DocumentBase<'form'> {
  entity: string;
  sections: FormSection[];
  fieldRules?: Record<string, FieldRule>;
}

export interface ViewDocument extends DocumentBase<'view'> {
  entity: string;
  /** Field names or lookup paths ("customer.name"). */
  columns: string[];
  filter?: LogicExpression;
  /** Field paths; "-" prefix for descending. */
  sort?: string[];
  /** 1..500, default 50. */
  pageSize?: number;
  default?: boolean;
}

// ---------------------------------------------------------------- menu

/** Exactly one of dashboard, view, report, approvals, group (a group has items). */
export interface MenuItem {
  dashboard?: string;
  view?: string;
  report?: string;
  approvals?: true;
  group?: Label;
  items?: MenuItem[];
  label?: Label;
  icon?: string;
}

export interface MenuDocument extends DocumentBase<'menu'> {
  icon?: string;
  items: MenuItem[];
  roles?: string[];
}

// ---------------------------------------------------------------- actions shared by processes

/** Exactly one key. `var` is a JSON Logic variable name yielding user id(s). */
export type Recipient = { field: string } | { role: string } | { user: string } | { var: string };
export type Channel = 'inbox' | 'email';

/** Field name → JSON Logic value (a literal evaluates to itself). */
export type FieldValues = Record<string, LogicExpression>;

export interface NotifySpec {
  to: Recipient[];
  title?: Label;
  message: Label;
  channels?: Channel[];
}
export interface WebhookSpec {
  url: string;
  /** Default POST. */
  method?: 'POST' | 'PUT' | 'PATCH';
  headers?: Record<string, string>;
  body?: LogicExpression;
}

/**
 * What a `set` step writes: field name → JSON Logic value evaluated against the record. A key
 * `"lookup.field"` writes a field of the record that lookup points to (one step), e.g. a
 * follow-up's `"customer.lastFollowUpAt": {"var": "at"}`; nothing is written when the lookup is empty.
 */
export type SetValues = Record<string, LogicExpression>;

/** One step of an action list: exactly one key. */
export type ProcessAction =
  | { set: SetValues }
  | { create: { entity: string; values?: FieldValues } }
  | { notify: NotifySpec }
  | { webhook: WebhookSpec }
  | { startApproval: { approval: string } };

// ---------------------------------------------------------------- approval

export type Approvers = { role: string } | { users: string[] } | { managerOf: string } | { field: string };
/** Default "any". */
export type ApprovalMode = 'any' | 'all' | { ratio: number };
export type TimeoutOutcome = 'remind' | 'escalate' | 'approve' | 'reject';

/** allowReassign and allowAddApprover default to true; returnTo names an earlier step. */
export interface ApprovalStep {
  name: string;
  label?: Label;
  approvers: Approvers;
  mode?: ApprovalMode;
  when?: LogicExpression;
  timeout?: { after: Duration; then: TimeoutOutcome };
  returnTo?: string;
  allowReassign?: boolean;
  allowAddApprover?: boolean;
}

export interface ApprovalDocument extends DocumentBase<'approval'> {
  entity: string;
  entry?: LogicExpression;
  /** Default true. */
  lock?: boolean;
  /** Whether the submitter may approve their own submission (default false: they are left out of every step's approvers). */
  allowSelfApproval?: boolean;
  steps: ApprovalStep[];
  /** Run in the submit's transaction before the first step (a status while pending). */
  onSubmitted?: ProcessAction[];
  /** Run when the submitter recalls it. */
  onRecalled?: ProcessAction[];
  onApproved?: ProcessAction[];
  onRejected?: ProcessAction[];
}

// ---------------------------------------------------------------- reminder, automation

export interface ReminderDocument extends DocumentBase<'reminder'> {
  entity: string;
  /** offset like "-30d", time "HH:MM". */
  at: { field: string; offset?: string; time?: string };
  when?: LogicExpression;
  to: Recipient[];
  title?: Label;
  message: Label;
  channels?: Channel[];
  /** Repeats every period after the first time: "1y", "6mo", "2w", "1d". */
  repeat?: { every: string };
}

/** Exactly one trigger key (`fields` only with `update`). */
export type AutomationTrigger =
  { create: true } | { update: true; fields?: string[] } | { delete: true } | { schedule: string } | { dateField: { field: string; offset?: string } };

export interface AutomationDocument extends DocumentBase<'automation'> {
  entity: string;
  on: AutomationTrigger;
  where?: LogicExpression;
  actions: ProcessAction[];
}

// ---------------------------------------------------------------- action (record buttons)

interface RecordActionBase extends DocumentBase<'action'> {
  entity: string;
  label: Label;
  bulk?: boolean;
  visibleWhen?: LogicExpression;
  /** Fields the caller gives in the request's `input`: of the entity (update) or of the first target (convert). */
  input?: string[];
  /** Checked after the writes, in their transaction. */
  limits?: ActionLimit[];
}

/** At most `max` records of the action's entity match `count.where` ($user is the caller) once the action has run. */
export interface ActionLimit {
  count: { where: LogicExpression };
  max: number;
  message: Label;
}

/** One record a convert action creates; `name` (default: the target) lets later maps say "$created.<name>". */
export interface ConvertTarget {
  name?: string;
  target: string;
  /** Target field → source field, lookup path, "id" (the source id) or "$created.<name>". */
  map: Record<string, string>;
  lines?: Record<string, ConvertLines>;
}

export interface ConvertLines {
  /** The target's lines field. */
  target: string;
  /** Target child field → source child field. */
  map: Record<string, string>;
}

/** One target (`target`, `map`, `lines`) or several (`targets`). */
export type ConvertActionDocument = RecordActionBase & {
  type: 'convert';
  /** Source fields set once the targets exist: `{"var": "$created.<name>"}` reads a new record's id. */
  set?: FieldValues;
} & (
    | {
        target: string;
        /** Target field → source field or lookup path ("id" is the source id). */
        map: Record<string, string>;
        /** Keyed by the source's lines field. */
        lines?: Record<string, ConvertLines>;
        targets?: undefined;
      }
    | { targets: ConvertTarget[]; target?: undefined; map?: undefined; lines?: undefined }
  );

export interface UpdateActionDocument extends RecordActionBase {
  type: 'update';
  set: FieldValues;
}

export type ActionDocument = ConvertActionDocument | UpdateActionDocument;

// ---------------------------------------------------------------- report, dashboard

export type MeasureFn =
  'count' | 'sum' | 'avg' | 'min' | 'max' | 'countDistinct' | 'ratio' | 'percentOfTotal' | 'cumulativePercent' | 'previous' | 'change' | 'formula';
export type ChartType = 'bar' | 'line' | 'pie' | 'funnel' | 'table';
export type ReportParamType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'user' | 'select' | 'dateRange';
export type DateBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * `field` is present for sum, avg, min, max and countDistinct unless `expr` is; `of` names the
 * measure(s) a ratio, percentOfTotal, cumulativePercent, previous or change is computed from.
 */
export interface Measure {
  fn: MeasureFn;
  field?: string;
  /**
   * sum, avg, min, max: a value computed per row (JSON Logic over fields and lookup paths) to
   * aggregate instead of a field. formula: a value computed per group from the measures before
   * it (`{"var": "<measure>"}`; a date measure reads as days since 1970-01-01).
   */
  expr?: LogicExpression;
  /** Only the rows for which this holds count in this measure. */
  where?: LogicExpression;
  /** ratio: [numerator, denominator]; the others: the one measure they are computed from. */
  of?: string | [string, string];
  name?: string;
  label?: Label;
  /** How the value reads: a plain number, a percentage (0.25 = 25 %), or money. */
  format?: 'number' | 'percent' | 'money';
}
export interface ReportParam {
  type: ReportParamType;
  label?: Label;
  required?: boolean;
  default?: JsonValue;
  /** The field the value filters on: equal to it (a select with several values: one of them), or in the date range. */
  field?: string;
  /** select: the values offered (default: the options of `field`). */
  options?: { value: string; label?: Label }[];
}

export interface ReportDocument extends DocumentBase<'report'> {
  entity: string;
  filter?: LogicExpression;
  /** Field, lookup path ("customer.grade") or date bucket ("closeDate:month"). */
  groupBy?: string[];
  measures: Measure[];
  params?: Record<string, ReportParam>;
  sort?: string[];
  limit?: number;
  /** Keep the first n groups (by the first sort key, else the first measure, largest first); `others` adds one row for the rest. */
  top?: { n: number; others?: boolean };
  /** Period over period: measures count the current period of `field`; `previous` and `change` measures compare it with the one before (or the same one last year). */
  period?: { field: string; unit: DateBucket; compareTo?: 'previous' | 'lastYear' };
  chart?: { type: ChartType; title?: Label; stacked?: boolean; pivot?: boolean };
}

export interface DashboardWidget {
  report: string;
  title?: Label;
  /** A chart (default) or a KPI tile: one number and its change against the previous period. */
  kind?: 'chart' | 'kpi';
  /** kpi: the measure shown (default: the report's first). */
  measure?: string;
  /** 1..12 grid columns, default 12. */
  w?: number;
  /** 1..12 grid rows, default 4. */
  h?: number;
  params?: Record<string, JsonValue>;
}

export interface DashboardDocument extends DocumentBase<'dashboard'> {
  widgets: DashboardWidget[];
}

// ---------------------------------------------------------------- role, pack

/** `master`: only for an entity with a master lookup, the records whose master the user may read (or write). */
export type RecordScope = 'none' | 'own' | 'team' | 'subordinates' | 'all' | 'master';
export type FieldAccess = 'hidden' | 'read' | 'write';

/** Scopes default to "none", create to false. */
export interface EntityGrant {
  read?: RecordScope;
  create?: boolean;
  update?: RecordScope;
  delete?: RecordScope;
  fields?: Record<string, FieldAccess>;
}

export interface RoleDocument extends DocumentBase<'role'> {
  entities?: Record<string, EntityGrant>;
  /** Record actions (by name) the role's users may run. */
  actions?: string[];
  /** The dashboard the role's users land on (the first of their roles that names one). */
  home?: string;
}

export interface PackDocument extends DocumentBase<'pack'> {
  version: string;
  requires?: { loom?: string; packs?: Record<string, string> };
  contents: string[];
  data?: string[];
}

// ---------------------------------------------------------------- all documents

export type MetadataDocument =
  | EntityDocument
  | FormDocument
  | ViewDocument
  | MenuDocument
  | ApprovalDocument
  | ReminderDocument
  | AutomationDocument
  | ActionDocument
  | ReportDocument
  | DashboardDocument
  | RoleDocument
  | PackDocument;

/** The document type of one kind: `DocumentOfKind<'view'>` is `ViewDocument`. */
export type DocumentOfKind<K extends MetadataKind> = Extract<MetadataDocument, { kind: K }>;

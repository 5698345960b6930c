import type { ReactNode } from 'react';
import type { UiBundle, UiField } from '@loom/metadata';
import type { MessageKey, Translate } from '../i18n/i18n.tsx';
import type { Formatters } from './formatters.ts';

/** Names of records and users seen so far, by id (lookups show a title, not an id). */
export type Titles = ReadonlyMap<string, string>;

/** What formatting a value needs besides the field: the locale's formats and words, and the bundle. */
export interface ValueContext {
  readonly bundle: UiBundle;
  readonly format: Formatters;
  readonly t: Translate;
  readonly titles?: Titles;
}

/** The kinds of clause the list's filter bar builds (see list/filters.ts). */
export type FilterKind = 'contains' | 'oneOf' | 'range' | 'flag' | 'ref';

/** How the filter bar edits a field: the clause kind, and for ranges the input and the bounds sent. */
export interface FilterEditor {
  readonly kind: FilterKind;
  /** The `<input type>` for range bounds. */
  readonly input?: 'number' | 'date';
  /** A range bound as sent in JSON Logic; `end` is the upper bound (a whole day for a date-time). */
  bound?(raw: string, end: boolean): string | number;
}

/** How the list's bulk bar sets a field on many records at once. */
export type BulkEditor = 'select' | 'flag' | 'ref' | 'date' | 'number' | 'text';

/**
 * A field type as the web app sees it, the mirror of the engine's model/field-types:
 * everything the screens do differently per type is here, in one entry per type, and
 * nothing outside runtime-ui/src/fields/ looks at `field.type`.
 */
export interface UiFieldType {
  /** The value as plain text in the user's locale (cards, titles, tooltips, exports); "" when empty. */
  text(field: UiField, value: unknown, ctx: ValueContext): string;
  /** A list cell (one line); defaults to the text, truncated. */
  cell?(field: UiField, value: unknown, ctx: ValueContext): ReactNode;
  /** The read-only value on a record page or a read-only form field; defaults to the text. */
  view?(field: UiField, value: unknown, ctx: ValueContext): ReactNode;
  /** The form widget (a name in form/widgets/index.ts, also what the uiSchema's `ui:widget` says). */
  readonly widget: string;
  /** The filter bar's editor; absent when the type cannot be filtered. */
  filter?(field: UiField): FilterEditor | undefined;
  /** A list column's starting width in px. */
  readonly width: number;
  /** Right-aligned in tables, totalled in lines. */
  readonly numeric?: boolean;
  /** Too big or structured for a list cell. */
  readonly notInLists?: boolean;
  /** Takes a whole row of a form's grid (long text, lines, a map). */
  readonly wide?: boolean;
  /** Points at a record or a user: lists ask for it expanded, so cells show a name. */
  readonly reference?: boolean;
  /** Computed by the server (formula, rollup, autonumber): never edited. */
  readonly computed?: boolean;
  /** What a form shows while the value is still empty (an autonumber is assigned when saved). */
  readonly emptyNote?: MessageKey;
  /** A form value as the API takes it (an id for a reference, null for an amount left empty); defaults to the value. */
  write?(value: object): unknown;
  /** A value as JSON Logic conditions see it, as on the server (money and decimals are numbers, references ids); defaults to the value. */
  logic?(value: unknown): unknown;
  /** How the bulk bar sets it; absent when it cannot. */
  readonly bulk?: BulkEditor;
  /** The `<input type>` of its text box, when not plain text (the phone keypad, e-mail keyboard). */
  readonly inputType?: 'email' | 'tel' | 'url';
}

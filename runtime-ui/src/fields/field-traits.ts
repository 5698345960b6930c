import type { UiField } from '@loom/metadata';
import type { BulkEditor, FilterEditor } from './field-type.ts';
import { fieldTypeOf } from './registry.tsx';

/** Lookup and user fields: lists ask for them expanded, so cells show a name rather than an id. */
export const isReferenceField = (field: UiField): boolean => fieldTypeOf(field).reference === true;

/** Numbers, money, percentages and number formulas: right-aligned, totalled. */
export const isNumericField = (field: UiField): boolean => fieldTypeOf(field).numeric === true;

/** Formula, rollup, autonumber: computed by the server, never edited. */
export const isComputedField = (field: UiField): boolean => fieldTypeOf(field).computed === true;

/** Too big or structured for a list cell (lines, files, long text…). */
export const fitsInLists = (field: UiField): boolean => fieldTypeOf(field).notInLists !== true;

/** A rollup: forms recompute it from the lines being edited. */
export const isRollupField = (field: UiField): boolean => field.type === 'rollup';

/** The words a form shows for the field while it is empty, if any. */
export const emptyNoteOf = (field: UiField) => fieldTypeOf(field).emptyNote;

/** Takes a whole row of a form's grid. */
export const isWideField = (field: UiField | undefined): boolean => !!field && fieldTypeOf(field).wide === true;

/** The child rows of a record (an order's items), edited as a table inside the form. */
export const isLinesField = (field: UiField | undefined): field is UiField & { type: 'lines' } => field?.type === 'lines';

/** A user of the directory (its title is the user's name, its candidates come from the directory). */
export const isUserField = (field: UiField | undefined): field is UiField & { type: 'user' } => field?.type === 'user';

/** A lookup to a record of another entity (not a user). */
export const isRecordLookup = (field: UiField | undefined): field is UiField & { type: 'lookup' } => field?.type === 'lookup';

/** A single choice of the field's options: the record header shows the first as a status chip. */
export const isSingleChoice = (field: UiField | undefined): field is UiField & { type: 'select' } => field?.type === 'select';

/** A formula, computed from the record's other fields. */
export const isFormulaField = (field: UiField): boolean => field.type === 'formula';

/** Money: an amount and its currency. */
export const isMoneyField = (field: UiField): boolean => field.type === 'money';

/** A day or a moment. */
export const isDateField = (field: UiField): boolean => field.type === 'date' || field.type === 'datetime';

/** What a record's header calls its amount: money, a roll-up or a number formula. */
export const isAmountField = (field: UiField): boolean => isMoneyField(field) || isRollupField(field) || (isFormulaField(field) && field.result === 'number');

/** A number the user enters (not computed): a lines total sums it when the parent rolls it up. */
export const isEnteredNumber = (field: UiField): boolean => isNumericField(field) && !isComputedField(field);

/** A column of a lines table: not nested lines, nor what is computed over them or too big for a cell. */
export const fitsInLines = (field: UiField): boolean => !['lines', 'rollup', 'autonumber', 'json'].includes(field.type);

/** Short enough to stand among a record header's key facts (no long text, files, places or lists). */
export const isOneLineField = (field: UiField): boolean =>
  !['lines', 'longtext', 'richtext', 'json', 'geo', 'file', 'image', 'multiselect'].includes(field.type);

/** A form value as the API takes it: ids for references, null for empty (money without an amount, no choice). */
export function apiValue(field: UiField, value: unknown): unknown {
  if (value === undefined || value === '') return null;
  const write = fieldTypeOf(field).write;
  return write && value !== null && typeof value === 'object' ? write(value) : value;
}

/** A value as the form's JSON Logic conditions see it, as the server does: money and decimals are numbers, references ids. */
export function logicValueOf(field: UiField | undefined, value: unknown): unknown {
  if (value === undefined || value === '') return null;
  const logic = field ? fieldTypeOf(field).logic : undefined;
  return logic ? logic(value) : value;
}

/** How the bulk bar sets the field for many records, or undefined when it cannot. */
export const bulkEditorOf = (field: UiField | undefined): BulkEditor | undefined => (field ? fieldTypeOf(field).bulk : undefined);

/** The `<input type>` of a text box for the field. */
export const inputTypeOf = (field: UiField): string => fieldTypeOf(field).inputType ?? 'text';

/** A list column's starting width (px); chips fit their longest option. */
export function columnWidthOf(field: UiField): number {
  if (field.options?.length && (field.type === 'select' || field.type === 'multiselect')) {
    const longest = Math.max(...field.options.map((o) => chipTextWidth(o.label)));
    return Math.min(field.type === 'select' ? 200 : 240, Math.max(110, 62 + longest));
  }
  return fieldTypeOf(field).width;
}

/** Roughly how wide a chip's text is in pixels (12 px type; CJK characters are full width). */
function chipTextWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 13 : 7;
  return width;
}

/**
 * How the filter bar edits a field, or undefined when it cannot: only fields with a column
 * (sortable) filter on the server, except multiselects, which filter by membership.
 */
export function filterEditorFor(field: UiField): FilterEditor | undefined {
  if (!field.sortable && field.type !== 'multiselect') return undefined;
  return fieldTypeOf(field).filter?.(field);
}

/** The form widget's name for a field (form/widgets/index.tsx). */
export const widgetNameOf = (field: UiField): string => fieldTypeOf(field).widget;

/** Multiselect values are arrays: sorting by them means nothing, and "is any of" means "contains any". */
export const isMultiValued = (field: UiField | undefined): boolean => field?.type === 'multiselect';

import type { UiField } from '@loom/metadata';
import type { FilterEditor } from './field-type.ts';
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

export const isLinesField = (field: UiField | undefined): boolean => field?.type === 'lines';

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

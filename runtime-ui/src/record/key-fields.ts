import type { UiEntity, UiField, UiForm } from '@loom/metadata';
import { isAmountField, isDateField, isOneLineField, isRecordLookup, isSingleChoice } from '../fields/field-traits.ts';

/** The select shown as a status chip beside the title: the first select of the form's first section. */
export function statusField(entity: UiEntity, form: UiForm | undefined): UiField | undefined {
  const names = form?.sections.find((s) => s.fields?.length)?.fields ?? entity.fieldOrder;
  return names.map((n) => entity.fields[n]).find(isSingleChoice);
}

const KINDS: ((f: UiField) => boolean)[] = [isRecordLookup, isAmountField, isDateField];

/**
 * The few facts the record header shows under the title: the first lookup, amount and
 * date of the form, then its other one-line fields in order (never the title, the status
 * chip or the owner, which have their own places).
 */
export function keyFields(entity: UiEntity, form: UiForm | undefined, max = 4): UiField[] {
  const status = statusField(entity, form);
  const names = form ? form.sections.flatMap((s) => s.fields ?? []) : entity.fieldOrder.filter((n) => !entity.fields[n]?.system);
  const candidates = names
    .map((n) => entity.fields[n])
    .filter((f): f is UiField => !!f && f.name !== entity.titleField && f.name !== 'owner' && f !== status && isOneLineField(f));
  const picked: UiField[] = [];
  for (const kind of KINDS) {
    const found = candidates.find((f) => kind(f) && !picked.includes(f));
    if (found) picked.push(found);
  }
  for (const f of candidates) if (picked.length < max && !picked.includes(f)) picked.push(f);
  return picked.slice(0, max);
}

import type { UiEntity, UiField, UiForm } from '@loom/metadata';

const NOT_KEY = new Set(['lines', 'longtext', 'richtext', 'json', 'geo', 'file', 'image', 'multiselect']);

/** The select shown as a status chip beside the title: the first select of the form's first section. */
export function statusField(entity: UiEntity, form: UiForm | undefined): UiField | undefined {
  const names = form?.sections.find((s) => s.fields?.length)?.fields ?? entity.fieldOrder;
  return names.map((n) => entity.fields[n]).find((f) => f?.type === 'select');
}

const KINDS: ((f: UiField) => boolean)[] = [
  (f) => f.type === 'lookup',
  (f) => f.type === 'money' || f.type === 'rollup' || (f.type === 'formula' && f.result === 'number'),
  (f) => f.type === 'date' || f.type === 'datetime',
];

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
    .filter((f): f is UiField => !!f && f.name !== entity.titleField && f.name !== 'owner' && f !== status && !NOT_KEY.has(f.type));
  const picked: UiField[] = [];
  for (const kind of KINDS) {
    const found = candidates.find((f) => kind(f) && !picked.includes(f));
    if (found) picked.push(found);
  }
  for (const f of candidates) if (picked.length < max && !picked.includes(f)) picked.push(f);
  return picked.slice(0, max);
}

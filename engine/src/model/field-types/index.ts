import type { FieldType } from './field-type.ts';
import { booleanType } from './boolean.ts';
import { formulaType, linesType, rollupType } from './computed.ts';
import { dateType, datetimeType } from './date.ts';
import { fileFieldType, imageFieldType } from './file.ts';
import { geoType } from './geo.ts';
import { autonumberType, jsonType } from './misc.ts';
import { moneyType } from './money.ts';
import { decimalType, integerType, numberType, percentType } from './number.ts';
import { idType, lookupType, userType } from './reference.ts';
import { multiselectType, selectType } from './select.ts';
import { emailType, longtextType, phoneType, richtextType, textType, urlType } from './text.ts';

/** Every field type by name: the only place that knows the list. */
export const fieldTypes: Readonly<Record<string, FieldType<any>>> = Object.freeze(
  Object.fromEntries(
    [
      textType,
      longtextType,
      richtextType,
      emailType,
      phoneType,
      urlType,
      integerType,
      numberType,
      decimalType,
      percentType,
      moneyType,
      booleanType,
      dateType,
      datetimeType,
      selectType,
      multiselectType,
      lookupType,
      userType,
      linesType,
      fileFieldType,
      imageFieldType,
      geoType,
      autonumberType,
      formulaType,
      rollupType,
      jsonType,
      idType,
    ].map((t) => [t.type, t]),
  ),
);

export function fieldTypeOf(type: string): FieldType<any> {
  const fieldType = fieldTypes[type];
  if (!fieldType) throw new Error(`No field type "${type}"`);
  return fieldType;
}

import type { FieldType, JsonSchema, WriteResult } from './field-type.ts';
import { fail, ok } from './field-type.ts';
import { sanitizeRichText } from './rich-text.ts';
import { readColumn, scalarColumn } from './scalar-column.ts';

interface StringDef {
  type: string;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  remoteImages?: boolean;
}

const DEFAULT_MAX = { text: 1000, longtext: 100_000, richtext: 200_000, email: 320, phone: 40, url: 2048 } as Record<string, number>;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9()\-.\s]{3,40}$/;

/** Checks shared by every string type: kind, length and pattern. */
function checkString(value: unknown, def: StringDef): string | WriteResult {
  if (typeof value !== 'string') return fail('must be a string');
  const max = def.maxLength ?? DEFAULT_MAX[def.type] ?? 1000;
  const length = [...value].length;
  if (length > max) return fail(`must be at most ${max} characters (got ${length})`);
  if (def.minLength !== undefined && length < def.minLength) return fail(`must be at least ${def.minLength} characters`);
  if (def.pattern !== undefined && !new RegExp(def.pattern, 'u').test(value)) return fail(`must match the pattern ${def.pattern}`);
  return value;
}

function stringType(
  type: string,
  format?: { check: (v: string) => boolean; message: string; schemaFormat?: string },
  clean?: (v: string, def: StringDef) => string,
): FieldType<any> {
  return {
    type,
    columns: (_def, ctx) => scalarColumn('text', ctx),
    logicType: () => 'text',
    valueSchema(def: StringDef): JsonSchema {
      return { type: ['string', 'null'], maxLength: def.maxLength ?? DEFAULT_MAX[type], ...(format?.schemaFormat ? { format: format.schemaFormat } : {}) };
    },
    toColumns(value, def: StringDef, column) {
      if (value === null || value === '') return ok({ [column]: null });
      const checked = checkString(value, def);
      if (typeof checked !== 'string') return checked;
      if (format && !format.check(checked)) return fail(format.message);
      return ok({ [column]: clean ? clean(checked, def) : checked });
    },
    fromRow: (row, _def, column) => readColumn(row, column),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const textType = stringType('text');
export const longtextType = stringType('longtext');
// Rich text is stored sanitised: no markup that could run script, no remote images unless the field allows them.
export const richtextType = stringType('richtext', undefined, (v, def) => sanitizeRichText(v, { remoteImages: def.remoteImages }));
export const emailType = stringType('email', { check: (v) => EMAIL.test(v), message: 'must be an email address', schemaFormat: 'email' });
export const phoneType = stringType('phone', { check: (v) => PHONE.test(v), message: 'must be a phone number (digits, spaces, + ( ) - .)' });
export const urlType = stringType('url', { check: isHttpUrl, message: 'must be an http or https URL', schemaFormat: 'uri' });

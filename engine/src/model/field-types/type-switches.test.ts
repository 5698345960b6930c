import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldTypes } from './index.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Here a type name is compared on purpose; in logic/, `.type` is a JSON Logic value's type, not a field's. */
const ALLOWED = [path.join(SRC, 'model', 'field-types'), path.join(SRC, 'logic')];

const names = Object.keys(fieldTypes).join('|');
/** `field.type === 'lines'`, `f.type !== "lookup"`, `switch (field.type)`. */
const TYPE_SWITCH = new RegExp(`\\.type\\s*[!=]==?\\s*['"](${names})['"]|switch\\s*\\(\\s*[\\w.]*\\.type\\s*\\)`);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ALLOWED.includes(full) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [full] : [];
  });
}

describe('field type switches', () => {
  it('happen only in model/field-types: elsewhere a field type is asked through its capabilities and predicates', () => {
    const found: string[] = [];
    for (const file of sourceFiles(SRC)) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (TYPE_SWITCH.test(line)) found.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('would see one', () => {
    expect(TYPE_SWITCH.test(`if (field.type === 'lines') continue;`)).toBe(true);
    expect(TYPE_SWITCH.test(`switch (f.type) {`)).toBe(true);
    expect(TYPE_SWITCH.test(`if (isLinesField(field)) continue;`)).toBe(false);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldTypes } from './registry.tsx';

const src = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

/** The app's source files, without fields/ (the one place that knows the types) and tests. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === here.replace(/\/$/, '') || entry.name === '__tests__' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const names = Object.keys(fieldTypes).join('|');
/** Ways of asking a field its type: comparing it to a type's name, switching on it, looking it up in a set or list. */
const CHECKS = [
  new RegExp(`\\btype\\s*[!=]==?\\s*['"\`](${names})['"\`]`),
  new RegExp(`['"\`](${names})['"\`]\\s*[!=]==?\\s*[\\w?.]*\\btype\\b`),
  /switch\s*\([^)]*\btype\)/,
  /\.(has|includes)\(\s*[\w?.]*\.type\s*\)/,
  /\[\s*[\w?.]*\bfield\??\.type\s*\]/,
];

/** Every line outside fields/ that decides something by a field's type. */
function typeChecks(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (CHECKS.some((check) => check.test(line))) found.push(`${relative(src, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('field types are known only to fields/', () => {
  it('finds no check of a field type outside fields/ (ask a trait in fields/field-traits.ts instead)', () => {
    expect(typeChecks(sources(src))).toEqual([]);
  });

  it('recognises the checks it forbids', () => {
    const lines = [
      "if (field.type === 'lines') {",
      "const users = f?.type !== 'user';",
      "if ('money' === field.type) {",
      'switch (field.type) {',
      'NUMERIC.has(c.type)',
      "['a'].includes(f.type)",
      'INPUT_TYPE[field.type]',
    ];
    const found = lines.filter((line) => CHECKS.some((check) => check.test(line)));
    expect(found).toEqual(lines);
    expect(CHECKS.some((check) => check.test("e.params?.type !== 'null'"))).toBe(false);
  });
});

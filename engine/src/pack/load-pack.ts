import fs from 'node:fs';
import path from 'node:path';
import { loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import type { MetadataChange } from '../meta/metadata-change.ts';

export interface LoadedPack {
  readonly folder: string;
  readonly manifest: Record<string, unknown> | undefined;
  /** Every document as a change, its pointer naming the file: `entities/account.json#`. */
  readonly changes: MetadataChange[];
  readonly dataFiles: string[];
}

/**
 * Reads a pack folder (pack.json with `contents` and `data` globs) or, without a
 * pack.json, every *.json file under the folder. Unreadable or malformed files are
 * all reported together, each with its file name.
 */
export function loadPack(folder: string): LoadedPack {
  const root = path.resolve(folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw loomErrors('LOOM_ERR_META_INVALID', [{ path: folder, message: 'is not a folder' }]);
  const problems: ProblemItem[] = [];
  const manifestPath = path.join(root, 'pack.json');
  const manifest = fs.existsSync(manifestPath) ? (readJson(root, 'pack.json', problems) as Record<string, unknown> | undefined) : undefined;
  const contents = manifest ? globs(manifest.contents, ['**/*.json']) : ['**/*.json'];
  const dataGlobs = manifest ? globs(manifest.data, []) : [];
  const dataFiles = expand(root, dataGlobs);
  const documentFiles = expand(root, contents).filter((f) => f !== 'pack.json' && !dataFiles.includes(f));
  const changes: MetadataChange[] = [];
  if (manifest) changes.push({ put: manifest, pointer: 'pack.json#' });
  for (const file of documentFiles) {
    const doc = readJson(root, file, problems);
    if (doc !== undefined) changes.push({ put: doc, pointer: `${file}#` });
  }
  if (problems.length) throw loomErrors('LOOM_ERR_META_INVALID', problems);
  return { folder: root, manifest, changes, dataFiles: dataFiles.map((f) => path.join(root, f)) };
}

function readJson(root: string, file: string, problems: ProblemItem[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  } catch (error) {
    problems.push({ path: `${file}#`, message: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

function globs(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : fallback;
}

/** Minimal globbing: `*` inside one path segment and `**` for any depth; results sorted. */
function expand(root: string, patterns: readonly string[]): string[] {
  const all = listFiles(root, '');
  const matchers = patterns.map(toRegExp);
  return all.filter((f) => matchers.some((m) => m.test(f))).sort();
}

function listFiles(root: string, rel: string): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(root, child);
    return [child];
  });
}

function toRegExp(pattern: string): RegExp {
  // `**/` is any number of folders, `*` any name within one folder.
  const part = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  const escaped = pattern.split('**/').map(part).join('(?:.*/)?');
  return new RegExp(`^${escaped}$`);
}

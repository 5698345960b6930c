import type { ErrorSchema } from '@rjsf/utils';

/** An application/problem+json answer of the Loom API. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/** One problem as the error summary shows it. */
export interface PlacedError {
  /** Field path inside the form data, e.g. ["lines", 1, "qty"]; empty for the record itself. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Splits a JSON pointer into its segments, undoing `~1` and `~0`. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer || pointer === '/') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Turns a pointer into a path in the form data: `/account` → ["account"],
 * `/lines/1/qty` → ["lines", 1, "qty"], `/fields/phone` → ["phone"]. Pointers to
 * things the form does not show (query, headers, unknown fields) become the record itself.
 */
export function pointerToPath(pointer: string, knownFields: ReadonlySet<string>): (string | number)[] {
  let segments = pointerSegments(pointer);
  if (segments[0] === 'fields' && segments.length > 1 && knownFields.has(segments[1])) segments = segments.slice(1);
  if (segments[0] === 'data' && segments.length > 1 && knownFields.has(segments[1])) segments = segments.slice(1);
  if (!segments.length || !knownFields.has(segments[0])) return [];
  return segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The located problems of a problem answer; one without any is a single problem of the record. */
export function placeProblem(problem: Problem, knownFields: ReadonlySet<string>): PlacedError[] {
  const errors = problem.errors ?? [];
  if (!errors.length) return [{ path: [], message: problem.detail || problem.title || `Request failed (${problem.status})` }];
  return errors.map((e) => ({ path: pointerToPath(e.path, knownFields), message: e.message }));
}

/** RJSF error tree for the problems that sit on a field (record-level ones are left to the summary). */
export function toErrorSchema(errors: readonly PlacedError[]): ErrorSchema {
  const root: Record<string, any> = {};
  for (const error of errors) {
    if (!error.path.length) continue;
    let node = root;
    for (const segment of error.path) node = node[segment] ??= {};
    (node.__errors ??= []).push(error.message);
  }
  return root as ErrorSchema;
}

/** Drops the errors of fields whose value changed, so a fixed field stops showing its old error. */
export function withoutChanged(errors: readonly PlacedError[], before: Record<string, unknown>, after: Record<string, unknown>): PlacedError[] {
  return errors.filter((e) => {
    if (!e.path.length) return true;
    const field = String(e.path[0]);
    if (typeof e.path[1] !== 'number') return JSON.stringify(before[field]) === JSON.stringify(after[field]);
    const row = (v: unknown) => JSON.stringify(Array.isArray(v) ? v[e.path[1] as number] : undefined);
    return row(before[field]) === row(after[field]);
  });
}

/** RJSF's `property` (".lines.0.qty", "['first-name']") as a path in the form data. */
export function propertyToPath(property: string | undefined): (string | number)[] {
  if (!property) return [];
  const segments: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g;
  for (let m = re.exec(property); m; m = re.exec(property)) {
    const text = m[1] ?? m[2] ?? m[3];
    segments.push(/^\d+$/.test(text) ? Number(text) : text);
  }
  return segments;
}

/** Where an RJSF (ajv) error belongs: `required` errors name the missing property in their params. */
export function validationPath(error: { name?: string; property?: string; params?: { missingProperty?: string } }): (string | number)[] {
  const path = propertyToPath(error.property);
  const missing = error.name === 'required' ? error.params?.missingProperty : undefined;
  if (missing && path[path.length - 1] !== missing) path.push(missing);
  return path;
}

import { Ajv2020, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { getCommonSchema, getKindSchema, isMetadataKind, metadataKinds } from './schemas.ts';
import type { MetadataDocument, MetadataKind } from './types.ts';

/** One problem in a document: a JSON pointer into it and a plain-English message. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; document: MetadataDocument } | { ok: false; errors: ValidationIssue[] };

/**
 * Validates one metadata document against the JSON Schema of its `kind` and reports every
 * problem at once (deduplicated), each with a JSON pointer (`/fields/name/type`) and a message.
 * It checks shape only: whether referenced entities, fields, roles… exist is checked later (link).
 * Nesting depth is checked first, before ajv (whose validators recurse) sees the document.
 */
export function validateDocument(doc: unknown): ValidationResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail('', 'a metadata document must be a JSON object');
  }
  const deep = depthIssue(doc);
  if (deep) return { ok: false, errors: [deep] };
  const kind = (doc as { kind?: unknown }).kind;
  const expected = `expected one of ${metadataKinds.join(', ')}`;
  if (kind === undefined) return fail('/kind', `missing required property "kind"; ${expected}`);
  if (!isMetadataKind(kind)) return fail('/kind', `unknown kind ${JSON.stringify(kind)}; ${expected}`);
  const validate = validatorFor(kind);
  if (validate(doc)) return { ok: true, document: doc as MetadataDocument };
  return { ok: false, errors: translateErrors(validate.errors ?? [], getKindSchema(kind)) };
}

// ------------------------------------------------------------------ nesting depth

/**
 * The deepest nesting of objects and arrays a metadata document may have (the document itself
 * is level 1). The packs need about 10 (JSON Logic stops at 32 levels, logic/check-limits.ts);
 * far deeper input is hostile, and ajv's validators, the compiler, JSON.stringify and the
 * database's jsonb all recurse, so it is refused before any of them runs.
 */
export const MAX_DOCUMENT_DEPTH = 64;

/**
 * The first object or array nested deeper than MAX_DOCUMENT_DEPTH, as an issue with its
 * pointer, or undefined. Walks with its own stack, so no depth of input can exhaust the
 * call stack here, and builds a pointer only for the value it reports.
 */
export function depthIssue(doc: unknown): ValidationIssue | undefined {
  const stack: DepthNode[] = typeof doc === 'object' && doc !== null ? [{ value: doc, depth: 1 }] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.depth > MAX_DOCUMENT_DEPTH) {
      return { path: pointerOf(node), message: `is nested deeper than ${MAX_DOCUMENT_DEPTH} levels of objects and arrays, which no metadata needs` };
    }
    for (const [key, child] of Object.entries(node.value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: node.depth + 1, parent: node, key });
    }
  }
  return undefined;
}

interface DepthNode {
  readonly value: object;
  readonly depth: number;
  readonly parent?: DepthNode;
  readonly key?: string;
}

function pointerOf(node: DepthNode): string {
  const segments: string[] = [];
  for (let at: DepthNode | undefined = node; at?.key !== undefined; at = at.parent) segments.unshift(`/${escapePointer(at.key)}`);
  return segments.join('');
}

function fail(path: string, message: string): ValidationResult {
  return { ok: false, errors: [{ path, message }] };
}

// ------------------------------------------------------------------ compiled validators

let ajvInstance: Ajv2020 | undefined;
const validators = new Map<MetadataKind, ValidateFunction>();

/**
 * One Ajv for all kinds, created on first use. `verbose` keeps the failing value and schema on
 * each error (used for messages); `errorMessage` and `patternErrorMessage` are annotations in
 * our schemas (VS Code / Monaco understand them too) that supply friendlier messages.
 */
function ajv(): Ajv2020 {
  if (!ajvInstance) {
    const instance = new Ajv2020({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
    addFormats.default(instance);
    instance.addVocabulary(['errorMessage', 'patternErrorMessage']);
    instance.addSchema(getCommonSchema() as SchemaObject);
    ajvInstance = instance;
  }
  return ajvInstance;
}

function validatorFor(kind: MetadataKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv().compile(getKindSchema(kind) as SchemaObject);
    validators.set(kind, validate);
  }
  return validate;
}

/** Compiles every kind's schema now (fails fast at startup instead of at first use). */
export function compileAllSchemas(): void {
  for (const kind of metadataKinds) validatorFor(kind);
}

// ------------------------------------------------------------------ ajv errors → issues

type SchemaNode = Record<string, unknown>;

/** Keywords whose errors only repeat what a more precise error already says. */
const NOISE = new Set(['if', 'propertyNames']);

/** Keywords whose message an `errorMessage` annotation on the same schema replaces. */
const OVERRIDABLE = new Set([
  'type',
  'oneOf',
  'anyOf',
  'not',
  'required',
  'dependentRequired',
  'minProperties',
  'maxProperties',
  'minItems',
  'maxItems',
  'const',
]);

function translateErrors(errors: ErrorObject[], root: SchemaNode): ValidationIssue[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (NOISE.has(error.keyword) || insideCombinator(error, combinators)) continue;
    const issue = toIssue(error, root);
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** Branch errors of a failed oneOf/anyOf: the combinator's own message covers them. */
function insideCombinator(error: ErrorObject, combinators: ErrorObject[]): boolean {
  return combinators.some((c) => c !== error && isWithin(error.instancePath, c.instancePath) && error.schemaPath.startsWith(`${c.schemaPath}/`));
}

function toIssue(error: ErrorObject, root: SchemaNode): ValidationIssue {
  const parent = isNode(error.parentSchema) ? error.parentSchema : {};
  const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
  if (error.propertyName !== undefined) {
    // A key of an object failed `propertyNames` (e.g. a field name): point at the key itself.
    const path = `${error.instancePath}/${escapePointer(error.propertyName)}`;
    return { path, message: `invalid name ${JSON.stringify(error.propertyName)}: ${describe(error, parent, root)}` };
  }
  if (custom !== undefined && OVERRIDABLE.has(error.keyword)) {
    return { path: pathOf(error), message: custom };
  }
  return { path: pathOf(error), message: describe(error, parent, root) };
}

/** The pointer: missing and unknown properties point at the property, not its object. */
function pathOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const child =
    error.keyword === 'required' || error.keyword === 'dependentRequired'
      ? p.missingProperty
      : error.keyword === 'additionalProperties'
        ? p.additionalProperty
        : error.keyword === 'unevaluatedProperties'
          ? p.unevaluatedProperty
          : error.keyword === 'uniqueItems'
            ? Math.max(Number(p.i), Number(p.j))
            : undefined;
  return child === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(String(child))}`;
}

function describe(error: ErrorObject, parent: SchemaNode, root: SchemaNode): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `missing required property ${JSON.stringify(p.missingProperty)}`;
    case 'dependentRequired':
      return `missing required property ${JSON.stringify(p.missingProperty)} (needed when ${JSON.stringify(p.property)} is present)`;
    case 'additionalProperties':
      return unknownProperty(String(p.additionalProperty), parent, root);
    case 'unevaluatedProperties':
      return unknownProperty(String(p.unevaluatedProperty), parent, root);
    case 'false schema':
      return `property ${JSON.stringify(lastSegment(error.instancePath))} is not allowed here`;
    case 'enum':
      return describeEnum(error.data, p.allowedValues as unknown[], parent);
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `must be ${describeTypes(p.type)}`;
    case 'pattern':
      return typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : `must match the pattern ${String(p.pattern)}`;
    case 'format':
      return `must be a valid ${FORMAT_NAMES[String(p.format)] ?? String(p.format)}`;
    case 'oneOf':
    case 'anyOf':
      return Array.isArray(p.passingSchemas) ? 'matches more than one of the allowed forms' : 'does not match any of the allowed forms';
    case 'uniqueItems':
      // ajv's two algorithms disagree on which of i and j is the later item.
      return `duplicate of item ${Math.min(Number(p.i), Number(p.j))}`;
    default:
      return describeLimit(error.keyword, p.limit, error.message);
  }
}

function describeLimit(keyword: string, limit: unknown, fallback: string | undefined): string {
  const n = Number(limit);
  switch (keyword) {
    case 'minLength':
      return n === 1 ? 'must not be empty' : `must be at least ${n} characters long`;
    case 'maxLength':
      return `must be at most ${n} characters long`;
    case 'minItems':
      return n === 1 ? 'must have at least one item' : `must have at least ${n} items`;
    case 'maxItems':
      return `must have at most ${n} item${n === 1 ? '' : 's'}`;
    case 'minProperties':
      return n === 1 ? 'must have at least one property' : `must have at least ${n} properties`;
    case 'maxProperties':
      return `must have at most ${n} propert${n === 1 ? 'y' : 'ies'}`;
    case 'minimum':
      return `must be at least ${n}`;
    case 'maximum':
      return `must be at most ${n}`;
    case 'exclusiveMinimum':
      return `must be greater than ${n}`;
    case 'exclusiveMaximum':
      return `must be less than ${n}`;
    case 'multipleOf':
      return `must be a multiple of ${n}`;
    default:
      return fallback ?? 'is invalid';
  }
}

function describeEnum(value: unknown, allowed: unknown[], parent: SchemaNode): string {
  const prefix = typeof parent.errorMessage === 'string' ? parent.errorMessage : 'invalid value';
  const list = allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  return `${prefix} ${JSON.stringify(value)}; expected one of ${list}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function describeTypes(type: unknown): string {
  const types = (Array.isArray(type) ? type : String(type).split(',')).map((t) => TYPE_NAMES[String(t)] ?? String(t));
  return types.length > 1 ? `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}` : types[0];
}

const FORMAT_NAMES: Record<string, string> = {
  uri: 'URL',
  date: 'date (YYYY-MM-DD)',
  'date-time': 'date and time (ISO 8601 with a time zone, e.g. 2024-01-31T09:00:00Z)',
  regex: 'regular expression',
  email: 'e-mail address',
};

// ------------------------------------------------------------------ unknown properties

function unknownProperty(name: string, parent: SchemaNode, root: SchemaNode): string {
  const suggestion = closest(name, allowedProperties(parent, root));
  const hint = suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : '';
  return `unknown property ${JSON.stringify(name)}${hint}`;
}

/** Properties the schema declares, including those of a local `$ref` it extends (field types). */
function allowedProperties(schema: SchemaNode, root: SchemaNode): string[] {
  const names = isNode(schema.properties) ? Object.keys(schema.properties) : [];
  const target = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  const ref = target ? (resolveLocalRef(target, root) ?? resolveLocalRef(target, getCommonSchema())) : undefined;
  return ref ? [...names, ...allowedProperties(ref, root)] : names;
}

function resolveLocalRef(ref: string, root: SchemaNode): SchemaNode | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = isNode(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isNode(node) ? node : undefined;
}

/** The allowed name closest to a misspelt one (1 edit for short names, 2 otherwise; case ignored). */
function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = name.length <= 4 ? 2 : 3;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

// ------------------------------------------------------------------ helpers

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function lastSegment(pointer: string): string {
  const segment = pointer.slice(pointer.lastIndexOf('/') + 1);
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

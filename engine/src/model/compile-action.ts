import type { ActionDocument, ConvertLines, ConvertTarget, FieldValues, Label, LogicExpression, MetadataDocument } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import { isContextVar, logicVars } from '../logic/index.ts';
import type { CompiledEntity, CompiledField } from './compiled-model.ts';
import { isLinesField, isReferenceField } from './field-types/field-predicates.ts';
import { resolveFieldPath } from './resolve-field-path.ts';
import { conditionProblems } from './process-actions.ts';

/** Where a convert map takes a value from. */
export type MapSource =
  /** A field of the source, or a lookup path through it ("parent.name"). */
  | { readonly kind: 'path'; readonly path: string }
  /** The source record's id. */
  | { readonly kind: 'id' }
  /** The id of a record this action created before (an earlier target). */
  | { readonly kind: 'created'; readonly name: string };

/** A target field and where its value comes from. */
export interface MapEntry {
  readonly field: string;
  readonly from: MapSource;
}

/** Child lines copied from a source lines field to a target lines field. */
export interface CompiledLinesCopy {
  /** The source's lines field. */
  readonly source: string;
  /** The target's lines field. */
  readonly target: string;
  /** Target child field → source child field or path. */
  readonly map: readonly MapEntry[];
}

/** One record a convert creates. */
export interface CompiledConvertTarget {
  readonly name: string;
  readonly entity: string;
  readonly map: readonly MapEntry[];
  readonly lines: readonly CompiledLinesCopy[];
}

/** A per-user cap checked after the writes: at most `max` records of the entity match `where`. */
export interface CompiledLimit {
  readonly where: LogicExpression;
  readonly max: number;
  readonly message: Label;
}

interface CompiledActionBase {
  readonly kind: 'action';
  readonly name: string;
  readonly entity: string;
  readonly label: Label;
  readonly bulk: boolean;
  readonly visibleWhen?: LogicExpression;
  /** Fields the caller may give in `input` (of the entity, or of the first target). */
  readonly input: readonly string[];
  readonly limits: readonly CompiledLimit[];
  /**
   * update: the fields set on each record. convert: the source fields set once the targets
   * exist (`{"var": "$created.<name>"}` reads a new record's id).
   */
  readonly set: Readonly<FieldValues>;
}

export interface CompiledUpdateAction extends CompiledActionBase {
  readonly type: 'update';
}

export interface CompiledConvertAction extends CompiledActionBase {
  readonly type: 'convert';
  /** In creation order; a later one may refer to an earlier one. */
  readonly targets: readonly CompiledConvertTarget[];
}

/** A published `action` document as the process engine runs it: maps resolved, references checked. */
export type CompiledAction = CompiledUpdateAction | CompiledConvertAction;

const CREATED = /^\$created\.([a-z][a-zA-Z0-9]*)$/;

/**
 * Compiles every action document, checking what it names against the entities: the fields it
 * sets and maps exist on the source and the target, map values fit the target field's type,
 * lines copy from a lines field to a lines field, conditions read real fields. Problems are
 * pushed to `errors` with the document's JSON pointer.
 */
export function compileActions(
  docs: readonly { document: MetadataDocument; pointer: string }[],
  entities: ReadonlyMap<string, CompiledEntity>,
  errors: ProblemItem[],
): Map<string, CompiledAction> {
  const out = new Map<string, CompiledAction>();
  for (const { document, pointer } of docs) {
    if (document.kind !== 'action') continue;
    const compiled = compileAction(document, pointer, entities, errors);
    if (compiled) out.set(compiled.name, compiled);
  }
  return out;
}

function compileAction(doc: ActionDocument, pointer: string, entities: ReadonlyMap<string, CompiledEntity>, errors: ProblemItem[]): CompiledAction | undefined {
  const fail = (path: string, message: string) => errors.push({ path: pointer + path, message });
  const entity = entities.get(doc.entity);
  // An unknown entity is reported by link-documents.ts.
  if (!entity) return undefined;
  const checker = new ActionChecker(entities, fail);
  if (doc.visibleWhen !== undefined) checker.logic(entity, doc.visibleWhen, '/visibleWhen');
  const limits = (doc.limits ?? []).map((limit, i) => {
    checker.logic(entity, limit.count.where, `/limits/${i}/count/where`);
    return { where: limit.count.where, max: limit.max, message: limit.message };
  });
  const base = {
    kind: 'action' as const,
    name: doc.name,
    entity: doc.entity,
    label: doc.label,
    bulk: doc.bulk === true,
    ...(doc.visibleWhen !== undefined ? { visibleWhen: doc.visibleWhen } : {}),
    input: doc.input ?? [],
    limits,
    set: doc.set ?? {},
  };
  if (doc.type === 'update') {
    checker.setFields(entity, doc.set, '/set', new Set());
    checker.inputFields(entity, base.input, doc.set);
    return { ...base, type: 'update' };
  }
  const declared: { target: ConvertTarget; at: string }[] = doc.targets
    ? doc.targets.map((target, i) => ({ target, at: `/targets/${i}` }))
    : [{ target: { target: doc.target, map: doc.map, ...(doc.lines ? { lines: doc.lines } : {}) }, at: '' }];
  const created = new Map<string, string>();
  const targets: CompiledConvertTarget[] = [];
  for (const { target, at } of declared) {
    const name = target.name ?? target.target;
    if (created.has(name)) fail(`${at}/name`, `another target of this action is also named "${name}"; give each a distinct "name"`);
    const targetEntity = entities.get(target.target);
    if (!targetEntity) {
      // The single form's target is reported by link-documents.ts.
      if (at) fail(`${at}/target`, `entity "${target.target}" does not exist`);
      continue;
    }
    const map = checker.map(entity, targetEntity, target.map, `${at}/map`, created);
    const lines = checker.lines(entity, targetEntity, target.lines ?? {}, `${at}/lines`);
    created.set(name, target.target);
    targets.push({ name, entity: target.target, map, lines });
  }
  checker.setFields(entity, base.set, '/set', new Set(created.keys()));
  const first = targets[0] ? entities.get(targets[0].entity) : undefined;
  if (first) checker.inputFields(first, base.input, Object.fromEntries(targets[0].map.map((m) => [m.field, m.field])));
  return { ...base, type: 'convert', targets };
}

/** The checks of one action document. */
class ActionChecker {
  constructor(
    private entities: ReadonlyMap<string, CompiledEntity>,
    private fail: (path: string, message: string) => void,
  ) {}

  /** Every variable a condition reads is a field (or path) of the entity or a context variable. */
  logic(entity: CompiledEntity, expr: unknown, at: string) {
    let named = true;
    for (const v of logicVars(expr)) {
      if (!isContextVar(v.path) && !CREATED.test(v.path) && !resolveFieldPath(entity, v.path, this.entities)) {
        this.fail(at + v.pointer, `"${v.path}" is not a field of ${entity.name}`);
        named = false;
      }
    }
    // The server checks it in SQL (visibleWhen under the record's lock, limits as a count): it must translate.
    if (named) for (const problem of conditionProblems(entity, expr, at, this.entities)) this.fail(problem.path, problem.message);
  }

  /** Fields an action writes: they exist, are stored and can be written; `$created.<name>` names an earlier target. */
  setFields(entity: CompiledEntity, set: Readonly<FieldValues>, at: string, created: ReadonlySet<string>) {
    for (const [name, value] of Object.entries(set)) {
      const field = this.writable(entity, name, `${at}/${name}`);
      if (!field) continue;
      for (const v of logicVars(value)) {
        const made = CREATED.exec(v.path);
        if (made) {
          if (!created.has(made[1])) this.fail(`${at}/${name}${v.pointer}`, `"${v.path}": this action creates no record named "${made[1]}"`);
        } else if (!isContextVar(v.path) && !resolveFieldPath(entity, v.path, this.entities)) {
          this.fail(`${at}/${name}${v.pointer}`, `"${v.path}" is not a field of ${entity.name}`);
        }
      }
    }
  }

  /** Input fields are writable fields of `entity` that `set` (or the map) does not already fill. */
  inputFields(entity: CompiledEntity, input: readonly string[], filled: Readonly<Record<string, unknown>>) {
    input.forEach((name, i) => {
      if (!this.writable(entity, name, `/input/${i}`)) return;
      if (Object.hasOwn(filled, name)) this.fail(`/input/${i}`, `"${name}" is already given its value by the action; it cannot also come from the input`);
    });
  }

  map(source: CompiledEntity, target: CompiledEntity, map: Readonly<Record<string, string>>, at: string, created: ReadonlyMap<string, string>): MapEntry[] {
    const out: MapEntry[] = [];
    for (const [name, value] of Object.entries(map)) {
      const field = this.writable(target, name, `${at}/${name}`);
      if (!field) continue;
      const from = this.source(source, target, field, value, `${at}/${name}`, created);
      if (from) out.push({ field: name, from });
    }
    return out;
  }

  lines(source: CompiledEntity, target: CompiledEntity, lines: Readonly<Record<string, ConvertLines>>, at: string): CompiledLinesCopy[] {
    const out: CompiledLinesCopy[] = [];
    for (const [name, copy] of Object.entries(lines)) {
      const from = Object.hasOwn(source.fields, name) ? source.fields[name] : undefined;
      const to = Object.hasOwn(target.fields, copy.target) ? target.fields[copy.target] : undefined;
      if (!from || !isLinesField(from)) {
        this.fail(`${at}/${name}`, `"${name}" is not a lines field of ${source.name}`);
        continue;
      }
      if (!to || !isLinesField(to)) {
        this.fail(`${at}/${name}/target`, `"${copy.target}" is not a lines field of ${target.name}`);
        continue;
      }
      const sourceChild = this.entities.get(from.target);
      const targetChild = this.entities.get(to.target);
      if (!sourceChild || !targetChild) continue;
      const map: MapEntry[] = [];
      for (const [field, path] of Object.entries(copy.map)) {
        const at2 = `${at}/${name}/map/${field}`;
        if (field === to.via) {
          this.fail(at2, `"${field}" links each line to its ${target.name}; the action sets it`);
          continue;
        }
        const written = this.writable(targetChild, field, at2);
        if (!written) continue;
        const fromPath = this.source(sourceChild, targetChild, written, path, at2, new Map());
        if (fromPath) map.push({ field, from: fromPath });
      }
      out.push({ source: name, target: copy.target, map });
    }
    return out;
  }

  /** A field the action may write: it exists and is stored (not computed, not a system field but the owner). */
  private writable(entity: CompiledEntity, name: string, at: string): CompiledField | undefined {
    const field = Object.hasOwn(entity.fields, name) ? entity.fields[name] : undefined;
    if (!field) {
      this.fail(at, `"${name}" is not a field of ${entity.name}`);
      return undefined;
    }
    if ((field.system && name !== 'owner') || (field.readOnly && name !== 'owner') || (!field.columns.length && !isLinesField(field))) {
      this.fail(at, `"${name}" of ${entity.name} is computed or kept by the system; an action cannot write it`);
      return undefined;
    }
    if (isLinesField(field)) {
      this.fail(at, `"${name}" of ${entity.name} holds lines; copy them with "lines"`);
      return undefined;
    }
    return field;
  }

  /** Where a map value comes from, checked against the target field's type. */
  private source(
    source: CompiledEntity,
    target: CompiledEntity,
    field: CompiledField,
    value: string,
    at: string,
    created: ReadonlyMap<string, string>,
  ): MapSource | undefined {
    const made = CREATED.exec(value);
    if (made) {
      const entity = created.get(made[1]);
      if (!entity) return void this.fail(at, `"${value}": no earlier target of this action is named "${made[1]}"`);
      if (!isReferenceField(field) || field.target !== entity)
        return void this.fail(at, `"${value}" is the id of a new ${entity}, but ${target.name}.${field.name} is not a lookup to ${entity}`);
      return { kind: 'created', name: made[1] };
    }
    if (value === 'id') {
      if (!isReferenceField(field) || field.target !== source.name)
        return void this.fail(at, `"id" is the ${source.name}'s id, but ${target.name}.${field.name} is not a lookup to ${source.name}`);
      return { kind: 'id' };
    }
    const steps = resolveFieldPath(source, value, this.entities);
    if (!steps) return void this.fail(at, `"${value}" is not a field of ${source.name}`);
    const from = steps[steps.length - 1].field;
    if (isLinesField(from)) return void this.fail(at, `"${value}" holds lines; copy them with "lines"`);
    const problem = incompatible(from, field);
    if (problem) return void this.fail(at, `${source.name}.${value} cannot fill ${target.name}.${field.name}: ${problem}`);
    return { kind: 'path', path: value };
  }
}

/** Why a value of `from` cannot be written to `to`, or undefined when it can. */
function incompatible(from: CompiledField, to: CompiledField): string | undefined {
  if (isReferenceField(to) || isReferenceField(from)) {
    if (!isReferenceField(to) || !isReferenceField(from)) return 'one is a lookup and the other is not';
    if (from.target !== to.target) return `one refers to ${from.target}, the other to ${to.target}`;
    return undefined;
  }
  if (!from.logicType || !to.logicType) return from.type === to.type ? undefined : `a ${from.type} is not a ${to.type}`;
  if (from.logicType !== to.logicType) return `a ${from.logicType} value does not fit a ${to.type} field`;
  return undefined;
}

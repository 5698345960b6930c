import type { CompiledModel, CompiledReport } from '../model/compiled-model.ts';
import { logicVars, isContextVar } from '../logic/index.ts';
import { resolveFieldPath } from '../model/resolve-field-path.ts';
import { effectiveGrant } from '../data/access/entity-grant.ts';
import type { Actor } from '../data/actor.ts';
import { localizedError, loomErrors, problemAt, type ProblemItem } from '../errors/loom-error.ts';
import { message } from '../errors/messages.ts';

/** A report the actor may run: they may read records of its entity. */
export function mayRun(model: CompiledModel, report: CompiledReport, actor: Actor): boolean {
  const entity = model.entities.get(report.entity);
  return entity !== undefined && effectiveGrant(model, entity, actor).scopes.read.size > 0;
}

/** The report by name, or 404 alike for one that does not exist and one the actor may not run. */
export function reportFor(model: CompiledModel, name: string, actor: Actor): CompiledReport {
  const report = model.reports.get(name);
  if (!report || !mayRun(model, report, actor)) throw localizedError('LOOM_ERR_REPORT_NOT_FOUND', message('report.unknown', { name: name.slice(0, 100) }));
  return report;
}

/**
 * What a report groups and measures must be visible to the actor at every step of its path
 * (`parent.revenue`: parent on the entity, revenue on parent): a hidden field is not
 * aggregated for them. A 400 naming each such field at its place in the report document.
 */
export function checkVisibleFields(model: CompiledModel, report: CompiledReport, actor: Actor): void {
  if (actor.admin || actor.system) return;
  const entity = model.entities.get(report.entity)!;
  const problems: ProblemItem[] = [];
  const check = (path: string, at: string) => {
    for (const step of resolveFieldPath(entity, path, model.entities) ?? []) {
      if (effectiveGrant(model, step.entity, actor).fieldAccess(step.field.name) === 'hidden') {
        problems.push(problemAt(at, message('auth.fieldHidden', { field: { name: path, label: step.field.label } })));
        return;
      }
    }
  };
  report.dimensions.forEach((d, i) => check(d.path, `/groupBy/${i}`));
  report.measures.forEach((m, i) => {
    if (m.field) check(m.field, `/measures/${i}/field`);
    for (const key of ['expr', 'where'] as const) {
      for (const v of m[key] === undefined ? [] : logicVars(m[key])) if (!isContextVar(v.path)) check(v.path, `/measures/${i}/${key}${v.pointer}`);
    }
  });
  if (problems.length) throw loomErrors('LOOM_ERR_REPORT_FIELD_HIDDEN', problems, message('report.fieldsHidden', { name: report.name }));
}

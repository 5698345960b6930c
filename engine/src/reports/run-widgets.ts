import type { UiLocale } from '@loom/metadata';
import { combinable, combinedStatement } from './combined-widgets.ts';
import { reportStatement, type QueryInput } from './report-query.ts';
import { answerReport, type ReportAnswer, type ReportServices } from './run-report.ts';

/**
 * The answers of a dashboard's prepared reports (one actor): those over one entity that a
 * combined statement can compute share one statement, so the entity is read once; the
 * others run as their own statements, all at once. A report that does not compile answers
 * its problem as it would alone (it is left to run alone, where the problem is raised).
 */
export async function runWidgets(services: ReportServices, inputs: readonly QueryInput[], locale: UiLocale): Promise<PromiseSettledResult<ReportAnswer>[]> {
  const byEntity = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    if (!combinable(input) || !compiles(input)) return;
    byEntity.set(input.report.entity, [...(byEntity.get(input.report.entity) ?? []), i]);
  });
  const results: Promise<ReportAnswer>[] = new Array(inputs.length);
  for (const group of byEntity.values()) {
    if (group.length < 2) continue;
    const statement = combinedStatement(group.map((i) => inputs[i]));
    const rows = statement.query.execute(services.db).then((r) => statement.split(r.rows));
    group.forEach((i, n) => {
      results[i] = rows.then((split) => answerReport(inputs[i], statement.dimensions[n], split[n], locale));
    });
  }
  inputs.forEach((input, i) => {
    results[i] ??= (async () => {
      const statement = reportStatement(input);
      const result = await statement.query.execute(services.db);
      return answerReport(input, statement.dimensions, result.rows, locale);
    })();
  });
  return Promise.allSettled(results);
}

/** Whether the report's own statement compiles (a filter or formula the compiler refuses answers its problem alone). */
function compiles(input: QueryInput): boolean {
  try {
    reportStatement(input);
    return true;
  } catch {
    return false;
  }
}

import { sql, type Expression, type SqlBool } from 'kysely';
import type { LogicContext, LogicOperand, LogicScope } from '../logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../model/compiled-model.ts';
import { resolveFieldPath } from '../model/resolve-field-path.ts';
import { fieldOperand, recordTable, type RowsReadable } from '../data/access/record-scope.ts';

/** One lookup step joined into a report's statement. */
interface Join {
  readonly alias: string;
  readonly entity: CompiledEntity;
  /** The foreign key it follows, on the row before it. */
  readonly key: Expression<unknown>;
}

/**
 * The JSON Logic scope of a report's rows, `r`: a lookup path (`parent.grade`) becomes a
 * LEFT JOIN on the target's id, one per distinct path prefix, which PostgreSQL can hash once
 * for the whole aggregate (a list reads one page through a correlated subquery instead). The
 * target's read predicate is part of the join, and a row whose target is set but may not be
 * read is left out of the report (`readableTargets`): a report through a lookup path counts
 * only rows whose target the caller may read.
 */
export class ReportScope implements LogicScope {
  readonly context: LogicContext;
  private readonly joins: Join[] = [];
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly model: CompiledModel,
    private readonly entity: CompiledEntity,
    context: LogicContext,
    private readonly rows: RowsReadable,
  ) {
    this.context = context;
  }

  resolveVar(path: string): LogicOperand | undefined {
    const steps = resolveFieldPath(this.entity, path, this.model.entities);
    if (!steps) return undefined;
    let alias = 'r';
    let prefix = '';
    for (let i = 0; i < steps.length - 1; i++) {
      prefix += (i ? '.' : '') + steps[i].field.name;
      alias = this.join(prefix, alias, steps[i].field, steps[i + 1].entity);
    }
    const last = steps[steps.length - 1];
    return fieldOperand(this.model, last.entity, last.field, alias, this.context, this.rows);
  }

  private join(prefix: string, from: string, link: CompiledField, target: CompiledEntity): string {
    const known = this.aliases.get(prefix);
    if (known) return known;
    const alias = `j${this.joins.length + 1}`;
    this.aliases.set(prefix, alias);
    this.joins.push({ alias, entity: target, key: sql.ref(`${from}.${link.column}`) });
    return alias;
  }

  /** `from <table> as r left join …` with every join the operands resolved so far asked for. */
  from(): Expression<unknown> {
    const parts = [sql`${recordTable(this.entity)} as r`];
    for (const j of this.joins) {
      const readable = this.rows(j.entity, j.alias);
      const on = sql<SqlBool>`${sql.ref(`${j.alias}.id`)} = ${j.key}`;
      parts.push(sql`left join ${recordTable(j.entity)} as ${sql.table(j.alias)} on ${readable ? sql`${on} and ${readable}` : on}`);
    }
    return sql.join(parts, sql` `);
  }

  /** Rows whose lookup targets are set must reach a readable target. */
  readableTargets(): Expression<SqlBool>[] {
    return this.joins.map((j) => sql<SqlBool>`(${j.key} is null or ${sql.ref(`${j.alias}.id`)} is not null)`);
  }
}

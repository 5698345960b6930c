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
 * The lookup joins of one statement, shared by the scopes of the reports it computes (a
 * dashboard's widgets over one entity): one LEFT JOIN per distinct path prefix.
 */
export class ReportJoins {
  readonly list: Join[] = [];
  private readonly aliases = new Map<string, Join>();

  constructor(
    private readonly entity: CompiledEntity,
    private readonly rows: RowsReadable,
  ) {}

  join(prefix: string, from: string, link: CompiledField, target: CompiledEntity): Join {
    const known = this.aliases.get(prefix);
    if (known) return known;
    const join = { alias: `j${this.list.length + 1}`, entity: target, key: sql.ref(`${from}.${link.column}`) };
    this.aliases.set(prefix, join);
    this.list.push(join);
    return join;
  }

  /** `from <table> as r left join …` with every join asked for so far. */
  from(): Expression<unknown> {
    const parts = [sql`${recordTable(this.entity)} as r`];
    for (const j of this.list) {
      const readable = this.rows(j.entity, j.alias);
      const on = sql<SqlBool>`${sql.ref(`${j.alias}.id`)} = ${j.key}`;
      parts.push(sql`left join ${recordTable(j.entity)} as ${sql.table(j.alias)} on ${readable ? sql`${on} and ${readable}` : on}`);
    }
    return sql.join(parts, sql` `);
  }
}

/**
 * The JSON Logic scope of a report's rows, `r`: a lookup path (`parent.grade`) becomes a
 * LEFT JOIN on the target's id, one per distinct path prefix, which PostgreSQL can hash once
 * for the whole aggregate (a list reads one page through a correlated subquery instead). The
 * target's read predicate is part of the join, and a row whose target is set but may not be
 * read is left out of the report (`readableTargets`): a report through a lookup path counts
 * only rows whose target the caller may read. Scopes of one statement share its joins; each
 * knows the ones its own operands asked for.
 */
export class ReportScope implements LogicScope {
  readonly context: LogicContext;
  private readonly used = new Set<Join>();

  constructor(
    private readonly model: CompiledModel,
    private readonly entity: CompiledEntity,
    context: LogicContext,
    private readonly rows: RowsReadable,
    readonly joins: ReportJoins = new ReportJoins(entity, rows),
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
      const join = this.joins.join(prefix, alias, steps[i].field, steps[i + 1].entity);
      this.used.add(join);
      alias = join.alias;
    }
    const last = steps[steps.length - 1];
    return fieldOperand(this.model, last.entity, last.field, alias, this.context, this.rows);
  }

  /** `from <table> as r left join …` with every join the operands resolved so far asked for. */
  from(): Expression<unknown> {
    return this.joins.from();
  }

  /**
   * Rows whose lookup targets (of this scope's operands) are set must reach a readable target.
   * Where the caller may read every target, the lookup's foreign key already guarantees it.
   */
  readableTargets(): Expression<SqlBool>[] {
    return this.joins.list
      .filter((j) => this.used.has(j) && this.rows(j.entity, j.alias) !== undefined)
      .map((j) => sql<SqlBool>`(${j.key} is null or ${sql.ref(`${j.alias}.id`)} is not null)`);
  }
}

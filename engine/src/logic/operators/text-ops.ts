import { sql, type Expression } from 'kysely';
import { logicError } from '../logic-error.ts';
import { makeNode, requireArity, type Compiler, type LogicNode, type Operation } from '../compile/logic-node.ts';
import { constantNode, param } from '../compile/sql-fragments.ts';
import { describeType } from '../compile/typing.ts';

/**
 * `cat`: Array.prototype.join(''), so null joins as ''. Constants are turned into text by JS
 * itself; columns by SQL in the same format (trim_scale gives 1.5 for 1.50; JS switches to
 * exponents beyond 1e21 and below 1e-6, which `numeric` never does).
 */
export function compileCat(c: Compiler, o: Operation): LogicNode {
  const parts = o.args.map((arg, i) => c.node(arg, o.pointers[i]));
  const texts = parts.flatMap((p, i) => (p.type === 'null' ? [] : [asText(p, o.pointers[i])]));
  if (texts.length === 0) return constantNode('', 'text');
  return makeNode({ type: 'text', nullable: false }, parts, sql`concat(${sql.join(texts)})`);
}

function asText(node: LogicNode, pointer: string): Expression<any> {
  if (node.type === 'array') throw logicError(pointer, '"cat" cannot join a list');
  if (node.constant) return param(node.constant.value === null ? '' : String(node.constant.value), 'text');
  switch (node.type) {
    case 'number':
      return sql`trim_scale(${node.sql})::text`;
    case 'boolean':
      return sql`${node.sql}::text`;
    case 'date':
      return sql`to_char(${node.sql}, 'YYYY-MM-DD')`;
    case 'datetime':
      return sql`to_char(${node.sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    default:
      return node.sql;
  }
}

const MAX_POSITION = 1_000_000;

/**
 * `substr` [text, start, length?] with whole-number constants for start and length, as
 * json-logic-js does it: String(source), so a null text reads "null"; a negative start counts
 * from the end; a negative length drops characters from the end (its PHP emulation).
 * SQL counts characters, JS counts UTF-16 units: they differ only above U+FFFF.
 */
export function compileSubstr(c: Compiler, o: Operation): LogicNode {
  requireArity(o, 2, 3);
  const source = c.node(o.args[0], o.pointers[0]);
  if (source.type !== 'text' && source.type !== 'null') {
    throw logicError(o.pointers[0], `"substr" needs a text, not ${describeType(source.type)}`);
  }
  const start = wholeConstant(c, o, 1);
  const length = o.args.length === 3 ? wholeConstant(c, o, 2) : undefined;
  const text = source.nullable ? sql`coalesce(${source.sql}, 'null')` : source.sql;
  return makeNode({ type: 'text', nullable: false }, [source], substrSql(text, start, length));
}

function substrSql(text: Expression<any>, start: number, length: number | undefined): Expression<any> {
  const from = start >= 0 ? sql`substr(${text}, ${start + 1}::int)` : sql`right(${text}, ${-start}::int)`;
  if (length === undefined) return from;
  if (start >= 0 && length >= 0) return sql`substr(${text}, ${start + 1}::int, ${length}::int)`;
  // left() with a negative count drops that many characters from the end, like the PHP rule.
  return sql`left(${from}, ${length}::int)`;
}

function wholeConstant(c: Compiler, o: Operation, i: number): number {
  const node = c.node(o.args[i], o.pointers[i]);
  const value = node.constant?.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > MAX_POSITION) {
    throw logicError(o.pointers[i], `"substr" takes whole-number constants for start and length (at most ${MAX_POSITION})`);
  }
  return value;
}

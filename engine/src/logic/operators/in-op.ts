import { sql } from 'kysely';
import { logicError } from '../logic-error.ts';
import { boolNode, isNullValue, requireArity, type Compiler, type LogicNode, type Operation } from '../compile/logic-node.ts';
import { boolLiteral, guardNull, listParam } from '../compile/sql-fragments.ts';
import { describeType, unify } from '../compile/typing.ts';
import { isCanonicalUuid } from '../compile/uuid.ts';

/**
 * `in` [needle, haystack]: json-logic-js calls haystack.indexOf(needle), so it is
 * - a constant list: strict equality with an item (null finds null; NaN finds nothing);
 * - a list value (a multi-select field, $user.roles): the text is one of the items;
 * - a text: substring search (strpos, so % and _ are plain characters). A null needle is
 *   String(null), i.e. it finds "null"; an empty or null haystack finds nothing.
 */
export function compileIn(c: Compiler, o: Operation): LogicNode {
  requireArity(o, 2, 2);
  const needle = c.node(o.args[0], o.pointers[0]);
  if (needle.type === 'array') throw logicError(o.pointers[0], 'the first operand of "in" cannot be a list');
  if (Array.isArray(o.args[1])) return inConstantList(c, needle, o);
  const haystack = c.node(o.args[1], o.pointers[1]);
  if (haystack.type === 'array') return inListValue(needle, haystack, o);
  if (haystack.type === 'text') return inText(needle, haystack, o);
  if (isNullValue(haystack)) return boolLiteral(false);
  throw logicError(o.pointers[1], `"in" looks in a list or a text, not in ${describeType(haystack.type)}`);
}

function inConstantList(c: Compiler, needle: LogicNode, o: Operation): LogicNode {
  const list = o.args[1] as unknown[];
  const items = list.map((item, i) => {
    const node = c.node(item, `${o.pointers[1]}/${i}`);
    if (!node.constant) throw logicError(`${o.pointers[1]}/${i}`, 'the items of an "in" list must be constants');
    return node;
  });
  const { type, nodes } = unify([needle, ...items], o.pointer, (a, b) => `cannot compare ${a} with ${b}`, needle.constant !== undefined);
  if (needle.constant) return boolLiteral(false); // folded in JS by the caller
  const values = nodes.slice(1).map((n) => n.constant?.value);
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return values.length > 0 && needle.nullable ? isNull(needle) : boolLiteral(false);
  const core =
    needle.uuid && present.every(isCanonicalUuid)
      ? boolNode([needle], sql`(${needle.uuid} = any(${present}::uuid[]))`)
      : boolNode([needle], sql`(${needle.sql} = any(${listParam(present, type)}))`);
  if (present.length < values.length && needle.nullable) {
    return boolNode([core, needle], sql`(${core.sql} or ${needle.sql} is null)`);
  }
  return guardNull(core, [needle], false);
}

function inListValue(needle: LogicNode, haystack: LogicNode, o: Operation): LogicNode {
  if (needle.type !== 'text' && needle.type !== 'null') {
    throw logicError(o.pointers[0], `a list holds texts; cannot look for ${describeType(needle.type)} in it`);
  }
  if (isNullValue(needle) || isNullValue(haystack)) return boolLiteral(false);
  // `list @> array[$1]` lets a GIN index serve "this tag is set"; items are never null.
  if (needle.constant && !haystack.nullable) return boolNode([haystack, needle], sql`(${haystack.sql} @> array[${needle.sql}])`);
  const items = haystack.constant?.value;
  const core =
    needle.uuid && Array.isArray(items) && items.every(isCanonicalUuid)
      ? boolNode([needle, haystack], sql`(${needle.uuid} = any(${items}::uuid[]))`)
      : boolNode([needle, haystack], sql`(${needle.sql} = any(${haystack.sql}))`);
  return guardNull(core, [needle, haystack], false);
}

function inText(needle: LogicNode, haystack: LogicNode, o: Operation): LogicNode {
  if (needle.type !== 'text' && needle.type !== 'null') {
    throw logicError(o.pointers[0], `can only look for a text in a text, not for ${describeType(needle.type)}`);
  }
  const text = needle.nullable ? sql`coalesce(${needle.sql}, 'null')` : needle.sql;
  // nullif: json-logic-js finds nothing in '' (it is falsy), not even ''.
  return boolNode([needle, haystack], sql`coalesce(strpos(nullif(${haystack.sql}, ''), ${text}) > 0, false)`);
}

function isNull(node: LogicNode): LogicNode {
  return boolNode([node], sql`(${node.sql} is null)`);
}

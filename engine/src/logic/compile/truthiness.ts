import jsonLogic from 'json-logic-js';
import { sql } from 'kysely';
import { boolNode, type LogicNode } from './logic-node.ts';
import { boolLiteral, constantNode, guardNull } from './sql-fragments.ts';

/**
 * json-logic's `truthy` as a boolean that is never NULL: falsy are null, false, 0, NaN, ''
 * and the empty list. A constant's truthiness is computed in JS and bound as a parameter.
 */
export function truthy(node: LogicNode): LogicNode {
  if (node.constant) return constantNode(jsonLogic.truthy(node.constant.value), 'boolean');
  switch (node.type) {
    case 'boolean':
      return node.nullable ? boolNode([node], sql`(${node.sql} is true)`) : node;
    case 'text':
      return guardNull(boolNode([node], sql`(${node.sql} <> '')`), [node], false);
    case 'number':
      // numeric 'NaN' <> 0 holds in SQL, but NaN is falsy in JS: map it to NULL first.
      if (node.special) return boolNode([node], sql`coalesce(nullif(${node.sql}, 'NaN'::numeric) <> 0, false)`);
      return guardNull(boolNode([node], sql`(${node.sql} <> 0)`), [node], false);
    case 'date':
    case 'datetime':
      return node.nullable ? boolNode([node], sql`(${node.sql} is not null)`) : boolLiteral(true);
    case 'array':
      return guardNull(boolNode([node], sql`(cardinality(${node.sql}) > 0)`), [node], false);
    case 'null':
      return boolLiteral(false);
  }
}

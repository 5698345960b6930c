import { sql } from 'kysely';
import type { LogicNode } from './logic-node.ts';

/** The text form PostgreSQL writes a uuid in: only such a string can equal a uuid column in JS. */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isCanonicalUuid(value: unknown): value is string {
  return typeof value === 'string' && CANONICAL_UUID.test(value);
}

/**
 * For `a = b` on a uuid column: the operands as uuids when that is exact (the other side is a
 * uuid column or a canonical uuid constant), so an index on the column serves the comparison.
 */
export function asUuids(a: LogicNode, b: LogicNode): [LogicNode, LogicNode] | undefined {
  if (!a.uuid && !b.uuid) return undefined;
  const side = (n: LogicNode): LogicNode | undefined => {
    if (n.uuid) return { ...n, sql: n.uuid };
    if (n.constant && isCanonicalUuid(n.constant.value)) return { ...n, sql: sql`${n.constant.value}::uuid` };
    return undefined;
  };
  const [x, y] = [side(a), side(b)];
  return x && y ? [x, y] : undefined;
}

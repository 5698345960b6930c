import { normaliseType } from './live-catalog.ts';

/**
 * `same`: nothing to do. `widen`: every existing value converts exactly, so the
 * change is applied. `change`: values could be lost or rejected, so the change is
 * only allowed while the column holds no values (checked against the data).
 */
export type TypeChange = 'same' | 'widen' | 'change';

// Decimal digits needed for the largest value of each integer type.
const INTEGER_DIGITS: Record<string, number> = { smallint: 5, integer: 10, bigint: 19 };
const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };

export function classifyTypeChange(fromType: string, toType: string): TypeChange {
  const from = normaliseType(fromType);
  const to = normaliseType(toType);
  if (from === to) return 'same';
  if (to === 'text') return toTextIsExact(from) ? 'widen' : 'change';
  if (from in INTEGER_RANK && to in INTEGER_RANK) return INTEGER_RANK[to] > INTEGER_RANK[from] ? 'widen' : 'change';
  if (from === 'real' && to === 'double precision') return 'widen';
  const target = parseNumeric(to);
  if (!target) return 'change';
  if (from in INTEGER_DIGITS) return target.precision - target.scale >= INTEGER_DIGITS[from] ? 'widen' : 'change';
  const source = parseNumeric(from);
  if (!source) return 'change';
  // Room for as many fraction digits and as many integer digits as before.
  const fits = target.scale >= source.scale && target.precision - target.scale >= source.precision - source.scale;
  return fits ? 'widen' : 'change';
}

/**
 * Any scalar prints to text and back without loss; arrays and documents would
 * turn into their literal syntax, which no field of type text should hold.
 */
function toTextIsExact(from: string): boolean {
  return !from.endsWith('[]') && from !== 'jsonb' && from !== 'json';
}

function parseNumeric(type: string): { precision: number; scale: number } | undefined {
  const match = /^numeric\((\d+)(?:,(\d+))?\)$/.exec(type);
  return match ? { precision: Number(match[1]), scale: Number(match[2] ?? 0) } : undefined;
}

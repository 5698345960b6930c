import { isOperation } from './bind-context.ts';
import { pointerTo } from './logic-error.ts';

/**
 * Every `var` with a literal path, and the JSON pointer of its `{"var": …}` node, for linting
 * metadata (does the field exist? may this role read it?). Context variables are included;
 * tell them apart with `isContextVar`. Dynamic paths (`{"var": {"cat": …}}`) have no literal
 * path to report; the compiler rejects them.
 */
export function logicVars(expr: unknown, pointer = ''): { path: string; pointer: string }[] {
  const found: { path: string; pointer: string }[] = [];
  collect(expr, pointer, found, 0);
  return found;
}

function collect(expr: unknown, pointer: string, found: { path: string; pointer: string }[], depth: number): void {
  // Deeper than any accepted expression: nothing more to lint, and the stack stays safe.
  if (depth > 64 || typeof expr !== 'object' || expr === null) return;
  if (Array.isArray(expr)) {
    expr.forEach((item, i) => collect(item, pointerTo(pointer, i), found, depth + 1));
    return;
  }
  if (!isOperation(expr)) return;
  const op = Object.keys(expr)[0];
  const raw = expr[op];
  if (op === 'var') {
    const path = Array.isArray(raw) ? raw[0] : raw;
    if (typeof path === 'string' || typeof path === 'number') found.push({ path: String(path), pointer });
  }
  if (Array.isArray(raw)) raw.forEach((item, i) => collect(item, pointerTo(pointer, op, i), found, depth + 1));
  else collect(raw, pointerTo(pointer, op), found, depth + 1);
}

import { loomErrors, type LoomError } from '../errors/loom-error.ts';

/** A rejected expression: `path` is the JSON pointer of the offending node. */
export function logicError(path: string, message: string): LoomError {
  return loomErrors('LOOM_ERR_LOGIC_UNSUPPORTED', [{ path, message }]);
}

/** `pointerTo('/rules/0', '<', 1)` → "/rules/0/</1", escaping "~" and "/" as RFC 6901 asks. */
export function pointerTo(base: string, ...segments: (string | number)[]): string {
  let out = base;
  for (const segment of segments) out += '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
  return out;
}

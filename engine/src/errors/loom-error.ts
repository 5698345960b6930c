import { errorCodes, type ErrorCode } from './codes.ts';

/** One problem inside a request or document: where (a JSON pointer) and what. */
export interface ProblemItem {
  path: string;
  message: string;
}

export class LoomError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly errors?: ProblemItem[];

  constructor(code: ErrorCode, detail: string, errors?: ProblemItem[]) {
    super(detail);
    this.name = 'LoomError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.title = errorCodes[code].title;
    if (errors?.length) this.errors = errors;
  }
}

/** `loomError('LOOM_ERR_DATA_NOT_FOUND', 'deal', id)` fills the code's detail template. */
export function loomError(code: ErrorCode, ...args: unknown[]): LoomError {
  let i = 0;
  const detail = errorCodes[code].detail.replace(/%s/g, () => String(args[i++] ?? ''));
  return new LoomError(code, detail);
}

/** An error with a list of located problems; the detail summarises them. */
export function loomErrors(code: ErrorCode, errors: ProblemItem[], summary?: string): LoomError {
  const detail = summary ?? (errors.length === 1 ? `${errors[0].path || '/'}: ${errors[0].message}` : `${errors.length} problems found.`);
  return new LoomError(code, detail, errors);
}

export function isLoomError(error: unknown): error is LoomError {
  return error instanceof LoomError;
}

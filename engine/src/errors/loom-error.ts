import { errorCodes, type ErrorCode } from './codes.ts';
import { message, renderMessage, type Message, type Term } from './messages.ts';

/** One problem inside a request or document: where (a JSON pointer) and what. */
export interface ProblemItem {
  path: string;
  /** In English. */
  message: string;
  /** The catalogue message the English text was made from, for answering in the caller's locale. */
  i18n?: Message;
}

export class LoomError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly errors?: ProblemItem[];
  /** The catalogue message of the detail, when it came from one. */
  readonly i18n?: Message;
  /** The detail only summarises `errors` (so it is summarised again in another locale). */
  readonly summarised: boolean;

  constructor(code: ErrorCode, detail: string, errors?: ProblemItem[], options: { i18n?: Message; summarised?: boolean } = {}) {
    super(detail);
    this.name = 'LoomError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.title = errorCodes[code].title;
    if (errors?.length) this.errors = errors;
    if (options.i18n) this.i18n = options.i18n;
    this.summarised = options.summarised ?? false;
  }
}

/** `loomError('LOOM_ERR_DATA_NOT_FOUND', 'deal', id)` fills the code's detail template. */
export function loomError(code: ErrorCode, ...args: unknown[]): LoomError {
  let i = 0;
  const detail = errorCodes[code].detail.replace(/%s/g, () => String(args[i++] ?? ''));
  return new LoomError(code, detail);
}

/** An error whose detail is a catalogue message: English in `message`, the caller's locale over HTTP. */
export function localizedError(code: ErrorCode, detail: Message, errors?: ProblemItem[]): LoomError {
  return new LoomError(code, renderMessage(detail, 'en'), errors, { i18n: detail });
}

/** 404 for a record that does not exist or that the caller may not read (the two look the same). */
export function recordNotFound(entity: Term, id: string): LoomError {
  return localizedError('LOOM_ERR_DATA_NOT_FOUND', message('data.notFound', { entity, id }));
}

/** A located problem from a catalogue message. */
export function problemAt(path: string, msg: Message): ProblemItem {
  return { path, message: renderMessage(msg, 'en'), i18n: msg };
}

/** An error with a list of located problems; the detail summarises them unless given. */
export function loomErrors(code: ErrorCode, errors: ProblemItem[], summary?: string | Message): LoomError {
  if (summary !== undefined && typeof summary !== 'string') return new LoomError(code, renderMessage(summary, 'en'), errors, { i18n: summary });
  if (summary !== undefined) return new LoomError(code, summary, errors);
  const detail = errors.length === 1 ? `${errors[0].path || '/'}: ${errors[0].message}` : `${errors.length} problems found.`;
  return new LoomError(code, detail, errors, { summarised: true });
}

export function isLoomError(error: unknown): error is LoomError {
  return error instanceof LoomError;
}

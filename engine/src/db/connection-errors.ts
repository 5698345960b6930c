/**
 * SQLSTATEs that mean the session is gone or could not be had, not that the statement was
 * wrong: 57P01–57P03 (the server ended the backend, crashed or is starting), class 08
 * (connection exception) and 53300 (too many connections).
 */
const LOST_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors from Node on the way to the server or back. */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres reports a connection that ended, or one it cannot use, as plain Errors without a code. */
const LOST_MESSAGES = [
  /^Connection terminated\b/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
];

/**
 * Whether an error says the database connection was lost or could not be opened (the request
 * could not be answered, through no fault of its own), as opposed to a statement the database
 * refused. Looks through `cause` and AggregateError (Node's connect tries each address).
 */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (LOST_STATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code) || SOCKET_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && LOST_MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionLost(inner, depth + 1))) return true;
  return isConnectionLost(e.cause, depth + 1);
}

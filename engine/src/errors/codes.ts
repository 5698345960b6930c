/**
 * Every error Loom reports, in one registry (like Fastify's lib/errors.js).
 * `detail` is a template: each `%s` takes the next argument of `loomError`.
 */
export const errorCodes = {
  // Metadata documents
  LOOM_ERR_META_INVALID: { status: 400, title: 'Invalid metadata', detail: '%s' },
  LOOM_ERR_META_LINK: { status: 400, title: 'Metadata references something that does not exist', detail: '%s' },
  LOOM_ERR_META_NOT_FOUND: { status: 404, title: 'Metadata document not found', detail: 'No %s named "%s".' },
  LOOM_ERR_META_UNKNOWN_KIND: { status: 404, title: 'Unknown metadata kind', detail: 'There is no metadata kind "%s".' },
  LOOM_ERR_META_STALE: { status: 409, title: 'Metadata changed meanwhile', detail: '%s' },
  // Database schema changes
  LOOM_ERR_SCHEMA_LOSSY_CHANGE: { status: 409, title: 'Schema change could lose data', detail: '%s' },
  LOOM_ERR_SCHEMA_CONFLICT: { status: 409, title: 'Schema change conflicts with the database', detail: '%s' },
  // Records
  LOOM_ERR_DATA_VALIDATION: { status: 422, title: 'The record is not valid', detail: '%s' },
  LOOM_ERR_DATA_NOT_FOUND: { status: 404, title: 'Record not found', detail: 'No %s record with id "%s".' },
  LOOM_ERR_DATA_UNKNOWN_ENTITY: { status: 404, title: 'Unknown entity', detail: 'There is no entity "%s".' },
  LOOM_ERR_DATA_NO_SOFT_DELETE: {
    status: 404,
    title: 'No deleted records kept',
    detail: 'Entity "%s" removes deleted records (it has no softDelete), so there are none to list or restore.',
  },
  LOOM_ERR_DATA_STALE_VERSION: { status: 409, title: 'The record was changed by someone else', detail: '%s' },
  LOOM_ERR_DATA_CONFLICT: { status: 409, title: 'The record conflicts with another record', detail: '%s' },
  LOOM_ERR_DATA_LINES_INCOMPLETE: { status: 409, title: 'Existing lines left out', detail: '%s' },
  LOOM_ERR_DATA_RETRY: {
    status: 503,
    title: 'A concurrent change got in the way',
    detail:
      'The database stopped this request to settle a conflict with a concurrent one (a deadlock) and rolled back the change it was making. Send it again.',
  },
  LOOM_ERR_DATA_FILE_REJECTED: { status: 415, title: 'File not accepted', detail: '%s' },
  LOOM_ERR_DATA_FILE_TOO_LARGE: { status: 413, title: 'File too large', detail: '%s' },
  // The database itself
  LOOM_ERR_DB_UNAVAILABLE: {
    status: 503,
    title: 'Database unavailable',
    detail:
      'The connection to the database was lost, or could not be opened, before this request finished. A change the request was making was rolled back unless the connection was lost while it was being committed. Send the request again in a moment.',
  },
  // Queries and requests
  LOOM_ERR_HTTP_BAD_QUERY: { status: 400, title: 'Bad query', detail: '%s' },
  LOOM_ERR_HTTP_BAD_REQUEST: { status: 400, title: 'Bad request', detail: '%s' },
  LOOM_ERR_HTTP_BODY_TOO_LARGE: { status: 413, title: 'Request body too large', detail: '%s' },
  LOOM_ERR_HTTP_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', detail: '%s' },
  LOOM_ERR_HTTP_NOT_FOUND: { status: 404, title: 'Not found', detail: '%s' },
  LOOM_ERR_HTTP_PRECONDITION: { status: 428, title: 'Precondition required', detail: '%s' },
  // Permissions on records and fields
  LOOM_ERR_AUTH_ACTION_FORBIDDEN: { status: 403, title: 'Not allowed', detail: '%s' },
  LOOM_ERR_AUTH_FIELD_FORBIDDEN: { status: 403, title: 'Field not writable', detail: '%s' },
  // Identity: sign-in, sessions, tokens, people and teams
  LOOM_ERR_AUTH_REQUIRED: { status: 401, title: 'Sign-in required', detail: 'Sign in, or send a valid API token (Authorization: Bearer).' },
  LOOM_ERR_AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Sign-in failed', detail: 'The email or the password is wrong.' },
  LOOM_ERR_AUTH_CSRF: {
    status: 403,
    title: 'CSRF token missing or wrong',
    detail: 'Requests that change data with a session cookie must send the x-csrf-token header given by login and /api/auth/me.',
  },
  LOOM_ERR_AUTH_ADMIN_ONLY: { status: 403, title: 'Administrators only', detail: '%s' },
  LOOM_ERR_AUTH_RATE_LIMITED: { status: 429, title: 'Too many attempts', detail: '%s' },
  LOOM_ERR_AUTH_WEAK_PASSWORD: { status: 400, title: 'Password not accepted', detail: '%s' },
  LOOM_ERR_AUTH_INVALID: { status: 400, title: 'Invalid user or team', detail: '%s' },
  LOOM_ERR_AUTH_CONFLICT: { status: 409, title: 'Conflicts with an existing user or team', detail: '%s' },
  LOOM_ERR_AUTH_LAST_ADMIN: { status: 409, title: 'The last administrator', detail: 'At least one active administrator must remain.' },
  LOOM_ERR_AUTH_NOT_FOUND: { status: 404, title: 'Not found', detail: '%s' },
  LOOM_ERR_LOGIC_UNSUPPORTED: { status: 400, title: 'Unsupported expression', detail: '%s' },
  // Reports and dashboards
  LOOM_ERR_REPORT_NOT_FOUND: { status: 404, title: 'Report not found', detail: '%s' },
  LOOM_ERR_REPORT_BAD_PARAMS: { status: 400, title: 'Report parameters not accepted', detail: '%s' },
  LOOM_ERR_REPORT_FIELD_HIDDEN: { status: 400, title: 'The report uses a field you cannot see', detail: '%s' },
  // Approvals
  LOOM_ERR_APPROVAL_NOT_FOUND: { status: 404, title: 'Approval not found', detail: '%s' },
  LOOM_ERR_APPROVAL_NOT_APPLICABLE: { status: 409, title: 'The approval does not apply to this record', detail: '%s' },
  LOOM_ERR_APPROVAL_ALREADY_PENDING: { status: 409, title: 'Already waiting for approval', detail: '%s' },
  LOOM_ERR_APPROVAL_NOT_PENDING: { status: 409, title: 'The approval is no longer pending', detail: '%s' },
  LOOM_ERR_APPROVAL_ALREADY_DECIDED: { status: 409, title: 'The step was already decided', detail: '%s' },
  LOOM_ERR_APPROVAL_NOT_APPROVER: { status: 403, title: 'Not an approver', detail: '%s' },
  LOOM_ERR_APPROVAL_NOT_SUBMITTER: { status: 403, title: 'Not the submitter', detail: '%s' },
  LOOM_ERR_APPROVAL_NOT_ALLOWED: { status: 403, title: 'Not allowed at this step', detail: '%s' },
  LOOM_ERR_APPROVAL_INVALID: { status: 422, title: 'Invalid approval request', detail: '%s' },
  LOOM_ERR_APPROVAL_NO_APPROVER: { status: 409, title: 'No approver found', detail: '%s' },
  LOOM_ERR_APPROVAL_LOCKED: { status: 409, title: 'The record is waiting for approval', detail: '%s' },
  LOOM_ERR_APPROVAL_OWNED_FIELD: { status: 403, title: 'Set by an approval only', detail: '%s' },
  // Automations
  LOOM_ERR_AUTOMATION_ACTION_FAILED: { status: 422, title: 'An automatic step could not be done', detail: '%s' },
  // Record actions
  LOOM_ERR_ACTION_NOT_FOUND: { status: 404, title: 'Action not found', detail: '%s' },
  LOOM_ERR_ACTION_FORBIDDEN: { status: 403, title: 'Action not granted', detail: '%s' },
  LOOM_ERR_ACTION_NOT_APPLICABLE: { status: 409, title: 'The action does not apply to this record now', detail: '%s' },
  LOOM_ERR_ACTION_LIMIT: { status: 409, title: 'Action limit reached', detail: '%s' },
  LOOM_ERR_ACTION_INPUT: { status: 400, title: 'Input the action does not take', detail: '%s' },
  LOOM_ERR_INTERNAL: { status: 500, title: 'Internal error', detail: 'An unexpected error occurred.' },
} as const satisfies Record<string, { status: number; title: string; detail: string }>;

export type ErrorCode = keyof typeof errorCodes;

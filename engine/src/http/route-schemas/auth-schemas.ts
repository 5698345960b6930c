import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { UUID } from './common-schemas.ts';

/** The sign-in routes (auth.plugin.ts): what they take and answer. */

const TAG = ['Sessions'];

/** What a user learns about themselves (`meOf`). */
export const meSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    teams: { type: 'array', items: { type: 'object', properties: { id: UUID, name: { type: 'string' } }, required: ['id', 'name'] } },
    manager: { type: ['string', 'null'], format: 'uuid' },
    admin: { type: 'boolean' },
  },
  required: ['id', 'email', 'name', 'roles', 'teams', 'manager', 'admin'],
};

const csrfToken: JsonSchema = {
  type: ['string', 'null'],
  description:
    'Send it as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE made with the session cookie; null when the request was made with an API token.',
};

export const sessionSchema: JsonSchema = { type: 'object', properties: { user: meSchema, csrfToken }, required: ['user', 'csrfToken'] };

const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: { email: { type: 'string', maxLength: 254 }, password: { type: 'string', maxLength: 1024 } },
} as const;

const passwordBody = {
  type: 'object',
  required: ['currentPassword', 'password'],
  additionalProperties: false,
  properties: { currentPassword: { type: 'string', maxLength: 1024 }, password: { type: 'string', maxLength: 1024 } },
} as const;

export const loginSchema = {
  operationId: 'auth_login',
  tags: TAG,
  summary: 'Sign in',
  description: 'Sets the httpOnly session cookie. Attempts are limited per address and email, and failed ones per address.',
  body: loginBody,
  response: { 200: json(sessionSchema, 'Signed in: the user and the CSRF token of the new session.'), ...problems(400, 401, 429, 503) },
};

export const logoutSchema = {
  operationId: 'auth_logout',
  tags: TAG,
  summary: 'Sign out',
  description: 'Ends the session of the cookie (a request with an API token ends nothing) and clears the cookie.',
  response: { 204: { description: 'Signed out.' }, ...problems(401, 403, 503) },
};

export const meRouteSchema = {
  operationId: 'auth_me',
  tags: TAG,
  summary: 'Who am I',
  response: { 200: json(sessionSchema, 'The signed-in user, and the CSRF token when signed in with the cookie.'), ...problems(401, 503) },
};

export const passwordSchema = {
  operationId: 'auth_password',
  tags: TAG,
  summary: 'Change my password',
  description: 'Ends every session and token of the user; with the cookie, signs this browser in again.',
  body: passwordBody,
  response: {
    200: json({ type: 'object', properties: { csrfToken: { type: 'string' } }, required: ['csrfToken'] }, 'Changed; the CSRF token of the new session.'),
    204: { description: 'Changed (the request was made with an API token).' },
    ...problems(400, 401, 403, 429, 503),
  },
};

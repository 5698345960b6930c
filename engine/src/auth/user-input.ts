import { loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import { passwordProblems } from './passwords.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// One "@", no spaces, a domain of dot-separated labels ("a@b" is allowed for intranet domains).
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/;
// The pattern of metadata document names, which roles are.
const ROLE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,99}$/;
export const MAX_ROLES = 50;

export interface UserInput {
  email?: unknown;
  name?: unknown;
  password?: unknown;
  admin?: unknown;
  roles?: unknown;
  manager?: unknown;
  active?: unknown;
}

/** What a create or update may change, checked and normalised. */
export interface UserChanges {
  email?: string;
  name?: string;
  password?: string;
  admin?: boolean;
  roles?: string[];
  manager?: string | null;
  active?: boolean;
}

export interface InputRules {
  /** Names of the published role documents; when given, other role names are refused. */
  readonly knownRoles?: ReadonlySet<string>;
}

/** Emails are compared and stored lower-cased: one person, one account, whatever the case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks every field present and reports all problems at once, with pointers; `creating`
 * requires an email and a name. The HTTP layer's JSON schemas check types first; the CLI
 * relies on this alone.
 */
export function checkUserInput(input: UserInput, creating: boolean, rules: InputRules = {}): UserChanges {
  const problems: ProblemItem[] = [];
  const changes: UserChanges = {};
  if (input.email !== undefined || creating) {
    const email = typeof input.email === 'string' ? normalizeEmail(input.email) : '';
    if (!EMAIL.test(email) || email.length > 254) problems.push({ path: '/email', message: 'must be an email address such as ann@example.com' });
    else changes.email = email;
  }
  if (input.name !== undefined || creating) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 200) problems.push({ path: '/name', message: 'must be a name of 1 to 200 characters' });
    else changes.name = name;
  }
  if (input.password !== undefined) {
    const found = passwordProblems(input.password);
    if (found.length) problems.push(...found);
    else changes.password = input.password as string;
  }
  for (const key of ['admin', 'active'] as const) {
    if (input[key] === undefined) continue;
    if (typeof input[key] !== 'boolean') problems.push({ path: `/${key}`, message: 'must be true or false' });
    else changes[key] = input[key];
  }
  if (input.roles !== undefined) changes.roles = checkRoles(input.roles, rules, problems);
  if (input.manager !== undefined) {
    if (input.manager !== null && (typeof input.manager !== 'string' || !UUID.test(input.manager)))
      problems.push({ path: '/manager', message: 'must be a user id or null' });
    else changes.manager = input.manager as string | null;
  }
  if (problems.length) throw loomErrors(problems.every((p) => p.path === '/password') ? 'LOOM_ERR_AUTH_WEAK_PASSWORD' : 'LOOM_ERR_AUTH_INVALID', problems);
  return changes;
}

function checkRoles(roles: unknown, rules: InputRules, problems: ProblemItem[]): string[] {
  if (!Array.isArray(roles) || roles.length > MAX_ROLES) {
    problems.push({ path: '/roles', message: `must be a list of at most ${MAX_ROLES} role names` });
    return [];
  }
  roles.forEach((role, i) => {
    if (typeof role !== 'string' || !ROLE_NAME.test(role)) problems.push({ path: `/roles/${i}`, message: 'must be the name of a role document' });
    else if (rules.knownRoles && !rules.knownRoles.has(role)) problems.push({ path: `/roles/${i}`, message: `no role document is named "${role}"` });
  });
  return [...new Set(roles as string[])];
}

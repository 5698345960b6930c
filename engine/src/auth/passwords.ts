import { Algorithm, hash, verify } from '@node-rs/argon2';
import { loomErrors } from '../errors/loom-error.ts';
import { randomSecret } from './secrets.ts';

/**
 * Passwords are hashed with argon2id (OWASP's parameters: 19 MiB, 2 passes). @node-rs/argon2
 * hashes on a worker thread, so a login never blocks the event loop for other requests.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
// Long enough for any passphrase, short enough that hashing cost stays bounded.
export const PASSWORD_MAX_LENGTH = 256;

/** The policy's problems with a password (empty when it is acceptable). */
export function passwordProblems(password: unknown, path = '/password'): { path: string; message: string }[] {
  if (typeof password !== 'string') return [{ path, message: 'must be a string' }];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return [{ path, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` }];
  if (length > PASSWORD_MAX_LENGTH) return [{ path, message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` }];
  return [];
}

export function assertPasswordPolicy(password: unknown, path = '/password'): asserts password is string {
  const problems = passwordProblems(password, path);
  if (problems.length) throw loomErrors('LOOM_ERR_AUTH_WEAK_PASSWORD', problems);
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    // A malformed stored hash is a failed sign-in, never a 500 that tells the two apart.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Made when the server starts, so not even the first unknown email costs an extra hash. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomSecret());
  return dummyHash;
}

/**
 * Checks a password against a hash that matches nothing, with the same cost as a real
 * check: unknown emails and users without a password take as long as a wrong password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await prepareDummyHash(), password);
  return false;
}

/** A password to hand out once (bootstrap admin, `loom user create`): 20 characters, 120 bits. */
export function generatePassword(): string {
  return randomSecret(15);
}

import { sql, type Kysely } from 'kysely';

/** How long health waits for the database before calling it down. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether the database answers a trivial statement, within `timeoutMs`. A server that cannot
 * be reached may leave a connection attempt hanging for minutes (the operating system's TCP
 * timeout), and a pool whose connections all hang has none to lend: health must still answer,
 * and answer "down", in time for a load balancer or an orchestrator that asks.
 */
export async function databaseAnswers(db: Kysely<any>, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const probe = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The health answer while the database is down: 503 with this body. */
export function databaseDown(kind: string) {
  return { status: 'unavailable', database: kind, detail: 'The database does not answer: requests that need it are answered 503 until it is back.' };
}

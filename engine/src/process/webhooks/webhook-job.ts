import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { WebhookSpec } from '@loom/metadata';
import type { JobQueue } from '../../jobs/job-queue.ts';

/** The queue's name for webhook deliveries. */
export const WEBHOOK_JOB = 'loom.webhook';

/** How often a failing delivery is tried again; the queue spaces the tries out exponentially. */
export const WEBHOOK_RETRIES = 8;

/** One webhook delivery as it waits in the queue: everything is decided when it is enqueued. */
export interface WebhookJob {
  readonly url: string;
  readonly method: 'POST' | 'PUT' | 'PATCH';
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, sent as is (and signed as sent). */
  readonly body: unknown;
  /** Sent as `Loom-Delivery`: the same on every try, so the receiver can drop a repeat. */
  readonly deliveryId: string;
  /** `automation:<name>`, `approval:<name>`. */
  readonly source: string;
}

/**
 * Enqueues a webhook in the caller's transaction (a rolled-back write sends nothing). The
 * delivery id is derived from the occasion's key, so a step that runs twice enqueues one job
 * (the key) and a receiver sees one id.
 */
export async function enqueueWebhook(jobs: JobQueue, trx: Kysely<any>, spec: WebhookSpec, body: unknown, key: string, source: string): Promise<void> {
  const job: WebhookJob = { url: spec.url, method: spec.method ?? 'POST', headers: spec.headers ?? {}, body, deliveryId: deliveryId(key), source };
  await jobs.send(trx, WEBHOOK_JOB, job, { key, retryLimit: WEBHOOK_RETRIES });
}

/** A UUID-shaped id from the key (SHA-256, version 8 "custom" bits), stable across tries and instances. */
function deliveryId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

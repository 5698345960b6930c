/** How this instance delivers webhooks (LOOM_WEBHOOK_SECRET, LOOM_WEBHOOK_ALLOW_PRIVATE). */
export interface WebhookSettings {
  /** The HMAC-SHA256 key of the `Loom-Signature` header; without one, deliveries fail (and say why). */
  readonly secret?: string;
  /** Lets webhooks reach loopback and private addresses (a receiver on the same machine or network). */
  readonly allowPrivate: boolean;
  /** How long one try may take, connecting to the last byte of the answer. */
  readonly timeoutMs: number;
  /** Why an address may not be reached (undefined: it may); address-policy.ts unless replaced (tests). */
  readonly refuse?: (address: string) => string | undefined;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { allowPrivate: false, timeoutMs: 10_000 };

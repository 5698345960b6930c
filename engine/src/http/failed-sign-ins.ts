import { isIPv4, isIPv6 } from 'node:net';

export interface FailedSignInPolicy {
  /** Failed sign-ins one address may make in a window, whatever the emails; 0 turns the limit off. */
  readonly max: number;
  readonly windowMs: number;
}

/** Addresses tracked at most: past this, ended windows are swept, then the oldest dropped. */
const MAX_TRACKED = 50_000;

/**
 * Failed sign-ins per client address, across emails: one address trying one password on many
 * accounts (password spraying) is stopped here, which the per-address-and-email rate limit
 * cannot see. Only a wrong email or password counts, never a database fault, and a blocked
 * attempt neither counts nor lengthens the wait, so an office behind one address is let in
 * again when the window ends. In memory, per instance, like the rate limit.
 */
export class FailedSignIns {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    private readonly policy: FailedSignInPolicy,
    private readonly now: () => number,
  ) {}

  /** Seconds until the address may try again, or undefined when it may try now. */
  retryAfter(address: string): number | undefined {
    if (this.policy.max <= 0) return undefined;
    const window = this.windows.get(addressKey(address));
    const now = this.now();
    if (!window || window.endsAt <= now || window.failures < this.policy.max) return undefined;
    return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  /** Counts one wrong email or password from the address (the window starts at its first). */
  fail(address: string): void {
    if (this.policy.max <= 0) return;
    const key = addressKey(address);
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.endsAt > now) {
      window.failures++;
      return;
    }
    this.windows.delete(key);
    if (this.windows.size >= MAX_TRACKED) this.sweep(now);
    this.windows.set(key, { failures: 1, endsAt: now + this.policy.windowMs });
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    // Still full: the oldest windows go (a Map iterates in insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(key);
    }
  }
}

/**
 * The part of an address one client controls: IPv4 as it is (an IPv4-mapped IPv6 address as
 * its IPv4), IPv6 by its /64, which a single host is commonly given whole.
 */
export function addressKey(address: string): string {
  if (isIPv4(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, lower case, without leading zeros (a zone id dropped). */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => group.replace(/^0+(?=.)/, ''));
}

import { randomBytes } from 'node:crypto';

let lastMs = -1;
let last: Buffer | undefined;

/**
 * Time-ordered UUIDs (RFC 9562 v7): new rows land at the end of the primary key index. Ids
 * made in the same millisecond count up from the previous one (RFC 9562 §6.2, the random bits
 * as a counter), so rows written together, such as a document's lines saved in one
 * transaction, sort by id in the order they were written.
 */
export function uuid7(now = Date.now()): string {
  let bytes: Buffer;
  if (last && now === lastMs) {
    bytes = Buffer.from(last);
    countUp(bytes);
  } else {
    bytes = randomBytes(16);
    bytes.writeUIntBE(now, 0, 6);
    // Leave room to count: the counter's top bit starts clear, as RFC 9562 suggests.
    bytes[6] &= 0xf7;
    lastMs = now;
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  last = bytes;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Adds one to the 74 bits after the timestamp (skipping the version and variant bits). */
function countUp(bytes: Buffer): void {
  for (let i = 15; i >= 9; i--) {
    if (bytes[i] < 0xff) return void bytes[i]++;
    bytes[i] = 0;
  }
  if ((bytes[8] & 0x3f) < 0x3f) return void bytes[8]++;
  bytes[8] &= 0xc0;
  if (bytes[7] < 0xff) return void bytes[7]++;
  bytes[7] = 0;
  // Past 2^74 ids in one millisecond (it cannot happen) the low nibble of byte 6 wraps, keeping the id valid.
  bytes[6] = (bytes[6] & 0xf0) | ((bytes[6] + 1) & 0x0f);
}

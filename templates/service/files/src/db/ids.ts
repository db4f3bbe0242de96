import { randomBytes, randomInt } from "node:crypto";

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
 * Ids sort by creation time, which keeps B-tree inserts local and lets the
 * list route page with `WHERE id > $cursor ORDER BY id`.
 *
 * Ids made in the same millisecond must still sort in the order they were
 * made, so the 12 bits after the version hold a counter (RFC 9562 §6.2,
 * method 1) that starts at a random value in its lower half each millisecond.
 * Within one process every id is greater than the one before.
 */
let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  let ms = Math.max(now, lastMs);
  if (ms === lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      ms += 1; // counter exhausted: borrow the next millisecond, as the RFC allows
      counter = randomInt(0x800);
    }
  } else {
    counter = randomInt(0x800);
  }
  lastMs = ms;

  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8); // version 7, counter high bits
  bytes[7] = counter & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { randomBytes } from "node:crypto";

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
 * Ids sort by creation time, which keeps B-tree inserts local and lets the
 * list route page with `WHERE id > $cursor ORDER BY id`.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70; // version 7
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Identifiers that sort by creation time, so a SQLite UNIQUE index over them grows at its end
 * (random ids dirty a random index page per insert and per delete: with hundreds of thousands of
 * jobs and recovery points a year, that was most of an advance's cost). They keep AWS's shapes:
 * a UUID (version 7 layout: 48 bits of epoch ms, then 74 random bits) and lowercase hex ids.
 */
import { randomBytes } from 'node:crypto';

/** A UUID (lowercase, 8-4-4-4-12) whose first 48 bits are ms: ids of one instant sort together. */
export function timeOrderedUuid(ms: number): string {
  const b = randomBytes(16);
  let t = Math.max(0, Math.floor(ms));
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = 0x70 | (b[6]! & 0x0f); // version 7
  b[8] = 0x80 | (b[8]! & 0x3f); // RFC 4122 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * n (> 5) lowercase hex digits: the first 5 count 2^24 ms (about 4.7 hours, wrapping after
 * ~560 years), the rest are random (48 bits for AWS's 17-digit snapshot ids, as unlikely to
 * collide within one such window as a random UUID is among all).
 */
export function timeOrderedHex(n: number, ms: number): string {
  const window = (Math.floor(Math.max(0, ms) / 2 ** 24) % 2 ** 20).toString(16).padStart(5, '0');
  return window + randomBytes(Math.ceil((n - 5) / 2)).toString('hex').slice(0, n - 5);
}

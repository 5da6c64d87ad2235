/**
 * Identifiers that sort by creation time, so a SQLite UNIQUE index over them grows at its end
 * (random ids dirty a random index page per insert and per delete: with hundreds of thousands of
 * jobs and recovery points a year, that was most of an advance's cost). They keep AWS's shapes:
 * a UUID (version 7 layout: 48 bits of epoch ms, then 74 random bits) and lowercase hex ids.
 */
import { randomUUID } from 'node:crypto';

/** ms as 12 hex digits (48 bits). */
const msHex = (ms: number): string => Math.min(Math.max(0, Math.floor(ms)), 2 ** 48 - 1).toString(16).padStart(12, '0');

/**
 * A UUID (lowercase, 8-4-4-4-12) whose first 48 bits are ms, version 7, then randomUUID's random
 * bits (its entropy comes from a pool: a randomBytes call per id cost more than the id's insert).
 */
export function timeOrderedUuid(ms: number): string {
  const u = randomUUID(); // xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx
  const t = msHex(ms);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${u.slice(15)}`;
}

/**
 * n (5 < n <= 17) lowercase hex digits: the first 5 count 2^24 ms (about 4.7 hours, wrapping
 * after ~560 years), the rest are random (48 bits for AWS's 17-digit snapshot ids, as unlikely
 * to collide within one such window as a random UUID is among all).
 */
export function timeOrderedHex(n: number, ms: number): string {
  const window = (Math.floor(Math.max(0, ms) / 2 ** 24) % 2 ** 20).toString(16).padStart(5, '0');
  // The first 8 and next 4 hex digits of a v4 UUID are all random.
  const u = randomUUID();
  return window + (u.slice(0, 8) + u.slice(9, 13)).slice(0, n - 5);
}

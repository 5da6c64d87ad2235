/**
 * AWS tag rules, as AWS's tagging documentation states them: at most 50 tags on a resource;
 * keys 1-128 and values 0-256 Unicode characters; letters, digits, white space and _ . : / = + - @;
 * the aws: prefix (in any case) is reserved.
 */
import { invalidParameter, limitExceeded } from '../../protocol/errors.js';

export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED = /^aws:/i;

/** Length in Unicode characters (code points), as AWS counts them, not UTF-16 units. */
const chars = (s: string): number => [...s].length;

/** Checks a tag key on its own (also used for UntagResource's key list). */
export function validateTagKey(key: string): void {
  if (chars(key) < 1 || chars(key) > 128) throw invalidParameter(`Tag key '${key}' must be 1 to 128 characters long.`);
  if (RESERVED.test(key)) throw invalidParameter(`Tag key '${key}' may not begin with 'aws:', which is reserved for AWS use.`);
  if (!TAG_TEXT.test(key)) {
    throw invalidParameter(`Tag key '${key}' contains characters that are not allowed: use letters, digits, spaces and _ . : / = + - @.`);
  }
}

/** Checks tags about to be added to a resource that already has `existing`. */
export function validateTags(tags: Record<string, string>, existing: Record<string, string> = {}): void {
  for (const [key, value] of Object.entries(tags)) {
    validateTagKey(key);
    if (chars(value) > 256) throw invalidParameter(`The value of tag '${key}' must be at most 256 characters long.`);
    // AWS's tagging guide reserves aws: for values too; the stricter reading is enforced.
    if (RESERVED.test(value)) throw invalidParameter(`The value of tag '${key}' may not begin with 'aws:', which is reserved for AWS use.`);
    if (!TAG_TEXT.test(value)) {
      throw invalidParameter(`The value of tag '${key}' contains characters that are not allowed: use letters, digits, spaces and _ . : / = + - @.`);
    }
  }
  const count = Object.keys({ ...existing, ...tags }).length;
  if (count > MAX_TAGS) throw limitExceeded(`A resource can have at most ${MAX_TAGS} tags; this request would give it ${count}.`);
}

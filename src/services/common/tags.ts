/** AWS tag rules: at most 50 tags; keys 1-128 and values 0-256 characters; no aws: prefix. */
import { invalidParameter } from '../../protocol/errors.js';

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTags(tags: Record<string, string>, existing: Record<string, string> = {}): void {
  const merged = { ...existing, ...tags };
  if (Object.keys(merged).length > 50) throw invalidParameter('A resource can have at most 50 tags.');
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) throw invalidParameter(`Tag key '${key}' must be 1 to 128 characters long.`);
    if (value.length > 256) throw invalidParameter(`The value of tag '${key}' must be at most 256 characters long.`);
    if (key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag key '${key}' may not begin with 'aws:', which is reserved.`);
    if (!TAG_TEXT.test(key)) throw invalidParameter(`Tag key '${key}' contains characters that are not allowed.`);
    if (!TAG_TEXT.test(value)) throw invalidParameter(`The value of tag '${key}' contains characters that are not allowed.`);
  }
}

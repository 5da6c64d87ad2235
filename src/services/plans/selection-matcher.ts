/**
 * Which resources a backup selection picks, as AWS documents it:
 *   (matches any Resources pattern  OR  has any ListOfTags tag)
 *   AND matches no NotResources pattern
 *   AND satisfies every Conditions entry.
 * ARN patterns and StringLike values use `*` (any run of characters) and `?` (one character).
 * A missing tag fails StringEquals and StringLike and satisfies StringNotEquals and
 * StringNotLike, as in IAM condition evaluation. Pure: no I/O.
 */
import type { BackupSelection, ConditionParameter } from '@aws-sdk/client-backup';

export interface SelectableResource {
  arn: string;
  tags: Record<string, string>;
}

const TAG_PREFIX = 'aws:ResourceTag/';

const globCache = new Map<string, RegExp>();

/** `*` and `?` wildcards, everything else literal, case-sensitive. */
export function globMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re.test(text);
}

/** The tag key a condition names: Conditions use `aws:ResourceTag/Key`; ListOfTags takes either form. */
export const tagKeyOf = (conditionKey: string): string =>
  conditionKey.startsWith(TAG_PREFIX) ? conditionKey.slice(TAG_PREFIX.length) : conditionKey;

function all(params: ConditionParameter[] | undefined, test: (value: string | undefined, wanted: string) => boolean, tags: Record<string, string>): boolean {
  for (const p of params ?? []) {
    const key = tagKeyOf(p.ConditionKey ?? '');
    const value = Object.hasOwn(tags, key) ? tags[key] : undefined;
    if (!test(value, p.ConditionValue ?? '')) return false;
  }
  return true;
}

export function selects(selection: BackupSelection, resource: SelectableResource): boolean {
  const { arn, tags } = resource;
  const byArn = (selection.Resources ?? []).some((p) => globMatches(p, arn));
  const byTag =
    !byArn &&
    (selection.ListOfTags ?? []).some((c) => {
      const key = tagKeyOf(c.ConditionKey ?? '');
      return Object.hasOwn(tags, key) && tags[key] === c.ConditionValue;
    });
  if (!byArn && !byTag) return false;
  if ((selection.NotResources ?? []).some((p) => globMatches(p, arn))) return false;
  const c = selection.Conditions;
  if (!c) return true;
  return (
    all(c.StringEquals, (v, w) => v === w, tags) &&
    all(c.StringNotEquals, (v, w) => v !== w, tags) &&
    all(c.StringLike, (v, w) => v !== undefined && globMatches(w, v), tags) &&
    all(c.StringNotLike, (v, w) => v === undefined || !globMatches(w, v), tags)
  );
}

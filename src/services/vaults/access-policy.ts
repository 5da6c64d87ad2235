/** Checks of a backup vault access policy: a JSON object IAM policy with Version and Statement. */
import { invalidParameter } from '../../protocol/errors.js';

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const EFFECTS = new Set(['Allow', 'Deny']);
/** IAM's limit on a resource-based policy document, in characters. */
export const MAX_POLICY_LENGTH = 20_480;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Answers the policy text unchanged when it is an acceptable policy document; throws otherwise. */
export function validateAccessPolicy(policy: string): string {
  if (policy.length > MAX_POLICY_LENGTH) {
    throw invalidParameter(`The access policy is ${policy.length} characters long; the limit is ${MAX_POLICY_LENGTH}.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch (e) {
    throw invalidParameter(`The access policy is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw invalidParameter('The access policy must be a JSON object with Version and Statement.');
  // IAM lets Version be omitted; the stricter reading requires it, as every AWS Backup example has it.
  if (typeof doc.Version !== 'string' || !VERSIONS.has(doc.Version)) {
    throw invalidParameter(`The access policy's Version must be "2012-10-17" (or "2008-10-17").`);
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : isObject(doc.Statement) ? [doc.Statement] : undefined;
  if (!statements || statements.length === 0) {
    throw invalidParameter('The access policy must have a Statement: an object or a non-empty list of objects.');
  }
  statements.forEach((s, i) => {
    if (!isObject(s)) throw invalidParameter(`Statement ${i} of the access policy is not an object.`);
    if (typeof s.Effect !== 'string' || !EFFECTS.has(s.Effect)) {
      throw invalidParameter(`Statement ${i} of the access policy needs an Effect of "Allow" or "Deny".`);
    }
    if (s.Action === undefined && s.NotAction === undefined) {
      throw invalidParameter(`Statement ${i} of the access policy needs an Action or NotAction.`);
    }
  });
  return policy;
}

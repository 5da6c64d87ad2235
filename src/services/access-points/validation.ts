/**
 * The checks of CreateBackupAccessPoint's body (the protocol layer checks only types and
 * required members there). Sources, all in docs/access-points.md: the API reference of
 * CreateBackupAccessPoint, the developer guide's "Access points" page, and the S3 user guide's
 * access point naming rules, which backup access point names follow ("This name is shared with
 * the Amazon S3 access point namespace").
 */
import { invalidParameter } from '../../protocol/errors.js';
import { DAY_MS } from '../common/time.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';

/** The model allows 200,000 characters; S3 limits an access point policy to 20 KB, the stricter bound. */
const POLICY_MAX_BYTES = 20 * 1024;
/** "For continuous (point-in-time) recovery points, you must include an AccessPointInTime timestamp (in format 2021-11-27T03:30:27Z)". */
export const POINT_IN_TIME = 'AccessPointInTime';
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * S3's naming rules for access points: 3 to 50 characters; lowercase letters, digits and
 * hyphens; begins and ends with a letter or digit; does not end with -s3alias or -ext-s3alias
 * (reserved for aliases). The model's AccessPointName pattern says the same.
 */
export function validateName(name: string): void {
  const rule = (why: string): Error => invalidParameter(`Invalid access point name '${name}': ${why} (Amazon S3 access point naming rules).`);
  if (name.length < 3 || name.length > 50) throw rule(`it must be 3 to 50 characters long; got ${name.length}`);
  if (!/^[a-z0-9-]+$/.test(name)) throw rule('use only lowercase letters, digits and hyphens');
  if (name.startsWith('-') || name.endsWith('-')) throw rule('it must begin and end with a lowercase letter or a digit');
  if (name.endsWith('-s3alias')) throw rule('the suffixes -s3alias and -ext-s3alias are reserved for access point aliases');
}

/**
 * AccessPointPolicy is the policy of the underlying S3 access point, which S3 checks when it is
 * put (PutAccessPointPolicy answers MalformedPolicy otherwise). Holdfast checks what S3 requires
 * of a resource-based policy, the stricter reading where the guides only show examples: a JSON
 * object of at most 20 KB whose Statement (one or a list) each has an Effect of Allow or Deny, a
 * Principal or NotPrincipal, an Action or NotAction of S3 actions (`s3:...` or `*`), and a
 * Resource or NotResource naming this access point (its S3 ARN, or objects below
 * `<ARN>/object/`), as the developer guide's example does. Holdfast stores it; it governs S3
 * reads through the access point, which no Holdfast endpoint serves (docs/access-points.md).
 */
export function validatePolicy(policy: string | undefined, s3AccessPointArn: string): void {
  if (policy === undefined) return;
  const size = Buffer.byteLength(policy);
  if (size < 1 || size > POLICY_MAX_BYTES) {
    throw invalidParameter(`AccessPointPolicy must be 1 byte to 20 KB (${POLICY_MAX_BYTES} bytes), the Amazon S3 limit of an access point policy; got ${size} bytes.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch (e) {
    throw invalidParameter(`AccessPointPolicy is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(parsed) || !('Statement' in parsed)) {
    throw invalidParameter('AccessPointPolicy must be a JSON policy document: an object with a Statement.');
  }
  const statements = Array.isArray(parsed.Statement) ? (parsed.Statement as unknown[]) : [parsed.Statement];
  if (statements.length === 0) throw invalidParameter('AccessPointPolicy has no statement: give Statement at least one.');
  statements.forEach((st, i) => checkStatement(st, i + 1, s3AccessPointArn));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string') ? (v) : undefined;

function checkStatement(st: unknown, n: number, apArn: string): void {
  const bad = (why: string): Error => invalidParameter(`AccessPointPolicy statement ${n} ${why}`);
  if (!isObject(st)) throw bad('is not a JSON object.');
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw bad(`has Effect ${JSON.stringify(st.Effect)}; use "Allow" or "Deny".`);
  if (!('Principal' in st) && !('NotPrincipal' in st)) throw bad('names no Principal: an access point policy is a resource-based policy and says whom it applies to.');
  const actions = strings(st.Action ?? st.NotAction);
  if (!actions) throw bad('needs an Action (or NotAction): a string or a list of strings.');
  const foreign = actions.filter((a) => a !== '*' && !/^s3:[A-Za-z*?]+$/.test(a));
  if (foreign.length > 0) throw bad(`has actions that are not Amazon S3 actions: ${foreign.join(', ')}.`);
  const resources = strings(st.Resource ?? st.NotResource);
  if (!resources) throw bad('needs a Resource (or NotResource): a string or a list of strings.');
  const elsewhere = resources.filter((r) => r !== apArn && !r.startsWith(`${apArn}/object/`));
  if (elsewhere.length > 0) throw bad(`names resources other than this access point (${apArn} or ${apArn}/object/...): ${elsewhere.join(', ')}.`);
}

/** The earliest and latest instants a continuous point gives access to at nowMs (epoch ms). */
export function continuousWindow(point: RecoveryPointRecord, nowMs: number): { from: number; to: number } {
  const retentionDays = point.lifecycle?.DeleteAfterDays;
  const from = retentionDays === undefined ? point.creationDate : Math.max(point.creationDate, nowMs - retentionDays * DAY_MS);
  return { from, to: nowMs };
}

/**
 * The AccessPointMetadata a create request may give: only AccessPointInTime, required for a
 * continuous point ("you must include"), refused for a snapshot ("do not include"), and for a
 * continuous point "any time within the continuous backup's retention period, up to the latest
 * restorable time" (Holdfast's latest restorable time is the present). Other keys are refused:
 * the API reference documents none (S3AccessPointArn and S3AccessPointAlias are AWS's to set).
 */
export function validateMetadata(metadata: Record<string, string> | undefined, point: RecoveryPointRecord, nowMs: number): Record<string, string> {
  const given = metadata ?? {};
  const unknown = Object.keys(given).filter((k) => k !== POINT_IN_TIME);
  if (unknown.length > 0) {
    throw invalidParameter(`AccessPointMetadata accepts only the key ${POINT_IN_TIME}; remove ${unknown.join(', ')}.`);
  }
  const at = given[POINT_IN_TIME];
  if (!point.continuous) {
    if (at !== undefined) {
      throw invalidParameter(`Recovery point ${point.arn} is a snapshot, not a continuous backup: do not include ${POINT_IN_TIME} in AccessPointMetadata.`);
    }
    return {};
  }
  if (at === undefined) {
    throw invalidParameter(`Recovery point ${point.arn} is a continuous backup: AccessPointMetadata must include ${POINT_IN_TIME} (format 2021-11-27T03:30:27Z).`);
  }
  const m = TIMESTAMP.exec(at);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : NaN;
  if (!m || new Date(ms).toISOString() !== `${at.slice(0, -1)}.000Z`) {
    throw invalidParameter(`Invalid ${POINT_IN_TIME} '${at}': use the format 2021-11-27T03:30:27Z (UTC, to the second).`);
  }
  const { from, to } = continuousWindow(point, nowMs);
  if (ms < from || ms > to) {
    const iso = (t: number): string => new Date(Math.ceil(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    throw invalidParameter(
      `${POINT_IN_TIME} ${at} is outside the retention window of continuous recovery point ${point.arn}: choose a time from ${iso(from)} to ${iso(Math.floor(to / 1000) * 1000)}.`,
    );
  }
  return { [POINT_IN_TIME]: at };
}

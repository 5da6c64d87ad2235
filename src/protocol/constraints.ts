/**
 * The model's constraints on a string -- length, pattern, enum -- compiled once per member and
 * checked by parse.ts: the lengths and patterns of every URI-path and query-string member (from
 * the vendored botocore model: the SDK's schemas carry none), the enums of every member (from the
 * SDK). One rule and one message, `Invalid value 'V' for MEMBER: RULE.`, with
 * InvalidParameterValueException. Body members' lengths and patterns are the domains' to check,
 * with messages that say more (plan rule names, vault names, tags, ...).
 *
 * Readings (AWS publishes no text for these refusals; the stricter reading is taken where the
 * model is silent, the documented one where it contradicts itself):
 * - A pattern must match the whole value (`^(?:pattern)$`), also where the model leaves it
 *   unanchored (FrameworkName `[a-zA-Z][_a-zA-Z0-9]*`): the API reference describes whole names.
 * - Lengths count Unicode code points, as AWS counts characters.
 * - DOCUMENTED: what a member's documentation adds to its shape. Values it names outside the
 *   pattern (ByAccountId `*`, AccountId `ANY`) are taken only where it names them: ListCopyJobs
 *   and ListRestoreJobs document no `*`, so their ByAccountId takes 12-digit account IDs only.
 * - CORRECTED: a shape whose pattern refuses values its own documentation lists.
 */
import { botocoreShape } from './botocore-model.js';
import { invalidParameter } from './errors.js';
import type { ServiceError } from './errors.js';

export interface StringRule {
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** The pattern as the model writes it, for messages. */
  patternSource?: string;
  values?: ReadonlySet<string>;
  /** Values the documentation allows besides the pattern. */
  also?: readonly string[];
  /** AWS's own message for a value outside `values`, where it is public. */
  refusal?: string;
}

/** What a member's documentation adds to its shape, keyed `Structure.Member`. */
export interface Documented {
  pattern?: string;
  values?: readonly string[];
  also?: readonly string[];
  refusal?: string;
}

/** "Root, admin, and delegated administrator accounts can use the value ANY ... AGGREGATE_ALL aggregates ..." */
const SUMMARY_ACCOUNT: Documented = { also: ['ANY', 'AGGREGATE_ALL'] };

const DOCUMENTED: Readonly<Record<string, Documented>> = {
  // "If used from an Organizations management account, passing * returns all jobs across the organization."
  'ListBackupJobsInput.ByAccountId': { also: ['*'] },
  // The shape is a bare String; the documentation says "Pattern: ^[0-9]{12}$" and "passing * returns all jobs".
  'ListScanJobsInput.ByAccountId': { pattern: '^[0-9]{12}$', also: ['*'] },
  // A bare String; the documentation says "Pattern: ^[a-zA-Z0-9\-\_\.]{2,50}$".
  'ListScanJobsInput.ByBackupVaultName': { pattern: '^[a-zA-Z0-9\\-\\_\\.]{2,50}$' },
  // A bare string; "The statuses are: CREATED | RUNNING | COMPLETED | FAILED | COMPLETED_WITH_ISSUES".
  'ListReportJobsInput.ByStatus': { values: ['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'COMPLETED_WITH_ISSUES'] },
  'ListBackupJobSummariesInput.AccountId': SUMMARY_ACCOUNT,
  'ListCopyJobSummariesInput.AccountId': SUMMARY_ACCOUNT,
  'ListRestoreJobSummariesInput.AccountId': SUMMARY_ACCOUNT,
  'ListScanJobSummariesInput.AccountId': SUMMARY_ACCOUNT,
  // AWS's text (docs/error-messages.md), listing the events its developer guide supports today.
  // The SDK's enum predates backup access points: the vendored botocore model adds their six events.
  'PutBackupVaultNotificationsInput.BackupVaultEvents': {
    also: ['ACCESS_POINT_AVAILABLE', 'ACCESS_POINT_CREATION_FAILED', 'ACCESS_POINT_DELETED', 'ACCESS_POINT_DELETION_FAILED', 'ACCESS_POINT_EXPIRED', 'ACCESS_POINT_DISASSOCIATED'],
    refusal:
      'Please select from the following list of notifications BACKUP_JOB_STARTED, BACKUP_JOB_COMPLETED, RESTORE_JOB_STARTED, RESTORE_JOB_COMPLETED, ' +
      'COPY_JOB_STARTED, COPY_JOB_SUCCESSFUL, COPY_JOB_FAILED, RECOVERY_POINT_MODIFIED, S3_BACKUP_OBJECT_FAILED, S3_RESTORE_OBJECT_FAILED, ' +
      'CONTINUOUS_BACKUP_INTERRUPTED, RECOVERY_POINT_INDEX_COMPLETED, RECOVERY_POINT_INDEX_DELETED, RECOVERY_POINT_INDEXING_FAILED, ' +
      'EKS_BACKUP_OBJECT_FAILED, EKS_RESTORE_OBJECT_FAILED, EKS_RESTORE_OBJECT_SKIPPED',
  },
};

/**
 * ResourceType's pattern, ^[a-zA-Z0-9\-\_\.]{1,50}$, has no space, yet the resource types its
 * members document include "SAP HANA on Amazon EC2" and "Storage Gateway", and AWS takes them
 * (the Terraform AWS provider's acceptance tests send both as UpdateRegionSettings keys).
 */
const CORRECTED: Readonly<Record<string, { pattern: string }>> = {
  ResourceType: { pattern: '^[a-zA-Z0-9\\-\\_\\. ]{1,50}$' },
};

/** What the documentation adds to a member, if anything. */
export const documentedRule = (structure: string, member: string): Documented | undefined => DOCUMENTED[`${structure}.${member}`];

/**
 * The rule of a string: the SDK's enum values, and for a URI-path or query-string member its
 * botocore shape's min, max and pattern and what the documentation adds. Undefined when nothing
 * constrains the value (no cost per request: DescribeBackupVault's name is a bare string).
 */
export function stringRule(enumValues: ReadonlySet<string> | undefined, botocore?: string, documented?: Documented): StringRule | undefined {
  const shape = botocore === undefined ? undefined : botocoreShape(botocore);
  const source = documented?.pattern ?? (botocore === undefined ? undefined : CORRECTED[botocore]?.pattern) ?? shape?.pattern;
  const rule: StringRule = {
    minLength: shape?.min,
    maxLength: shape?.max,
    pattern: source === undefined ? undefined : new RegExp(`^(?:${source})$`),
    patternSource: source,
    values: documented?.values ? new Set(documented.values) : enumValues,
    also: documented?.also,
    refusal: documented?.refusal,
  };
  const constrained = rule.minLength !== undefined || rule.maxLength !== undefined || rule.pattern !== undefined || rule.values !== undefined;
  return constrained ? rule : undefined;
}

const SHOWN = 100;
const shown = (value: string): string => (value.length > SHOWN ? `${value.slice(0, SHOWN)}...` : value);
const refuse = (value: string, path: string, rule: string): ServiceError => invalidParameter(`Invalid value '${shown(value)}' for ${path}: ${rule}.`);

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max} characters`;
  return min !== undefined ? `at least ${min} characters` : `at most ${max} characters`;
}

/** Length in Unicode code points; only strings with surrogate pairs need counting. */
const codePoints = (s: string): number => (/[\uD800-\uDBFF]/.test(s) ? [...s].length : s.length);

export function checkString(rule: StringRule, value: string, path: string): void {
  if (rule.also?.includes(value)) return;
  if (rule.values && !rule.values.has(value)) {
    if (rule.refusal) throw invalidParameter(rule.refusal);
    throw refuse(value, path, `must be one of ${[...rule.values].join(', ')}`);
  }
  const { minLength: min, maxLength: max } = rule;
  if (min !== undefined || max !== undefined) {
    const length = codePoints(value);
    if ((min !== undefined && length < min) || (max !== undefined && length > max)) {
      throw refuse(value, path, `must be ${range(min, max)} long; got ${length}`);
    }
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    const also = rule.also ? `, or be ${rule.also.join(' or ')}` : '';
    throw refuse(value, path, `must match the pattern ${rule.patternSource}${also}`);
  }
}

/**
 * Input checks of restore testing plans and selections, with AWS's constraints (API reference:
 * RestoreTestingPlanForCreate, RestoreTestingRecoveryPointSelection, RestoreTestingSelectionForCreate).
 */
import type { KeyValue, ProtectedResourceConditions, RestoreTestingRecoveryPointSelection } from '@aws-sdk/client-backup';
import { invalidParameter, missingParameter } from '../../protocol/errors.js';
import { describeResourceArn } from '../../resources/resource-types.js';
import { CronError, parseCron } from '../plans/cron.js';
import { isValidTimeZone } from '../plans/zoned-time.js';
import { DEFAULT_SELECTION_WINDOW_DAYS, type RecoveryPointSelectionRecord } from './records.js';

const NAME = /^[A-Za-z0-9_]{1,50}$/;
const CREATOR_REQUEST_ID = /^[A-Za-z0-9\-_.]{1,50}$/;
/** A vault ARN, where any part may hold * wildcards (arn:aws:backup:*:*:backup-vault:prod-*). */
const VAULT_SELECTOR = /^arn:aws:backup:[a-z0-9*-]*:[0-9*]*:backup-vault:[A-Za-z0-9_*-]+$/;
const KEY_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const VALUE_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The resource types restore testing supports (RestoreTestingSelectionForCreate.ProtectedResourceType). */
export const PROTECTED_RESOURCE_TYPES = ['Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'FSx', 'Neptune', 'RDS', 'S3'];
/** AWS: "up to 30 specific protected resource ARNs". */
export const MAX_PROTECTED_RESOURCE_ARNS = 30;

export function checkName(what: string, name: string): void {
  if (!NAME.test(name)) {
    throw invalidParameter(`Invalid ${what} '${name}': use 1 to 50 letters, digits and underscores.`);
  }
}

export function checkCreatorRequestId(id: string | undefined): void {
  if (id !== undefined && !CREATOR_REQUEST_ID.test(id)) {
    throw invalidParameter(`Invalid CreatorRequestId '${id}': use 1 to 50 letters, digits and '-_.' characters.`);
  }
}

function integerIn(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) throw invalidParameter(`${name} must be an integer from ${min} to ${max}; got ${value}.`);
}

export function checkSchedule(expression: string, timezone: string): void {
  try {
    parseCron(expression);
  } catch (e) {
    if (e instanceof CronError) throw invalidParameter(`Invalid ScheduleExpression '${expression}': ${e.message}.`);
    throw e;
  }
  if (!isValidTimeZone(timezone)) {
    throw invalidParameter(`Invalid ScheduleExpressionTimezone '${timezone}': use an IANA time zone name such as Europe/Paris or Etc/UTC.`);
  }
}

/** StartWindowHours: at most 168 (one week); the stricter reading also refuses 0. */
export function checkStartWindowHours(hours: number | undefined): void {
  integerIn('StartWindowHours', hours, 1, 168);
}

function checkVaultSelectors(name: string, list: string[], allowEmpty: boolean): void {
  if (!allowEmpty && list.length === 0) throw missingParameter(`RecoveryPointSelection.${name} must name at least one backup vault: ["*"] or vault ARNs.`);
  for (const v of list) {
    if (v !== '*' && !VAULT_SELECTOR.test(v)) {
      throw invalidParameter(
        `Invalid RecoveryPointSelection.${name} entry '${v}': use "*" or backup vault ARNs (wildcards allowed), such as arn:aws:backup:us-east-1:123456789012:backup-vault:prod-*.`,
      );
    }
  }
}

/** Checks a RecoveryPointSelection and fills in AWS's defaults. */
export function checkRecoveryPointSelection(input: RestoreTestingRecoveryPointSelection): RecoveryPointSelectionRecord {
  if (input.Algorithm === undefined) throw missingParameter('RecoveryPointSelection.Algorithm is required: LATEST_WITHIN_WINDOW or RANDOM_WITHIN_WINDOW.');
  const types = input.RecoveryPointTypes ?? [];
  if (types.length === 0) throw missingParameter('RecoveryPointSelection.RecoveryPointTypes is required: SNAPSHOT and/or CONTINUOUS.');
  if (new Set(types).size !== types.length) throw invalidParameter('RecoveryPointSelection.RecoveryPointTypes must not repeat a value.');
  const include = input.IncludeVaults ?? [];
  const exclude = input.ExcludeVaults ?? [];
  checkVaultSelectors('IncludeVaults', include, false);
  checkVaultSelectors('ExcludeVaults', exclude, true);
  integerIn('RecoveryPointSelection.SelectionWindowDays', input.SelectionWindowDays, 1, 365);
  return {
    algorithm: input.Algorithm,
    includeVaults: include,
    excludeVaults: exclude,
    recoveryPointTypes: types,
    selectionWindowDays: input.SelectionWindowDays ?? DEFAULT_SELECTION_WINDOW_DAYS,
  };
}

export function checkProtectedResourceType(type: string): void {
  if (!PROTECTED_RESOURCE_TYPES.includes(type)) {
    throw invalidParameter(`Invalid ProtectedResourceType '${type}'. Restore testing supports: ${PROTECTED_RESOURCE_TYPES.join(', ')}.`);
  }
}

/** ValidationWindowHours: 0 to 168 (the selection shapes' documented range). */
export function checkValidationWindowHours(hours: number | undefined): void {
  integerIn('ValidationWindowHours', hours, 0, 168);
}

/**
 * A condition names a tag as the IAM condition key `aws:ResourceTag/<tag key>`: the form AWS
 * takes (the Terraform provider's acceptance test sends `aws:ResourceTag/backup`, and its docs say
 * the key must start with that prefix). The model's KeyValue text ("can't start with aws:") is
 * about the tag key after the prefix. A bare tag key is refused (stricter reading).
 */
const CONDITION_KEY_PREFIX = 'aws:ResourceTag/';

/** The tag key a condition key names (the part after `aws:ResourceTag/`). */
export const conditionTagKey = (conditionKey: string): string => conditionKey.slice(CONDITION_KEY_PREFIX.length);

function checkKeyValues(name: string, list: KeyValue[] | undefined): void {
  for (const kv of list ?? []) {
    const key = kv.Key ?? '';
    const value = kv.Value ?? '';
    if (!key.startsWith(CONDITION_KEY_PREFIX)) {
      throw invalidParameter(
        `Invalid ProtectedResourceConditions.${name} key '${key}': name the tag as ${CONDITION_KEY_PREFIX}<tag key>, for example ${CONDITION_KEY_PREFIX}${key || 'backup'}.`,
      );
    }
    const tagKey = conditionTagKey(key);
    if ([...tagKey].length < 1 || [...tagKey].length > 128 || !KEY_TEXT.test(tagKey)) {
      throw invalidParameter(`Invalid ProtectedResourceConditions.${name} key '${key}': the tag key after ${CONDITION_KEY_PREFIX} has 1 to 128 letters, digits, spaces and _ . : / = + - @.`);
    }
    if (/^aws:/i.test(tagKey)) throw invalidParameter(`Invalid ProtectedResourceConditions.${name} key '${key}': tag keys may not begin with 'aws:'.`);
    if ([...value].length > 256 || !VALUE_TEXT.test(value)) {
      throw invalidParameter(`Invalid ProtectedResourceConditions.${name} value for key '${key}': use up to 256 letters, digits, spaces and _ . : / = + - @.`);
    }
  }
}

const hasConditions = (c: ProtectedResourceConditions | undefined): boolean => (c?.StringEquals?.length ?? 0) + (c?.StringNotEquals?.length ?? 0) > 0;

/**
 * Checks what a selection selects and answers the ARNs to store: ['*'] (optionally narrowed by
 * conditions) or up to 30 ARNs of the selection's resource type, never both.
 */
export function checkResources(type: string, arns: string[] | undefined, conditions: ProtectedResourceConditions | undefined): string[] {
  checkKeyValues('StringEquals', conditions?.StringEquals);
  checkKeyValues('StringNotEquals', conditions?.StringNotEquals);
  if (arns === undefined || arns.length === 0) {
    if (!hasConditions(conditions)) {
      throw missingParameter('A restore testing selection needs ProtectedResourceArns (["*"] or specific ARNs) or ProtectedResourceConditions.');
    }
    // Conditions alone select among all protected resources of the type, as ["*"] with conditions does.
    return ['*'];
  }
  if (arns.includes('*')) {
    if (arns.length > 1) throw invalidParameter('ProtectedResourceArns takes either ["*"] or specific ARNs, not both.');
    return ['*'];
  }
  if (hasConditions(conditions)) {
    throw invalidParameter('Cannot select by both specific ProtectedResourceArns and ProtectedResourceConditions: use ["*"] with conditions, or ARNs alone.');
  }
  if (arns.length > MAX_PROTECTED_RESOURCE_ARNS) {
    throw invalidParameter(`ProtectedResourceArns takes at most ${MAX_PROTECTED_RESOURCE_ARNS} specific ARNs; got ${arns.length}.`);
  }
  if (new Set(arns).size !== arns.length) throw invalidParameter('ProtectedResourceArns must not repeat an ARN.');
  for (const arn of arns) {
    const info = describeResourceArn(arn);
    if (!info) throw invalidParameter(`Invalid ProtectedResourceArns entry '${arn}': not the ARN of a resource AWS Backup protects.`);
    if (info.type !== type) throw invalidParameter(`ProtectedResourceArns entry '${arn}' is a ${info.type} resource, but the selection's ProtectedResourceType is ${type}.`);
  }
  return arns;
}

/** RestoreMetadataOverrides: keys are not case sensitive, so two keys that differ only in case clash. */
export function checkMetadataOverrides(overrides: Record<string, string> | undefined): void {
  const seen = new Set<string>();
  for (const key of Object.keys(overrides ?? {})) {
    if (key.length === 0) throw invalidParameter('RestoreMetadataOverrides keys must not be empty.');
    const lower = key.toLowerCase();
    if (seen.has(lower)) throw invalidParameter(`RestoreMetadataOverrides names the key '${key}' twice (keys are not case sensitive).`);
    seen.add(lower);
  }
}

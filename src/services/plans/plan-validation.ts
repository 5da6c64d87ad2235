/**
 * Checks a backup plan document (CreateBackupPlan, UpdateBackupPlan, GetBackupPlanFromJSON) and
 * answers it normalized with AWS's defaults. Rule-level errors read as AWS writes them,
 * "Error in rule NAME : ...", with the rule name and the reason in the error's Context.
 */
import type { AdvancedBackupSetting, BackupPlanInput, BackupRule, BackupRuleInput, Lifecycle } from '@aws-sdk/client-backup';
import { invalidParameter, ServiceError } from '../../protocol/errors.js';
import { validateTags } from '../common/tags.js';
import { parseVaultArn, VAULT_NAME, VAULT_NAME_RULE } from '../common/names.js';
import { lifecycleProblem } from '../common/lifecycle.js';
import { MAX_WINDOW_MINUTES } from '../common/time.js';
import { CronError, MIN_YEAR, nextFireAfter, parseCron } from './cron.js';
import { DEFAULT_COMPLETION_WINDOW, DEFAULT_SCHEDULE, DEFAULT_START_WINDOW, DEFAULT_TIMEZONE, type PlanDocument } from './plan-record.js';
import { isValidTimeZone } from './zoned-time.js';
import { checkScanActions, checkScanCoverage, checkScanSettings } from './scan-validation.js';

const PLAN_NAME = /^[a-zA-Z0-9\-_.]{1,200}$/;
const RULE_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;
const OPTION_TEXT = /^[a-zA-Z0-9\-_.]{1,50}$/;

/** Backup options AWS accepts per resource type (AdvancedBackupSettings). */
const BACKUP_OPTIONS: Record<string, Record<string, string[]>> = {
  EC2: { WindowsVSS: ['enabled', 'disabled'] },
  S3: { BackupACLs: ['enabled', 'disabled'], BackupObjectTags: ['enabled', 'disabled'] },
};

export interface PlanCheckOptions {
  /** Answers whether a vault of this name exists in the caller's account and region. */
  vaultExists?: (name: string) => Promise<boolean>;
  scope?: { accountId: string; region: string };
}

export function ruleError(ruleName: string, reason: string): ServiceError {
  return new ServiceError('InvalidParameterValueException', `Error in rule ${ruleName} : ${reason}`, 400, {
    Context: JSON.stringify([ruleName, reason]),
  });
}

/** Checks a rule's or copy action's lifecycle (common/lifecycle.ts) and answers the members a plan keeps. */
function checkLifecycle(ruleName: string, lifecycle: Lifecycle, where: string, continuous: boolean): Lifecycle {
  const problem = lifecycleProblem(lifecycle, { where, continuous });
  if (problem) throw ruleError(ruleName, problem);
  const out: Lifecycle = {};
  if (lifecycle.MoveToColdStorageAfterDays !== undefined) out.MoveToColdStorageAfterDays = lifecycle.MoveToColdStorageAfterDays;
  if (lifecycle.DeleteAfterDays !== undefined) out.DeleteAfterDays = lifecycle.DeleteAfterDays;
  if (lifecycle.OptInToArchiveForSupportedResources !== undefined) out.OptInToArchiveForSupportedResources = lifecycle.OptInToArchiveForSupportedResources;
  return out;
}

function checkWindow(ruleName: string, name: string, v: number): void {
  if (!Number.isInteger(v)) throw ruleError(ruleName, `${name} must be a whole number of minutes.`);
  if (name === 'StartWindowMinutes' && v < 60) throw ruleError(ruleName, `StartWindowMinutes must be at least 60 minutes; got ${v}.`);
  if (v < 1) throw ruleError(ruleName, `${name} must be at least 1 minute; got ${v}.`);
  if (v > MAX_WINDOW_MINUTES) throw ruleError(ruleName, `${name} cannot be more than ${MAX_WINDOW_MINUTES} minutes (100 years); got ${v}.`);
}

/** Checks a schedule and answers its error reason, or undefined when it is good. */
export function scheduleProblem(expression: string): string | undefined {
  try {
    const cron = parseCron(expression);
    // AWS Backup runs a rule at most once an hour, so a schedule names a single minute.
    if (cron.minutes.length !== 1) return 'AWS Backup runs a rule at most once an hour: the minutes field must name a single minute';
    if (nextFireAfter(cron, Date.UTC(MIN_YEAR, 0, 1) - 1) === undefined) return 'the expression never matches any date';
    return undefined;
  } catch (e) {
    if (e instanceof CronError) return e.message;
    throw e;
  }
}

async function checkRule(rule: BackupRuleInput, options: PlanCheckOptions): Promise<BackupRule> {
  const name = rule.RuleName!;
  if (!RULE_NAME.test(name)) {
    throw invalidParameter(`Invalid rule name '${name}': use 1 to 50 letters, digits, hyphens, underscores and periods.`);
  }
  const vault = rule.TargetBackupVaultName!;
  if (!VAULT_NAME.test(vault)) throw ruleError(name, `Invalid backup vault name '${vault}': ${VAULT_NAME_RULE}.`);
  if (options.vaultExists && !(await options.vaultExists(vault))) throw ruleError(name, `Backup vault ${vault} does not exist.`);
  const lag = rule.TargetLogicallyAirGappedBackupVaultArn;
  if (lag !== undefined) {
    const ref = parseVaultArn(lag);
    if (!ref) throw ruleError(name, `TargetLogicallyAirGappedBackupVaultArn '${lag}' is not a backup vault ARN.`);
    if (options.scope && (ref.region !== options.scope.region || ref.accountId !== options.scope.accountId)) {
      throw ruleError(name, 'TargetLogicallyAirGappedBackupVaultArn must be in the same account and Region as the backup plan.');
    }
  }
  const schedule = rule.ScheduleExpression ?? DEFAULT_SCHEDULE;
  const problem = scheduleProblem(schedule);
  if (problem) throw ruleError(name, `Invalid ScheduleExpression '${schedule}': ${problem}.`);
  const timezone = rule.ScheduleExpressionTimezone ?? DEFAULT_TIMEZONE;
  if (!isValidTimeZone(timezone)) {
    throw ruleError(name, `Invalid ScheduleExpressionTimezone '${timezone}': use an IANA time zone name such as Europe/Paris or Etc/UTC.`);
  }
  const start = rule.StartWindowMinutes ?? DEFAULT_START_WINDOW;
  const completion = rule.CompletionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW;
  checkWindow(name, 'StartWindowMinutes', start);
  checkWindow(name, 'CompletionWindowMinutes', completion);
  if (completion <= start) {
    throw ruleError(name, `CompletionWindowMinutes (${completion}) must be greater than StartWindowMinutes (${start}).`);
  }
  const continuous = rule.EnableContinuousBackup === true;
  let lifecycle: Lifecycle | undefined;
  // A continuous rule without a Lifecycle is refused: it needs DeleteAfterDays.
  if (rule.Lifecycle || continuous) lifecycle = checkLifecycle(name, rule.Lifecycle ?? {}, '', continuous);
  if (rule.RecoveryPointTags) validateTags(rule.RecoveryPointTags);
  const copyActions = (rule.CopyActions ?? []).map((copy) => {
    const arn = copy.DestinationBackupVaultArn!;
    if (!parseVaultArn(arn)) {
      throw ruleError(name, `Invalid DestinationBackupVaultArn '${arn}': a copy destination is a backup vault ARN such as arn:aws:backup:us-east-1:123456789012:backup-vault:MyVault.`);
    }
    return {
      DestinationBackupVaultArn: arn,
      ...(copy.Lifecycle ? { Lifecycle: checkLifecycle(name, copy.Lifecycle, ` in the copy action to ${arn}`, false) } : {}),
    };
  });
  if (rule.IndexActions) {
    if (rule.IndexActions.length > 1) throw ruleError(name, 'A backup rule can have at most one IndexAction.');
    for (const action of rule.IndexActions) {
      const types = action.ResourceTypes ?? [];
      if (types.length !== 1 || !['EBS', 'S3'].includes(types[0]!)) {
        throw ruleError(name, 'An IndexAction takes exactly one resource type: EBS or S3.');
      }
    }
  }
  const out: BackupRule = {
    RuleName: name,
    TargetBackupVaultName: vault,
    ScheduleExpression: schedule,
    StartWindowMinutes: start,
    CompletionWindowMinutes: completion,
    ScheduleExpressionTimezone: timezone,
  };
  if (lag !== undefined) out.TargetLogicallyAirGappedBackupVaultArn = lag;
  if (lifecycle) out.Lifecycle = lifecycle;
  if (rule.RecoveryPointTags) out.RecoveryPointTags = rule.RecoveryPointTags;
  if (copyActions.length > 0) out.CopyActions = copyActions;
  if (rule.EnableContinuousBackup !== undefined) out.EnableContinuousBackup = rule.EnableContinuousBackup;
  if (rule.IndexActions) out.IndexActions = rule.IndexActions;
  if (rule.ScanActions && rule.ScanActions.length > 0) out.ScanActions = checkScanActions(name, rule.ScanActions);
  return out;
}

function checkAdvancedSettings(settings: AdvancedBackupSetting[]): AdvancedBackupSetting[] {
  const seen = new Set<string>();
  return settings.map((s) => {
    const type = s.ResourceType ?? '';
    const allowed = BACKUP_OPTIONS[type];
    if (!allowed) throw invalidParameter(`Invalid AdvancedBackupSettings resource type '${type}'. Valid values: ${Object.keys(BACKUP_OPTIONS).join(', ')}.`);
    if (seen.has(type)) throw invalidParameter(`AdvancedBackupSettings names resource type ${type} more than once.`);
    seen.add(type);
    const options = s.BackupOptions ?? {};
    if (Object.keys(options).length === 0) throw invalidParameter(`AdvancedBackupSettings for ${type} needs BackupOptions.`);
    for (const [key, value] of Object.entries(options)) {
      if (!OPTION_TEXT.test(key) || !OPTION_TEXT.test(value) || !allowed[key]?.includes(value)) {
        const valid = Object.entries(allowed).map(([k, vs]) => vs.map((v) => `"${k}":"${v}"`).join(', ')).join(', ');
        throw invalidParameter(`Invalid backup option "${key}":"${value}" for ${type}. Valid options: ${valid}.`);
      }
    }
    return { ResourceType: type, BackupOptions: { ...options } };
  });
}

/** Checks a plan document and answers it with AWS's defaults filled in (no RuleIds yet). */
export async function checkPlan(plan: BackupPlanInput, options: PlanCheckOptions = {}): Promise<PlanDocument> {
  const name = plan.BackupPlanName!;
  if (!PLAN_NAME.test(name)) {
    throw invalidParameter(`Invalid backup plan name '${name}': use 1 to 200 letters, digits, hyphens, underscores and periods.`);
  }
  const rules = plan.Rules ?? [];
  if (rules.length === 0) throw invalidParameter('A backup plan needs at least one rule in Rules.');
  const names = new Set<string>();
  for (const rule of rules) {
    if (names.has(rule.RuleName!)) throw invalidParameter(`Rule names must be unique within a backup plan; '${rule.RuleName}' appears more than once.`);
    names.add(rule.RuleName!);
  }
  const doc: PlanDocument = { BackupPlanName: name, Rules: [] };
  for (const rule of rules) doc.Rules!.push(await checkRule(rule, options));
  if (plan.AdvancedBackupSettings && plan.AdvancedBackupSettings.length > 0) {
    doc.AdvancedBackupSettings = checkAdvancedSettings(plan.AdvancedBackupSettings);
  }
  if (plan.ScanSettings && plan.ScanSettings.length > 0) doc.ScanSettings = checkScanSettings(plan.ScanSettings);
  checkScanCoverage(doc.Rules!, doc.ScanSettings);
  return doc;
}

/** A stable fingerprint of a checked document (RuleIds left out), for duplicate detection. */
export function fingerprint(doc: PlanDocument): string {
  const strip = { ...doc, Rules: (doc.Rules ?? []).map(({ RuleId: _ignored, ...rest }) => rest) };
  return stableJson(strip);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

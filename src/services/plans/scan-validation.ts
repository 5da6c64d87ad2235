/**
 * Malware scanning in a backup plan: each rule's ScanActions (scanner and scan mode) and the
 * plan's ScanSettings (scanner, resource types, scanner role). AWS Backup starts a scan job on
 * each recovery point a rule with ScanActions creates, with the role and resource types of the
 * plan's ScanSetting for that scanner (scan/plan-scans.ts). The model marks every member of both
 * shapes optional, but StartScanJob needs the scanner, the scan mode and the scanner role, and a
 * plan is where AWS Backup takes them from; so, the stricter reading, a plan must name all of them.
 */
import type { ScanAction, ScanSetting } from '@aws-sdk/client-backup';
import { invalidParameter } from '../../protocol/errors.js';
import { validateRoleArn } from '../common/names.js';
import { ruleError } from './plan-validation.js';

const SCANNERS = ['GUARDDUTY'];
const SCAN_MODES = ['FULL_SCAN', 'INCREMENTAL_SCAN'];
/**
 * The model's ScanResourceType (EBS, EC2, S3: what GuardDuty Malware Protection for AWS Backup
 * scans), and ALL for every one of them: AWS accepts ResourceTypes ["ALL"] (the Terraform AWS
 * provider's acceptance test of malware scanning in backup plans uses it). Stricter reading: any
 * other type is refused rather than stored to be ignored.
 */
export const SCAN_SETTING_TYPES = ['EBS', 'EC2', 'S3', 'ALL'];

/** A rule's ScanActions, checked: each names a scanner and a mode, once per scanner. */
export function checkScanActions(ruleName: string, actions: ScanAction[]): ScanAction[] {
  const seen = new Set<string>();
  return actions.map((a) => {
    const scanner = a.MalwareScanner;
    if (scanner === undefined) throw ruleError(ruleName, `A ScanAction needs a MalwareScanner (${SCANNERS.join(', ')}).`);
    if (!SCANNERS.includes(scanner)) throw ruleError(ruleName, `Invalid MalwareScanner '${scanner}' in ScanActions. Valid values: ${SCANNERS.join(', ')}.`);
    if (a.ScanMode === undefined) throw ruleError(ruleName, `The ScanAction for ${scanner} needs a ScanMode (${SCAN_MODES.join(' or ')}).`);
    if (!SCAN_MODES.includes(a.ScanMode)) throw ruleError(ruleName, `Invalid ScanMode '${a.ScanMode}' in ScanActions. Valid values: ${SCAN_MODES.join(', ')}.`);
    // Stricter reading: two actions of one scanner would scan each recovery point twice, in two modes.
    if (seen.has(scanner)) throw ruleError(ruleName, `ScanActions names MalwareScanner ${scanner} more than once; keep one ScanAction per scanner.`);
    seen.add(scanner);
    return { MalwareScanner: scanner, ScanMode: a.ScanMode };
  });
}

/** The plan's ScanSettings, checked: one per scanner, each with resource types and a scanner role. */
export function checkScanSettings(settings: ScanSetting[]): ScanSetting[] {
  const seen = new Set<string>();
  return settings.map((s) => {
    const scanner = s.MalwareScanner;
    if (scanner === undefined) throw invalidParameter(`A ScanSetting needs a MalwareScanner (${SCANNERS.join(', ')}).`);
    if (!SCANNERS.includes(scanner)) throw invalidParameter(`Invalid MalwareScanner '${scanner}' in ScanSettings. Valid values: ${SCANNERS.join(', ')}.`);
    if (seen.has(scanner)) throw invalidParameter(`ScanSettings names MalwareScanner ${scanner} more than once; keep one ScanSetting per scanner.`);
    seen.add(scanner);
    const types = s.ResourceTypes ?? [];
    if (types.length === 0) throw invalidParameter(`The ScanSetting for ${scanner} needs ResourceTypes: ${SCAN_SETTING_TYPES.join(', ')}.`);
    for (const type of types) {
      if (!SCAN_SETTING_TYPES.includes(type)) {
        throw invalidParameter(`Invalid resource type '${type}' in the ScanSetting for ${scanner}: malware scanning supports ${SCAN_SETTING_TYPES.join(', ')}.`);
      }
    }
    if (s.ScannerRoleArn === undefined) {
      throw invalidParameter(`The ScanSetting for ${scanner} needs a ScannerRoleArn: the IAM role GuardDuty uses to read the backups it scans.`);
    }
    validateRoleArn(s.ScannerRoleArn, 'ScannerRoleArn');
    return { MalwareScanner: scanner, ResourceTypes: [...new Set(types)], ScannerRoleArn: s.ScannerRoleArn };
  });
}

/** Every scanner a rule's ScanActions use must have the plan's ScanSetting: that is where its role and resource types come from. */
export function checkScanCoverage(rules: { RuleName?: string; ScanActions?: ScanAction[] }[], settings: ScanSetting[] | undefined): void {
  const configured = new Set((settings ?? []).map((s) => s.MalwareScanner));
  for (const rule of rules) {
    for (const action of rule.ScanActions ?? []) {
      if (!configured.has(action.MalwareScanner)) {
        throw ruleError(
          rule.RuleName!,
          `ScanActions uses MalwareScanner ${action.MalwareScanner}, but the plan has no ScanSettings for it; add a ScanSetting with its ResourceTypes and ScannerRoleArn.`,
        );
      }
    }
  }
}

/** Whether a plan's ScanSetting covers a recovery point of this resource type. */
export function settingCovers(setting: ScanSetting, resourceType: string): boolean {
  return (setting.ResourceTypes ?? []).some((t) => t === 'ALL' || t === resourceType);
}

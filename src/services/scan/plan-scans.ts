/**
 * Malware scans that backup plans ask for. AWS Backup "automatically initiates an Amazon
 * GuardDuty scan after each successful backup completion" of a rule with ScanActions, for the
 * resource types the plan's ScanSettings name for that scanner (or ALL), with that setting's
 * ScannerRoleArn. Each scan job starts at the backup's completion, inside the completing batch's
 * transaction (the scan module's backupCompleted listener), through the same door as StartScanJob, and carries
 * the plan and rule in CreatedBy.
 *
 * INCREMENTAL_SCAN compares the new recovery point with the newest earlier point of the same
 * resource that a scan completed (ScanJobService.scannedBase). GuardDuty cannot scan
 * incrementally without such a base (BASE_RESOURCE_NOT_SCANNED), so the first scan of a resource,
 * and any scan whose earlier points are gone or unscanned, is a FULL_SCAN; so is the scan of a
 * continuous (point-in-time) backup, which GuardDuty never scans incrementally.
 */
import type { ScanAction, ScanJobCreator, ScanSetting } from '@aws-sdk/client-backup';
import { ServiceError } from '../../protocol/errors.js';
import type { BackupJobRecord } from '../common/job-record.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { PlanRepository } from '../plans/plan-repository.js';
import { PlanRuleReader } from '../plans/plan-rule-of-job.js';
import { settingCovers } from '../plans/scan-validation.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import { SCAN_RESOURCE_TYPES } from './scan-job-record.js';
import type { ScanJobService } from './scan-job-service.js';

/** Idempotency tokens of plan-started scans live apart from callers' tokens (as plan-started backups' do). */
const TOKEN_PREFIX = 'holdfast:plan:scan:';

export class PlanScanActions {
  constructor(
    private readonly repo: PlanRepository,
    private readonly scans: ScanJobService,
    private readonly recoveryPoints: RecoveryPointService,
  ) {}

  async onCompleted(completed: BackupJobRecord[]): Promise<void> {
    const rules = new PlanRuleReader(this.repo);
    for (const job of completed) {
      // Stricter reading: members of a composite (stack) backup are not scanned one by one, as
      // they are not copied one by one; and only EBS, EC2 and S3 backups can be scanned at all.
      if (job.parentJobId !== undefined || !job.createdBy?.BackupPlanId || !SCAN_RESOURCE_TYPES.has(job.resourceType)) continue;
      const found = await rules.ruleOf(job);
      for (const action of found?.rule.ScanActions ?? []) {
        const setting = found!.plan.ScanSettings?.find((s) => s.MalwareScanner === action.MalwareScanner);
        if (!setting || !settingCovers(setting, job.resourceType)) continue;
        await this.scan(job, action, setting);
      }
    }
  }

  private async scan(job: BackupJobRecord, action: ScanAction, setting: ScanSetting): Promise<void> {
    const point = await this.recoveryPoints.points.get<RecoveryPointRecord>(job.recoveryPointArn);
    if (!point) return;
    let mode = action.ScanMode!;
    let base: RecoveryPointRecord | undefined;
    if (mode === 'INCREMENTAL_SCAN') {
      base = point.continuous ? undefined : await this.scans.scannedBase(point);
      if (!base) mode = 'FULL_SCAN';
    }
    const by = job.createdBy!;
    const createdBy: ScanJobCreator = {
      BackupPlanArn: by.BackupPlanArn,
      BackupPlanId: by.BackupPlanId,
      BackupPlanVersion: by.BackupPlanVersion,
      BackupRuleId: by.BackupRuleId,
    };
    try {
      await this.scans.start(
        job,
        job.completionDate!,
        {
          BackupVaultName: point.vaultName,
          RecoveryPointArn: point.arn,
          IamRoleArn: job.iamRoleArn,
          ScannerRoleArn: setting.ScannerRoleArn,
          MalwareScanner: action.MalwareScanner,
          ScanMode: mode,
          ScanBaseRecoveryPointArn: base?.arn,
          IdempotencyToken: `${TOKEN_PREFIX}${job.id}:${action.MalwareScanner}`,
        },
        createdBy,
      );
    } catch (e) {
      // A point that cannot be scanned after all (it left warm storage at once, ...): no scan job.
      if (!(e instanceof ServiceError)) throw e;
    }
  }
}

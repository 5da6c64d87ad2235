/** Malware scan jobs as stored (times are epoch ms) and as the API shows them. */
import type { DescribeScanJobOutput, ScanJob, ScanJobCreator } from '@aws-sdk/client-backup';
import type { ScanJobColumns } from '../../store/repos/scan-jobs-store.js';
import { optionalDate as date } from '../common/time.js';

/** The resource types GuardDuty Malware Protection for AWS Backup scans (the model's ScanResourceType). */
export const SCAN_RESOURCE_TYPES = new Set(['EBS', 'EC2', 'S3']);

/** CREATED -> RUNNING after this long (GuardDuty picks the scan up). */
export const SCAN_START_DELAY_MS = 60_000;
/** How long a scan runs when the inventory does not say (scanDurationSeconds). */
export const DEFAULT_SCAN_SECONDS = 300;

export const FINAL_SCAN_STATES = new Set(['COMPLETED', 'COMPLETED_WITH_ISSUES', 'FAILED', 'CANCELED']);

export interface ScanJobRecord extends ScanJobColumns {
  vaultArn: string;
  resourceName: string;
  iamRoleArn: string;
  scannerRoleArn: string;
  scanMode: 'FULL_SCAN' | 'INCREMENTAL_SCAN';
  scanBaseRecoveryPointArn?: string;
  /** Continuous (point-in-time) recovery points: the time range scanned. */
  continuousScanStartTime?: number;
  continuousScanEndTime?: number;
  createdBy?: ScanJobCreator;
  /** GuardDuty's scan id, set when the job starts running. */
  scanId?: string;
  statusMessage?: string;
  startedAt?: number;
}

export function scanJobOutput(j: ScanJobRecord): DescribeScanJobOutput & ScanJob {
  return {
    AccountId: j.accountId,
    BackupVaultArn: j.vaultArn,
    BackupVaultName: j.vaultName,
    CompletionDate: date(j.completionDate),
    ContinuousScanEndTime: date(j.continuousScanEndTime),
    ContinuousScanStartTime: date(j.continuousScanStartTime),
    CreatedBy: j.createdBy,
    CreationDate: new Date(j.creationDate),
    IamRoleArn: j.iamRoleArn,
    MalwareScanner: j.malwareScanner as ScanJob['MalwareScanner'],
    RecoveryPointArn: j.recoveryPointArn,
    ResourceArn: j.resourceArn,
    ResourceName: j.resourceName,
    ResourceType: j.resourceType as ScanJob['ResourceType'],
    ScanBaseRecoveryPointArn: j.scanBaseRecoveryPointArn,
    ScanId: j.scanId,
    ScanJobId: j.id,
    ScanMode: j.scanMode,
    ScanResult: j.scanResult ? { ScanResultStatus: j.scanResult as NonNullable<ScanJob['ScanResult']>['ScanResultStatus'] } : undefined,
    ScannerRoleArn: j.scannerRoleArn,
    State: j.state as ScanJob['State'],
    StatusMessage: j.statusMessage,
  };
}

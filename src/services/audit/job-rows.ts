/**
 * Job records as report rows, column names as in templates.ts. Vault context (type, lock,
 * encryption) comes from the vault a job wrote to (backup, copy) or read from (restore), as it
 * is when the report runs. Scan jobs have no vault context: their rows hold what DescribeScanJob
 * shows. Dates are ISO-8601 in UTC.
 */
import type { Lifecycle, RecoveryPointCreator } from '@aws-sdk/client-backup';
import { describeResourceArn } from '../../resources/resource-types.js';
import type { BackupJobRecord, CopyJobRecord, RestoreJobRecord } from '../common/job-record.js';
import { percentDone } from '../common/job-record.js';
import type { ScanJobRecord } from '../scan/scan-job-record.js';
import { lockMode } from '../vaults/vault-lock.js';
import type { VaultRecord } from '../vaults/vault-record.js';
import type { ReportRow } from './job-source.js';
import { DAY_MS } from '../common/time.js';

/** Epoch ms of 10000-01-01: from there on toISOString writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** The date part ('YYYY-MM-DDT') of the last day formatted: a report's rows mostly share a few days. */
let lastDay = Number.NaN;
let lastDayPrefix = '';

/** ISO-8601 in UTC, without milliseconds when they are zero. Four dates a row: built without a Date per call. */
export function isoDate(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) {
    const s = new Date(ms).toISOString();
    return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
  }
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const millis = inDay - seconds * 1000;
  const time = `${lastDayPrefix}${TWO_DIGITS[Math.floor(seconds / 3600)]!}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]!}:${TWO_DIGITS[seconds % 60]!}`;
  return millis === 0 ? `${time}Z` : `${time}.${String(millis).padStart(3, '0')}Z`;
}

/** How long a job ran (start to completion, or to the report's end while it runs), as H:MM:SS. */
function runTime(job: { startedAt?: number; completionDate?: number }, atMs: number): string | undefined {
  if (job.startedAt === undefined) return undefined;
  const seconds = Math.max(0, Math.round(((job.completionDate ?? atMs) - job.startedAt) / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** Adds the plan, rule and composite columns to a row (assigned, not spread: a report may have a million rows). */
function planContext(row: ReportRow, createdBy: RecoveryPointCreator | undefined, job: { startBy?: number; isParent?: boolean; parentJobId?: string }): ReportRow {
  row.backupPlanName = createdBy?.BackupPlanName;
  row.backupRuleName = createdBy?.BackupRuleName;
  row.backupRuleSchedule = createdBy?.BackupRuleCron;
  row.backupRuleTimezone = createdBy?.BackupRuleTimezone;
  row.startWindowEnd = isoDate(job.startBy);
  row.isParentJob = job.isParent ?? false;
  row.parentJobId = job.parentJobId;
  return row;
}

/**
 * AWS does not document the values of vaultLockStatus; Holdfast writes the lock's mode:
 * COMPLIANCE, GOVERNANCE, or UNLOCKED.
 */
function vaultContext(row: ReportRow, vault: VaultRecord | undefined, lifecycle: Lifecycle | undefined, encryptionKeyArn: string | undefined, encrypted: boolean): ReportRow {
  const mode = vault ? lockMode(vault) : undefined;
  row.vaultType = vault?.vaultType;
  row.vaultLockStatus = mode === undefined ? undefined : mode === 'NONE' ? 'UNLOCKED' : mode;
  row.isEncrypted = encrypted;
  row.encryptionKeyArn = encrypted ? (encryptionKeyArn ?? vault?.encryptionKeyArn) : undefined;
  row.deleteAfterDays = lifecycle?.DeleteAfterDays;
  row.moveToColdAfterDays = lifecycle?.MoveToColdStorageAfterDays;
  row.enableArchive = lifecycle?.OptInToArchiveForSupportedResources ?? false;
  return row;
}

export function backupJobRow(j: BackupJobRecord, vault: VaultRecord | undefined, atMs: number): ReportRow {
  const row: ReportRow = {
    accountId: j.accountId,
    region: j.region,
    backupJobId: j.id,
    jobStatus: j.state,
    resourceType: j.resourceType,
    resourceArn: j.resourceArn,
    resourceName: j.resourceName,
    backupPlanArn: j.createdBy?.BackupPlanArn,
    backupRuleId: j.createdBy?.BackupRuleId,
    initiationDate: isoDate(j.initiationDate),
    backupOptions: j.backupOptions,
    creationDate: isoDate(j.creationDate),
    completionDate: isoDate(j.completionDate),
    recoveryPointArn: j.recoveryPointArn,
    jobRunTime: runTime(j, atMs),
    backupSizeInBytes: j.sizeBytes,
    backupVaultName: j.vault,
    backupVaultArn: j.vaultArn,
    iamRoleArn: j.iamRoleArn,
  };
  return vaultContext(planContext(row, j.createdBy, j), vault, j.lifecycle, j.encryptionKeyArn, j.unencrypted !== true);
}

export function copyJobRow(j: CopyJobRecord, vault: VaultRecord | undefined, atMs: number): ReportRow {
  const row: ReportRow = {
    accountId: j.accountId,
    region: j.region,
    copyJobId: j.id,
    jobStatus: j.state,
    jobRunTime: runTime(j, atMs),
    resourceType: j.resourceType,
    resourceArn: j.resourceArn,
    resourceName: j.resourceName,
    initiationDate: isoDate(j.creationDate),
    creationDate: isoDate(j.creationDate),
    completionDate: isoDate(j.completionDate),
    backupSizeInBytes: j.sizeBytes,
    sourceRecoveryPointArn: j.sourceRecoveryPointArn,
    sourceBackupVaultArn: j.sourceVaultArn,
    destinationRecoveryPointArn: j.destinationRecoveryPointArn,
    destinationBackupVaultArn: j.vault,
    iamRoleArn: j.iamRoleArn,
  };
  return vaultContext(planContext(row, j.createdBy, j), vault, j.lifecycle, j.destinationEncryptionKeyArn, true);
}

export function restoreJobRow(j: RestoreJobRecord, vault: VaultRecord | undefined, atMs: number): ReportRow {
  const row: ReportRow = {
    accountId: j.accountId,
    region: j.region,
    restoreJobId: j.id,
    jobStatus: j.state,
    recoveryPointArn: j.sourceRecoveryPointArn,
    resourceName: describeResourceArn(j.resourceArn)?.name,
    initiationDate: isoDate(j.creationDate),
    isParentJob: false,
    sourceResourceArn: j.resourceArn,
    backupVaultArn: j.vault,
    creationDate: isoDate(j.creationDate),
    backupSizeInBytes: j.sizeBytes,
    percentDone: percentDone(j, atMs),
    iamRoleArn: j.iamRoleArn,
  };
  return vaultContext(row, vault, undefined, undefined, true);
}

/** A scan job's row: the values DescribeScanJob shows (scanJobOutput), under the template's column names. */
export function scanJobRow(j: ScanJobRecord): ReportRow {
  return {
    accountId: j.accountId,
    region: j.region,
    scanJobId: j.id,
    scanId: j.scanId,
    malwareScanner: j.malwareScanner,
    jobStatus: j.state,
    scanResultStatus: j.scanResult,
    statusMessage: j.statusMessage,
    resourceType: j.resourceType,
    resourceArn: j.resourceArn,
    backupPlanArn: j.createdBy?.BackupPlanArn,
    creationDate: isoDate(j.creationDate),
    recoveryPointArn: j.recoveryPointArn,
    backupVaultName: j.vaultName,
    backupVaultArn: j.vaultArn,
    iamRoleArn: j.iamRoleArn,
    scannerRoleArn: j.scannerRoleArn,
  };
}

/**
 * The SQL both backends share for the indexed tables: each list's filter members and the
 * condition each adds (list-query.ts whereOf), and the columns of a recovery point row. The
 * tables' columns are the same on both backends (sqlite/migrations, postgres/migrations).
 */
import type { FilterColumn } from './list-query.js';
import type { ReportJobFilter } from './repos/audit-store.js';
import type { JobFilter } from './repos/jobs-store.js';
import type { PointIndexFilter } from './repos/recovery-point-indexes-store.js';
import type { RecoveryPointColumns, RecoveryPointFilter } from './repos/recovery-points-store.js';
import type { ScanJobFilter } from './repos/scan-jobs-store.js';
import type { Scope } from './types.js';

/** The conditions of a job list, in the order they are written. */
export const JOB_FILTER_COLUMNS: FilterColumn<JobFilter>[] = [
  ['kind', 'kind = ?'],
  ['region', 'region = ?'],
  ['accountId', 'account = ?'],
  ['state', 'state = ?'],
  ['resourceArn', 'resource_arn = ?'],
  ['resourceType', 'resource_type = ?'],
  ['vault', 'vault = ?'],
  ['sourceRecoveryPointArn', 'source_rp_arn = ?'],
  ['messageCategory', 'message_category = ?'],
  ['parentJobId', 'parent_job_id = ?'],
  ['planArn', 'plan_arn = ?'],
  ['createdBefore', 'creation_date <= ?'],
  ['createdAfter', 'creation_date >= ?'],
  ['completeBefore', 'completion_date <= ?'],
  ['completeAfter', 'completion_date >= ?'],
  ['rpCreatedBefore', 'rp_creation_date <= ?'],
  ['rpCreatedAfter', 'rp_creation_date >= ?'],
  ['endedAfter', '(completion_date IS NULL OR completion_date > ?)'],
];

/** The conditions of a recovery point list, in the order they are written. */
export const RECOVERY_POINT_FILTER_COLUMNS: FilterColumn<RecoveryPointFilter>[] = [
  ['accountId', 'account = ?'],
  ['region', 'region = ?'],
  ['vaultName', 'vault_name = ?'],
  ['vaultNames', 'vault_name IN (?)'],
  ['resourceArn', 'resource_arn = ?'],
  ['resourceArns', 'resource_arn IN (?)'],
  ['resourceType', 'resource_type = ?'],
  ['backupPlanId', 'backup_plan_id = ?'],
  ['parentRecoveryPointArn', 'parent_recovery_point_arn = ?'],
  ['createdBefore', 'creation_date <= ?'],
  ['createdAfter', 'creation_date >= ?'],
];

/** The conditions of a scan job list, in the order they are written. */
export const SCAN_JOB_FILTER_COLUMNS: FilterColumn<ScanJobFilter>[] = [
  ['region', 'region = ?'],
  ['accountId', 'account = ?'],
  ['state', 'state = ?'],
  ['vaultName', 'vault_name = ?'],
  ['recoveryPointArn', 'recovery_point_arn = ?'],
  ['resourceArn', 'resource_arn = ?'],
  ['resourceType', 'resource_type = ?'],
  ['malwareScanner', 'malware_scanner = ?'],
  ['scanResult', 'scan_result = ?'],
  ['completeBefore', 'completion_date <= ?'],
  ['completeAfter', 'completion_date >= ?'],
  ['endedAfter', '(completion_date IS NULL OR completion_date > ?)'],
];

/** The conditions of a backup index list, in the order they are written. */
export const POINT_INDEX_FILTER_COLUMNS: FilterColumn<PointIndexFilter>[] = [
  ['accountId', 'account = ?'],
  ['region', 'region = ?'],
  ['sourceResourceArn', 'source_resource_arn = ?'],
  ['resourceType', 'resource_type = ?'],
  ['status', 'status = ?'],
  ['createdBefore', 'backup_creation_date <= ?'],
  ['createdAfter', 'backup_creation_date >= ?'],
];

/** The conditions of a report job list, in the order they are written. */
export const REPORT_JOB_FILTER_COLUMNS: FilterColumn<ReportJobFilter & Scope>[] = [
  ['accountId', 'account = ?'],
  ['region', 'region = ?'],
  ['planName', 'plan_name = ?'],
  ['status', 'status = ?'],
  ['createdAfter', 'created_ms > ?'],
  ['createdBefore', 'created_ms < ?'],
];

/** The indexed columns of a recovery point row (both backends). */
export const POINT_COLUMNS =
  'arn, account, region, vault_name, resource_arn, resource_type, status, storage_class, creation_date, backup_plan_id, parent_recovery_point_arn, is_parent, composite_member_identifier, lifecycle_due';

/** A row of POINT_COLUMNS as the point's columns (columnsBySeq's answer). */
export function columnsOfRow(r: ColumnRow): RecoveryPointColumns {
  return {
    arn: r.arn,
    accountId: r.account,
    region: r.region,
    vaultName: r.vault_name,
    resourceArn: r.resource_arn,
    resourceType: r.resource_type,
    status: r.status,
    storageClass: r.storage_class,
    creationDate: r.creation_date,
    backupPlanId: r.backup_plan_id ?? undefined,
    parentRecoveryPointArn: r.parent_recovery_point_arn ?? undefined,
    isParent: r.is_parent === 1,
    compositeMemberIdentifier: r.composite_member_identifier ?? undefined,
    lifecycleDue: r.lifecycle_due ?? undefined,
  };
}

export interface ColumnRow {
  arn: string;
  account: string;
  region: string;
  vault_name: string;
  resource_arn: string;
  resource_type: string;
  status: string;
  storage_class: string;
  creation_date: number;
  backup_plan_id: string | null;
  parent_recovery_point_arn: string | null;
  is_parent: number;
  composite_member_identifier: string | null;
  lifecycle_due: number | null;
}

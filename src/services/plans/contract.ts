/**
 * What the plan scheduler needs from the jobs domain. The scheduler decides *when* a rule fires
 * and *which* resources it picks; the jobs domain starts the backup jobs (with the vault's lock
 * limits, copy jobs after completion, start/complete windows, EXPIRED jobs, ...).
 */
import type { AdvancedBackupSetting, CopyAction, IndexAction, Lifecycle } from '@aws-sdk/client-backup';
import type { Scope } from '../../store/types.js';

/** One backup that a rule firing asks for: one resource, one rule, one scheduled instant. */
export interface ScheduledBackupRequest {
  /** CreatedBy of the job (RecoveryPointCreator). */
  backupPlanId: string;
  backupPlanArn: string;
  backupPlanName: string;
  backupPlanVersion: string;
  backupRuleId: string;
  backupRuleName: string;
  backupRuleCron: string;
  backupRuleTimezone: string;
  /** The selection that picked the resource (the first one, when several do). */
  backupSelectionId: string;
  backupVaultName: string;
  /** Set when the rule targets a logically air-gapped vault. */
  logicallyAirGappedVaultArn?: string;
  resourceArn: string;
  iamRoleArn: string;
  /** Minutes, with AWS's defaults already applied (480 and 10080). */
  startWindowMinutes: number;
  completionWindowMinutes: number;
  lifecycle?: Lifecycle;
  recoveryPointTags?: Record<string, string>;
  /** Copy jobs to start after the backup completes, each with its own lifecycle. */
  copyActions: CopyAction[];
  enableContinuousBackup: boolean;
  indexActions?: IndexAction[];
  /** The plan's AdvancedBackupSettings (WindowsVSS for EC2, S3 options); pick by resource type. */
  advancedBackupSettings?: AdvancedBackupSetting[];
  /** Epoch ms of the rule's scheduled time (the job's creation time and window start). */
  scheduledAt: number;
  /**
   * A key unique to (plan, rule, resource, scheduled instant). A firing is retried after a crash
   * between starting jobs and recording the next firing, so the starter should ignore a key it
   * has seen already.
   */
  idempotencyKey: string;
}

export interface BackupStarter {
  startScheduledBackup(scope: Scope, request: ScheduledBackupRequest): Promise<void>;
}

export interface CatalogResource {
  arn: string;
  tags: Record<string, string>;
  /** The resource type (the inventory's override, else the ARN's) and name, where the catalog knows them. */
  type?: string;
  name?: string;
}

/** The resources that exist in an account and region (the inventory selections match against). */
export interface ResourceCatalog {
  list(scope: Scope): Promise<CatalogResource[]>;
}

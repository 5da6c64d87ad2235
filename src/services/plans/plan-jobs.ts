/**
 * The plans scheduler's side of the jobs domain (plans/contract.ts): the resource catalog over
 * the inventory, the BackupStarter over `backupJobs.start` (the same door as StartBackupJob, so
 * windows, vault lock limits and composite stacks behave alike), and the rules' CopyActions,
 * started after each completed backup a rule started.
 */
import type { RecoveryPointCreator } from '@aws-sdk/client-backup';
import { ServiceError } from '../../protocol/errors.js';
import type { Inventory } from '../../resources/inventory.js';
import { CONTINUOUS_TYPES, describeResourceArn } from '../../resources/resource-types.js';
import type { Scope } from '../../store/types.js';
import { backupArn } from '../common/arn.js';
import type { ServiceDeps } from '../deps.js';
import type { JobsExports } from '../jobs/module.js';
import { newJobId, type BackupJobRecord } from '../common/job-record.js';
import type { BackupStarter, CatalogResource, ResourceCatalog, ScheduledBackupRequest } from './contract.js';
import type { PlanRepository } from './plan-repository.js';
import { PlanRuleReader } from './plan-rule-of-job.js';
import { timeOrderedUuid } from '../../resources/time-ordered-ids.js';

/** Idempotency tokens of plan-started jobs live in their own namespace, apart from callers' tokens. */
const TOKEN_PREFIX = 'holdfast:plan:';

/** The inventory entries of one account and region (S3 bucket ARNs name neither, so every scope sees them): Inventory.listScope reads only those. */
export class InventoryCatalog implements ResourceCatalog {
  constructor(private readonly inventory: Inventory) {}

  async list(scope: Scope): Promise<CatalogResource[]> {
    const out: CatalogResource[] = [];
    for (const entry of await this.inventory.listScope(scope)) {
      const info = describeResourceArn(entry.arn);
      if (!info) continue;
      if ((info.accountId === '' || info.accountId === scope.accountId) && (info.region === '' || info.region === scope.region)) {
        out.push({ arn: entry.arn, tags: entry.tags ?? {}, type: entry.resourceType ?? info.type, name: info.name });
      }
    }
    return out;
  }
}

export function createdByOf(r: ScheduledBackupRequest): RecoveryPointCreator {
  return {
    BackupPlanId: r.backupPlanId,
    BackupPlanArn: r.backupPlanArn,
    BackupPlanName: r.backupPlanName,
    BackupPlanVersion: r.backupPlanVersion,
    BackupRuleId: r.backupRuleId,
    BackupRuleName: r.backupRuleName,
    BackupRuleCron: r.backupRuleCron,
    BackupRuleTimezone: r.backupRuleTimezone,
  };
}

export class PlanBackupStarter implements BackupStarter {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsExports,
  ) {}

  async startScheduledBackup(scope: Scope, r: ScheduledBackupRequest): Promise<void> {
    // The inventory may override the type the ARN implies; read it only when the type matters.
    let resourceType = describeResourceArn(r.resourceArn)?.type;
    if (r.advancedBackupSettings?.length || r.enableContinuousBackup) resourceType = (await this.jobs.inventory.get(r.resourceArn))?.resourceType ?? resourceType;
    const options = r.advancedBackupSettings?.find((s) => s.ResourceType === resourceType)?.BackupOptions;
    const createdBy = createdByOf(r);
    try {
      await this.jobs.backupJobs.start(
        scope,
        r.scheduledAt,
        {
          BackupVaultName: r.backupVaultName,
          LogicallyAirGappedBackupVaultArn: r.logicallyAirGappedVaultArn,
          ResourceArn: r.resourceArn,
          IamRoleArn: r.iamRoleArn,
          IdempotencyToken: TOKEN_PREFIX + r.idempotencyKey,
          StartWindowMinutes: r.startWindowMinutes,
          CompleteWindowMinutes: r.completionWindowMinutes,
          Lifecycle: r.lifecycle,
          RecoveryPointTags: r.recoveryPointTags,
          BackupOptions: options,
          // The rule's IndexActions name the resource types whose backups get a backup index.
          Index: resourceType !== undefined && r.indexActions?.some((a) => a.ResourceTypes?.includes(resourceType)) ? 'ENABLED' : undefined,
        },
        {
          createdBy,
          initiationDate: r.scheduledAt,
          continuous: r.enableContinuousBackup && resourceType !== undefined && CONTINUOUS_TYPES.has(resourceType) ? true : undefined,
        },
        // The scheduler fires inside an engine pass at scheduledAt: the job's first step is taken there and then.
        { stepAtOnce: true },
      );
    } catch (e) {
      // A scheduled backup that cannot even be created (its vault was deleted, ...) shows up as a FAILED job.
      if (!(e instanceof ServiceError)) throw e;
      await this.recordFailed(scope, r, createdBy, resourceType ?? 'Unknown', e);
    }
  }

  private async recordFailed(scope: Scope, r: ScheduledBackupRequest, createdBy: RecoveryPointCreator, resourceType: string, error: ServiceError): Promise<void> {
    const store = this.jobs.store;
    const token = TOKEN_PREFIX + r.idempotencyKey;
    const job: BackupJobRecord = {
      kind: 'backup',
      id: newJobId(timeOrderedUuid(r.scheduledAt)),
      ...scope,
      state: 'FAILED',
      resourceArn: r.resourceArn,
      resourceType,
      resourceName: describeResourceArn(r.resourceArn)?.name ?? r.resourceArn,
      vault: r.backupVaultName,
      vaultArn: backupArn(scope, 'backup-vault', r.backupVaultName),
      vaultType: 'BACKUP_VAULT',
      encryptionKeyArn: '',
      iamRoleArn: r.iamRoleArn,
      recoveryPointArn: '',
      creationDate: r.scheduledAt,
      completionDate: r.scheduledAt,
      initiationDate: r.scheduledAt,
      startAt: r.scheduledAt,
      durationMs: 0,
      sizeBytes: 0,
      outcome: 'FAILED',
      statusMessage: error.message,
      messageCategory: error.name === 'ResourceNotFoundException' ? 'ResourceNotFound' : 'InvalidParameters',
      lifecycle: r.lifecycle,
      createdBy,
      idempotencyToken: token,
    };
    await this.deps.store.atomically(async () => {
      if (!(await store.byIdempotencyToken('backup', scope, token))) await store.insert(job);
    });
  }
}

/** After each completed backup that a rule started, that rule's CopyActions start copy jobs. */
export class PlanCopyActions {
  constructor(
    private readonly repo: PlanRepository,
    private readonly jobs: JobsExports,
  ) {}

  async onCompleted(completed: BackupJobRecord[]): Promise<void> {
    const rules = new PlanRuleReader(this.repo);
    for (const job of completed) {
      // Members of a composite (stack) backup are copied with their parent's composite copy.
      if (job.parentJobId !== undefined || !job.createdBy?.BackupPlanId) continue;
      const rule = (await rules.ruleOf(job))?.rule;
      for (const [i, action] of (rule?.CopyActions ?? []).entries()) {
        try {
          await this.jobs.copyJobs.start(
            job,
            job.completionDate!,
            {
              RecoveryPointArn: job.recoveryPointArn,
              SourceBackupVaultName: job.vault,
              DestinationBackupVaultArn: action.DestinationBackupVaultArn!,
              IamRoleArn: job.iamRoleArn,
              IdempotencyToken: `${TOKEN_PREFIX}copy:${job.id}:${i}`,
              Lifecycle: action.Lifecycle,
            },
            { createdBy: job.createdBy, createdByBackupJobId: job.id },
          );
        } catch (e) {
          // The source point is gone already (deleted at once by a 1-day lifecycle race, ...): no copy.
          if (!(e instanceof ServiceError)) throw e;
        }
      }
    }
  }
}

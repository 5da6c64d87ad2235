/**
 * ListProtectedResources, ListProtectedResourcesByBackupVault and DescribeProtectedResource: a
 * resource is protected while it has at least one recovery point; its latest point gives
 * LastBackupTime, LastBackupVaultArn and LastRecoveryPointArn.
 */
import type { ProtectedResource } from '@aws-sdk/client-backup';
import { notFound } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { ProtectedResourceRow } from '../../store/repos/recovery-points-store.js';
import type { Scope } from '../../store/types.js';
import { describeResourceArn } from '../../resources/resource-types.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { restoreExecutionMinutes } from '../jobs/latest-restore.js';
import type { VaultService } from '../vaults/vault-service.js';
import { backupArn } from '../common/arn.js';
import type { RecoveryPointService } from './recovery-point-service.js';

export class ProtectedResources {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly vaults: VaultService,
    private readonly points: RecoveryPointService,
    private readonly jobs: JobsStore,
  ) {}

  private output(r: ProtectedResourceRow): ProtectedResource {
    return {
      ResourceArn: r.resourceArn,
      ResourceType: r.resourceType,
      LastBackupTime: new Date(r.lastBackupTime),
      ResourceName: describeResourceArn(r.resourceArn)?.name,
      LastBackupVaultArn: backupArn(r, 'backup-vault', r.vaultName),
      LastRecoveryPointArn: r.recoveryPointArn,
    };
  }

  private async page(scope: Scope, vaultName: string | undefined, operation: string, token: string | undefined, maxResults: number | undefined) {
    const limit = pageSize(maxResults);
    const fingerprint = `${operation}:${scope.accountId}:${scope.region}:${vaultName ?? ''}`;
    const after = this.deps.tokens.decode<string>(fingerprint, token) ?? '';
    const rows = await this.points.points.protectedResources(scope, vaultName, after, limit + 1);
    const items = rows.slice(0, limit);
    const next = rows.length > limit ? this.deps.tokens.encode(fingerprint, items[items.length - 1]!.resourceArn) : undefined;
    return { Results: items.map((r) => this.output(r)), NextToken: next };
  }

  handlers(): Handlers {
    return {
      ListProtectedResources: async (input, ctx) => this.page(ctx, undefined, 'ListProtectedResources', input.NextToken, input.MaxResults),

      ListProtectedResourcesByBackupVault: async (input, ctx) => {
        const scope = { accountId: input.BackupVaultAccountId ?? ctx.accountId, region: ctx.region };
        await this.vaults.requireVault(scope, input.BackupVaultName!);
        return this.page(scope, input.BackupVaultName, 'ListProtectedResourcesByBackupVault', input.NextToken, input.MaxResults);
      },

      DescribeProtectedResource: async (input, ctx) => {
        const arn = input.ResourceArn!;
        const row = await this.points.points.protectedResource(ctx, arn);
        if (!row) throw notFound(`Resource ${arn} has no recovery points; it is not a protected resource.`, { Type: 'User' });
        const latest = await this.jobs.latestRestore(ctx, arn);
        return {
          ...this.output(row),
          LatestRestoreExecutionTimeMinutes: latest ? restoreExecutionMinutes(latest) : undefined,
          LatestRestoreJobCreationDate: latest ? new Date(latest.creationDate) : undefined,
          LatestRestoreRecoveryPointCreationDate: latest ? new Date(latest.recoveryPointCreationDate) : undefined,
        };
      },
    };
  }
}

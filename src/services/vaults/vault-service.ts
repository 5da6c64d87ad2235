/**
 * Backup vaults: create, describe, list, delete. Other domains find vaults through
 * `requireVault`, and the recovery-point domain reports counts through `countRecoveryPoints`.
 */
import { alreadyExists, invalidParameter, invalidRequest, notFound } from '../../protocol/errors.js';
import type { DescribeBackupVaultOutput, BackupVaultListMember } from '@aws-sdk/client-backup';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { backupArn, defaultBackupKeyArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import { VAULT_KIND, type VaultRecord } from './vault-record.js';

const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;

export type RecoveryPointCounter = (scope: Scope, vaultName: string) => Promise<number>;

export class VaultService {
  readonly vaults;
  /** Replaced by the recovery-point domain once it exists. */
  countRecoveryPoints: RecoveryPointCounter = async () => 0;

  constructor(private readonly deps: ServiceDeps) {
    this.vaults = deps.store.docs<VaultRecord>(VAULT_KIND);
  }

  async requireVault(scope: Scope, name: string): Promise<VaultRecord> {
    const vault = await this.vaults.get(scope, name);
    if (!vault) throw notFound(`Backup vault ${name} does not exist.`, { Type: 'User' });
    return vault;
  }

  /** Whether the vault's lock is compliance mode and past its LockDate. */
  isImmutable(vault: VaultRecord, nowMs: number): boolean {
    return vault.lock?.lockDate !== undefined && vault.lock.lockDate <= nowMs;
  }

  private async describe(scope: Scope, vault: VaultRecord, now: number): Promise<DescribeBackupVaultOutput & BackupVaultListMember> {
    return {
      BackupVaultName: vault.name,
      BackupVaultArn: vault.arn,
      VaultType: vault.vaultType,
      VaultState: vault.vaultState,
      EncryptionKeyArn: vault.encryptionKeyArn,
      CreationDate: new Date(vault.creationDate),
      CreatorRequestId: vault.creatorRequestId,
      NumberOfRecoveryPoints: await this.countRecoveryPoints(scope, vault.name),
      Locked: vault.lock ? this.isImmutable(vault, now) : false,
      MinRetentionDays: vault.lock?.minRetentionDays,
      MaxRetentionDays: vault.lock?.maxRetentionDays,
      LockDate: vault.lock?.lockDate !== undefined ? new Date(vault.lock.lockDate) : undefined,
    };
  }

  handlers(): Handlers {
    return {
      CreateBackupVault: async (input, ctx) => {
        const name = input.BackupVaultName!;
        if (!VAULT_NAME.test(name)) {
          throw invalidParameter(
            `Invalid backup vault name '${name}': use 2 to 50 letters, digits, hyphens and underscores.`,
          );
        }
        if (input.BackupVaultTags) validateTags(input.BackupVaultTags);
        const existing = await this.vaults.get(ctx, name);
        if (existing) {
          if (input.CreatorRequestId !== undefined && existing.creatorRequestId === input.CreatorRequestId) {
            return { BackupVaultName: name, BackupVaultArn: existing.arn, CreationDate: new Date(existing.creationDate) };
          }
          throw alreadyExists(`Backup vault with the same name already exists`, {
            CreatorRequestId: existing.creatorRequestId,
            Arn: existing.arn,
          });
        }
        const record: VaultRecord = {
          name,
          arn: backupArn(ctx, 'backup-vault', name),
          vaultType: 'BACKUP_VAULT',
          vaultState: 'AVAILABLE',
          encryptionKeyArn: input.EncryptionKeyArn ?? defaultBackupKeyArn(ctx),
          creatorRequestId: input.CreatorRequestId,
          creationDate: ctx.now.getTime(),
        };
        await this.deps.store.atomically(async () => {
          if (!(await this.vaults.insert(ctx, name, record))) throw alreadyExists('Backup vault with the same name already exists');
          if (input.BackupVaultTags) await this.deps.store.tags.put(ctx, record.arn, input.BackupVaultTags);
        });
        return { BackupVaultName: name, BackupVaultArn: record.arn, CreationDate: new Date(record.creationDate) };
      },

      DescribeBackupVault: async (input, ctx) => {
        const vault = await this.requireVault(ctx, input.BackupVaultName!);
        return this.describe(ctx, vault, ctx.now.getTime());
      },

      ListBackupVaults: async (input, ctx) => {
        const limit = pageSize(input.MaxResults);
        const fingerprint = `ListBackupVaults:${input.ByVaultType ?? ''}:${input.ByShared ?? ''}`;
        const page = await pageBySeq(
          this.deps.tokens,
          fingerprint,
          input.NextToken,
          limit,
          (after, batch) => this.vaults.list(ctx, { afterSeq: after, limit: batch }),
          (v) => (input.ByVaultType === undefined || v.vaultType === input.ByVaultType) && input.ByShared !== true,
        );
        const now = ctx.now.getTime();
        const list = await Promise.all(page.items.map((v) => this.describe(ctx, v, now)));
        return { BackupVaultList: list, NextToken: page.nextToken };
      },

      DeleteBackupVault: async (input, ctx) => {
        const vault = await this.requireVault(ctx, input.BackupVaultName!);
        if ((await this.countRecoveryPoints(ctx, vault.name)) > 0) {
          throw invalidRequest('Backup vault cannot be deleted because it contains recovery points.');
        }
        await this.deps.store.atomically(async () => {
          await this.vaults.delete(ctx, vault.name);
          await this.deps.store.tags.delete(vault.arn);
        });
        return {};
      },
    };
  }
}

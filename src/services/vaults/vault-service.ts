/**
 * Backup vaults (standard and logically air-gapped): create, describe, list, delete. Other domains find vaults through
 * `requireVault`; a vault's recovery points are counted in the recovery points repository. A logically air-gapped
 * vault is CREATING for a while before it is AVAILABLE (vault-creation.ts).
 */
import { alreadyExists, invalidParameter, invalidRequest, notFound } from '../../protocol/errors.js';
import type { DescribeBackupVaultOutput, BackupVaultListMember } from '@aws-sdk/client-backup';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { backupArn, defaultBackupKeyArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { RequestContext } from '../context.js';
import { VAULT_KIND, type VaultLock, type VaultRecord } from './vault-record.js';
import { buildLock, isVaultLocked, vaultLockGuard } from './vault-lock.js';
import { addMpaDescription } from './mpa.js';
import { recoveryPointSource } from './restore-access-source.js';
import { VAULT_NAME, VAULT_NAME_RULE } from '../common/names.js';
import { optionalDate as date } from '../common/time.js';
import type { VaultCreationStore } from '../../store/repos/vault-creation-store.js';
import type { RemovalGuard } from '../common/removal.js';
import { backupTaggable, type TaggableType } from '../common/taggable.js';
import { LAG_CREATING_SECONDS, VaultCreationWorker, assertVaultAvailable } from './vault-creation.js';
import { vaultStateChange } from './vault-events.js';


const LAG_MIN_RETENTION_DAYS = 7;

interface NewVault {
  name: string;
  vaultType: VaultRecord['vaultType'];
  tags?: Record<string, string>;
  creatorRequestId?: string;
  encryptionKeyArn?: string;
  lock?: VaultLock;
  /** When the vault turns AVAILABLE; until then it is CREATING. Without it, AVAILABLE at once. */
  availableAt?: number;
}

/** Runs inside DeleteBackupVault's transaction; may refuse (throw) or clean up what it owns. */
export type VaultDeleteHook = (scope: Scope, vault: VaultRecord) => Promise<void>;

export class VaultService {
  readonly vaults;
  private readonly creations: VaultCreationStore;
  /** Vault Lock refuses the deletion of the points of a locked vault (vault-lock.ts). */
  readonly removalGuard: RemovalGuard;

  /** deleteHooks: run inside DeleteBackupVault's transaction (restore access vaults: restore-access.ts). */
  constructor(
    private readonly deps: ServiceDeps,
    private readonly deleteHooks: readonly VaultDeleteHook[],
  ) {
    this.vaults = deps.store.docs<VaultRecord>(VAULT_KIND);
    this.creations = deps.store.vaultCreations;
    this.removalGuard = vaultLockGuard(this.vaults);
  }

  readonly worker = (): VaultCreationWorker => new VaultCreationWorker(this.deps.store, this.vaults, this.creations);

  readonly taggable: TaggableType = backupTaggable('backup-vault', async (scope, arn, parsed) => {
    const vault = await this.vaults.get(scope, parsed.resource.slice('backup-vault:'.length));
    return vault?.arn === arn;
  });


  private countRecoveryPoints(scope: Scope, vaultName: string): Promise<number> {
    return this.deps.store.recoveryPoints.count(scope, vaultName);
  }

  async requireVault(scope: Scope, name: string): Promise<VaultRecord> {
    const vault = await this.vaults.get(scope, name);
    if (!vault) throw notFound(`Backup vault ${name} does not exist.`, { Type: 'User' });
    return vault;
  }

  /**
   * Loads the vault, lets `change` alter it, and writes it back, all in one transaction; with
   * `modifiedAt`, emits the vault's MODIFIED event at that instant (vault-events.ts).
   */
  async modifyVault(scope: Scope, name: string, change: (vault: VaultRecord) => void, modifiedAt?: number): Promise<void> {
    await this.deps.store.atomically(async () => {
      const vault = await this.requireVault(scope, name);
      change(vault);
      await this.vaults.update(scope, name, vault);
      if (modifiedAt !== undefined) await this.deps.events.emit([vaultStateChange(scope, vault, 'MODIFIED', modifiedAt)]);
    });
  }

  /** Creates a vault, or answers the existing one for a repeated CreatorRequestId. */
  private async create(ctx: RequestContext, req: NewVault): Promise<VaultRecord> {
    const { name } = req;
    if (!VAULT_NAME.test(name)) {
      throw invalidParameter(`Invalid backup vault name '${name}': ${VAULT_NAME_RULE}.`);
    }
    if (req.tags) validateTags(req.tags);
    const existing = await this.vaults.get(ctx, name);
    if (existing) {
      if (req.creatorRequestId !== undefined && existing.creatorRequestId === req.creatorRequestId && existing.vaultType === req.vaultType) {
        return existing;
      }
      throw alreadyExists(`Backup vault with the same name already exists`, { CreatorRequestId: existing.creatorRequestId, Arn: existing.arn });
    }
    const record: VaultRecord = {
      name,
      arn: backupArn(ctx, 'backup-vault', name),
      vaultType: req.vaultType,
      vaultState: req.availableAt === undefined ? 'AVAILABLE' : 'CREATING',
      encryptionKeyArn: req.encryptionKeyArn ?? defaultBackupKeyArn(ctx),
      creatorRequestId: req.creatorRequestId,
      creationDate: ctx.now.getTime(),
    };
    if (req.lock) record.lock = req.lock;
    await this.deps.store.atomically(async () => {
      if (!(await this.vaults.insert(ctx, name, record))) throw alreadyExists('Backup vault with the same name already exists');
      if (req.tags) await this.deps.store.tags.put(ctx, record.arn, req.tags);
      if (req.availableAt !== undefined) await this.creations.schedule(ctx, name, req.availableAt);
      await this.deps.events.emit([vaultStateChange(ctx, record, 'CREATED', record.creationDate)]);
    });
    return record;
  }

  /** A restore access vault shows the points of its source vault (recoveryPointSource). */
  private pointCounts(scope: Scope, vaults: VaultRecord[]): Promise<number[]> {
    return this.deps.store.recoveryPoints.counts(vaults.map((v) => recoveryPointSource(scope, v)));
  }

  private describe(vault: VaultRecord, numberOfRecoveryPoints: number): DescribeBackupVaultOutput & BackupVaultListMember {
    return {
      BackupVaultName: vault.name,
      BackupVaultArn: vault.arn,
      VaultType: vault.vaultType,
      VaultState: vault.vaultState,
      EncryptionKeyArn: vault.encryptionKeyArn,
      CreationDate: new Date(vault.creationDate),
      CreatorRequestId: vault.creatorRequestId,
      NumberOfRecoveryPoints: numberOfRecoveryPoints,
      Locked: isVaultLocked(vault),
      MinRetentionDays: vault.lock?.minRetentionDays,
      MaxRetentionDays: vault.lock?.maxRetentionDays,
      LockDate: date(vault.lock?.lockDate),
    };
  }

  handlers(): Handlers {
    return {
      CreateBackupVault: async (input, ctx) => {
        const created = await this.create(ctx, {
          name: input.BackupVaultName!,
          vaultType: 'BACKUP_VAULT',
          tags: input.BackupVaultTags,
          creatorRequestId: input.CreatorRequestId,
          encryptionKeyArn: input.EncryptionKeyArn,
        });
        return { BackupVaultName: created.name, BackupVaultArn: created.arn, CreationDate: new Date(created.creationDate) };
      },

      CreateLogicallyAirGappedBackupVault: async (input, ctx) => {
        // AWS requires at least 7 days of minimum retention for a logically air-gapped vault.
        if (input.MinRetentionDays! < LAG_MIN_RETENTION_DAYS) {
          throw invalidParameter(
            `MinRetentionDays must be at least ${LAG_MIN_RETENTION_DAYS} for a logically air-gapped backup vault; got ${input.MinRetentionDays}.`,
          );
        }
        const lock = buildLock({ MinRetentionDays: input.MinRetentionDays, MaxRetentionDays: input.MaxRetentionDays }, ctx.now.getTime());
        // The vault's retention range is fixed from the start: a compliance lock whose LockDate is its creation.
        lock.lockDate = ctx.now.getTime();
        const created = await this.create(ctx, {
          name: input.BackupVaultName!,
          vaultType: 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT',
          tags: input.BackupVaultTags,
          creatorRequestId: input.CreatorRequestId,
          encryptionKeyArn: input.EncryptionKeyArn,
          lock,
          availableAt: ctx.now.getTime() + LAG_CREATING_SECONDS * 1000,
        });
        // CREATING, as on AWS; AVAILABLE LAG_CREATING_SECONDS later (a retry answers the current state).
        return {
          BackupVaultName: created.name,
          BackupVaultArn: created.arn,
          CreationDate: new Date(created.creationDate),
          VaultState: created.vaultState,
        };
      },

      DescribeBackupVault: async (input, ctx) => {
        const vault = await this.requireVault(ctx, input.BackupVaultName!);
        const source = recoveryPointSource(ctx, vault);
        return addMpaDescription(this.describe(vault, await this.countRecoveryPoints(source, source.vaultName)), vault);
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
        // One statement for the page's counts: a page of 1,000 vaults once took 1,000 connections' turns.
        const counts = await this.pointCounts(ctx, page.items);
        const list = page.items.map((v, i) => this.describe(v, counts[i]!));
        return { BackupVaultList: list, NextToken: page.nextToken };
      },

      DeleteBackupVault: async (input, ctx) => {
        const vault = await this.requireVault(ctx, input.BackupVaultName!);
        // A restore access vault may go while CREATING (its deletion is a revocation); a
        // logically air-gapped vault may not (AWS does not say: the stricter reading).
        if (vault.vaultType === 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') assertVaultAvailable(vault, 'it can be deleted');
        if ((await this.countRecoveryPoints(ctx, vault.name)) > 0) {
          throw invalidRequest('Backup vault cannot be deleted because it contains recovery points.');
        }
        await this.deps.store.atomically(async () => {
          for (const hook of this.deleteHooks) await hook(ctx, vault);
          await this.vaults.delete(ctx, vault.name);
          await this.creations.remove(ctx, vault.name);
          await this.deps.store.tags.delete(vault.arn);
          await this.deps.events.emit([vaultStateChange(ctx, vault, 'DELETED', ctx.now.getTime())]);
        });
        return {};
      },
    };
  }
}


/**
 * Restore access backup vaults: temporary, read-only access from a (usually other) account to
 * the recovery points of a logically air-gapped vault, granted through MPA.
 *
 * - CreateRestoreAccessBackupVault (by the requester): the source must be an AVAILABLE
 *   logically air-gapped vault in the caller's Region with an MPA approval team. The new vault, of type
 *   RESTORE_ACCESS_BACKUP_VAULT, lives in the caller's account and answers CREATING. MPA
 *   approval is granted at once (services/vaults/mpa.ts: Holdfast has no MPA service); the
 *   vault becomes AVAILABLE, with its ApprovalDate, READY_SECONDS later on the engine's clock.
 * - DescribeBackupVault shows its SourceBackupVaultArn and MpaSessionArn, and counts the
 *   source vault's recovery points (recoveryPointSource): it holds none of its own.
 * - ListRestoreAccessBackupVaults / RevokeRestoreAccessBackupVault (by the source's owner):
 *   a revocation is approved at once too and deletes the vault at once, so LatestRevokeRequest
 *   (PENDING or FAILED on AWS while the team decides) never appears.
 * - DeleteBackupVault by the requester removes the vault like a revocation. A source vault
 *   with restore access vaults cannot be deleted (the stricter reading: AWS does not say).
 */
import { randomUUID } from 'node:crypto';
import { alreadyExists, invalidParameter, invalidRequest, notFound } from '../../protocol/errors.js';
import type { Worker } from '../../engine/engine.js';
import type { RestoreAccessLink, RestoreAccessStore } from '../../store/repos/restore-access-store.js';
import type { Scope } from '../../store/types.js';
import { backupArn, stableUuid } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { RequestContext } from '../context.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { approvedAtOnce } from './mpa.js';
import { parseVaultArn, VAULT_NAME, VAULT_NAME_RULE } from '../common/names.js';
import type { VaultRecord } from './vault-record.js';
import type { VaultDeleteHook, VaultService } from './vault-service.js';
import { assertVaultAvailable } from './vault-creation.js';
import { optionalDate as date } from '../common/time.js';

/** How long after the request an (automatically approved) restore access vault is AVAILABLE. */
export const READY_SECONDS = 60;

const BATCH = 100;

/**
 * Told, inside the removing transaction, that a restore access vault is gone (revoked or deleted):
 * what its account reached through it loses access (backup access points: access-points/revocation.ts).
 */
export type RestoreAccessRevoked = (link: RestoreAccessLink) => Promise<void>;

/**
 * Runs inside DeleteBackupVault's transaction (a VaultDeleteHook): a restore access vault takes its
 * link along; a logically air-gapped vault that restore access vaults use cannot be deleted.
 */
export const restoreAccessDeleteHook =
  (links: RestoreAccessStore, revoked: RestoreAccessRevoked): VaultDeleteHook =>
  async (scope, vault) => {
    if (vault.vaultType === 'RESTORE_ACCESS_BACKUP_VAULT') {
      const link = await links.get(vault.arn);
      await links.delete(vault.arn);
      if (link) await revoked(link);
    } else if (vault.vaultType === 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT' && (await links.hasAny(scope, vault.name))) {
      throw invalidRequest(
        `Backup vault ${vault.name} cannot be deleted because restore access backup vaults use it; revoke them with RevokeRestoreAccessBackupVault first.`,
      );
    }
  };

export class RestoreAccessService {
  readonly links: RestoreAccessStore;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly vaults: VaultService,
    private readonly revoked: RestoreAccessRevoked,
  ) {
    this.links = deps.store.restoreAccess;
  }

  readonly worker = (): RestoreAccessWorker => new RestoreAccessWorker(this.deps, this.vaults, this.links);

  /** The caller's logically air-gapped vault of this name, as the restore-access paths name it. */
  private async requireAirGapped(scope: Scope, name: string): Promise<VaultRecord> {
    const vault = await this.vaults.vaults.get(scope, name);
    if (!vault || vault.vaultType !== 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') {
      throw notFound(`Logically air-gapped backup vault ${name} does not exist.`, { Type: 'User' });
    }
    return vault;
  }



  private async create(ctx: RequestContext, input: {
    SourceBackupVaultArn?: string;
    BackupVaultName?: string;
    BackupVaultTags?: Record<string, string>;
    CreatorRequestId?: string;
  }): Promise<VaultRecord> {
    const sourceArn = input.SourceBackupVaultArn!;
    const ref = parseVaultArn(sourceArn);
    if (!ref) {
      throw invalidParameter(`SourceBackupVaultArn '${sourceArn}' is not a backup vault ARN such as arn:aws:backup:us-east-1:111122223333:backup-vault:my-vault.`);
    }
    // AWS keeps the restore access vault in its source's Region; another Region is refused (stricter reading).
    if (ref.region !== ctx.region) {
      throw invalidParameter(`The source backup vault is in ${ref.region}; create the restore access backup vault in that Region, not in ${ctx.region}.`);
    }
    if (input.BackupVaultName !== undefined && !VAULT_NAME.test(input.BackupVaultName)) {
      throw invalidParameter(`Invalid backup vault name '${input.BackupVaultName}': ${VAULT_NAME_RULE}.`);
    }
    if (input.BackupVaultTags) validateTags(input.BackupVaultTags);
    const token = input.CreatorRequestId;
    // Without a name, the name follows from the request token, so that a retry finds its vault.
    const name = input.BackupVaultName ?? `restore-access-${stableUuid(`${ctx.accountId}:${ctx.region}:${token ?? randomUUID()}:${sourceArn}`).slice(0, 8)}`;
    const now = ctx.now.getTime();

    return this.deps.store.atomically(async () => {
      const source = await this.vaults.vaults.get(ref, ref.vaultName);
      if (!source || source.arn !== sourceArn) throw notFound(`Backup vault ${sourceArn} does not exist.`, { Type: 'User' });
      if (source.vaultType !== 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') {
        throw invalidRequest(`Backup vault ${source.name} is a ${source.vaultType}; restore access is granted only to a LOGICALLY_AIR_GAPPED_BACKUP_VAULT.`);
      }
      assertVaultAvailable(source, 'restore access can be granted to it');
      if (source.mpaApprovalTeamArn === undefined) {
        throw invalidRequest(
          `Backup vault ${source.name} has no MPA approval team to approve restore access; associate one with AssociateBackupVaultMpaApprovalTeam.`,
        );
      }
      const existing = await this.vaults.vaults.get(ctx, name);
      if (existing) {
        if (token !== undefined && existing.creatorRequestId === token && existing.sourceBackupVaultArn === sourceArn) return existing;
        throw alreadyExists('Backup vault with the same name already exists', { CreatorRequestId: existing.creatorRequestId, Arn: existing.arn });
      }
      const record: VaultRecord = {
        name,
        arn: backupArn(ctx, 'backup-vault', name),
        vaultType: 'RESTORE_ACCESS_BACKUP_VAULT',
        vaultState: 'CREATING',
        // The recovery points stay encrypted with the source vault's key.
        encryptionKeyArn: source.encryptionKeyArn,
        creatorRequestId: token,
        creationDate: now,
        sourceBackupVaultArn: sourceArn,
        mpaSessionArn: approvedAtOnce(source.mpaApprovalTeamArn, now).sessionArn,
      };
      await this.vaults.vaults.insert(ctx, name, record);
      if (input.BackupVaultTags) await this.deps.store.tags.put(ctx, record.arn, input.BackupVaultTags);
      const link: RestoreAccessLink = {
        arn: record.arn,
        accountId: ctx.accountId,
        region: ctx.region,
        name,
        source: ref,
        vaultState: 'CREATING',
        creationDate: now,
      };
      await this.links.insert(link, now + READY_SECONDS * 1000);
      return record;
    });
  }

  handlers(): Handlers {
    return {
      CreateRestoreAccessBackupVault: async (input, ctx) => {
        const v = await this.create(ctx, input);
        return {
          RestoreAccessBackupVaultArn: v.arn,
          RestoreAccessBackupVaultName: v.name,
          VaultState: v.vaultState,
          CreationDate: new Date(v.creationDate),
        };
      },

      ListRestoreAccessBackupVaults: async (input, ctx) => {
        const source = await this.requireAirGapped(ctx, input.BackupVaultName!);
        const limit = pageSize(input.MaxResults);
        const fingerprint = `ListRestoreAccessBackupVaults:${source.name}`;
        const after = this.deps.tokens.decode<number>(fingerprint, input.NextToken) ?? 0;
        const rows = await this.links.listBySource(ctx, source.name, typeof after === 'number' ? after : 0, limit + 1);
        const page = rows.slice(0, limit);
        return {
          RestoreAccessBackupVaults: page.map(({ doc }) => ({
            RestoreAccessBackupVaultArn: doc.arn,
            CreationDate: new Date(doc.creationDate),
            ApprovalDate: date(doc.approvalDate),
            VaultState: doc.vaultState,
          })),
          NextToken: rows.length > limit ? this.deps.tokens.encode(fingerprint, page[page.length - 1]!.seq) : undefined,
        };
      },

      RevokeRestoreAccessBackupVault: async (input, ctx) => {
        const arn = input.RestoreAccessBackupVaultArn!;
        await this.deps.store.atomically(async () => {
          const source = await this.requireAirGapped(ctx, input.BackupVaultName!);
          const link = await this.links.get(arn);
          const s = link?.source;
          if (!link || s!.accountId !== ctx.accountId || s!.region !== ctx.region || s!.vaultName !== source.name) {
            throw notFound(`Restore access backup vault ${arn} does not exist for backup vault ${source.name}.`, { Type: 'User' });
          }
          // Approved at once (services/vaults/mpa.ts), so the vault goes at once.
          const scope = { accountId: link.accountId, region: link.region };
          await this.vaults.vaults.delete(scope, link.name);
          await this.deps.store.tags.delete(link.arn);
          await this.links.delete(link.arn);
          await this.revoked(link);
        });
        return {};
      },
    };
  }
}

/** Turns CREATING restore access vaults AVAILABLE at their due time, stamping ApprovalDate. */
export class RestoreAccessWorker implements Worker {
  readonly name = 'restore-access-vaults';

  constructor(
    private readonly deps: ServiceDeps,
    private readonly vaults: VaultService,
    private readonly links: RestoreAccessStore,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.links.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.links.due(nowMs, BATCH);
      for (const { dueAt, link } of due) {
        await this.deps.store.atomically(async () => {
          const scope = { accountId: link.accountId, region: link.region };
          const vault = await this.vaults.vaults.get(scope, link.name);
          if (vault?.arn === link.arn && vault.vaultState === 'CREATING') {
            await this.vaults.vaults.update(scope, link.name, { ...vault, vaultState: 'AVAILABLE' });
          }
          await this.links.update({ ...link, vaultState: 'AVAILABLE', approvalDate: dueAt }, null);
        });
      }
      if (due.length < BATCH) return;
    }
  }
}

/**
 * Tiering configurations: which S3 backups move to the lower-cost warm tier, and after how many
 * days. One configuration per vault, plus at most one global configuration (`*`) per account
 * and Region. Holdfast stores and validates configurations exactly; since the API shows no
 * storage tier below WARM for a recovery point, tiering itself has nothing visible to do.
 */
import { randomUUID } from 'node:crypto';
import type { TieringConfiguration } from '@aws-sdk/client-backup';
import { alreadyExists, invalidParameter, notFound } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import { backupArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import type { VaultRecord } from '../vaults/vault-record.js';
import { VAULT_KIND } from '../vaults/vault-record.js';
import { TIERING_BY_VAULT_KIND, TIERING_KIND, type TieringByVault, type TieringRecord } from './record.js';
import { checkConfigName, checkCreatorRequestId, checkSelections, checkVaultName } from './validation.js';
import { backupTaggable, type TaggableType } from '../common/taggable.js';

export const TIERING_ARN_TYPE = 'tiering-configuration';

const describeVault = (name: string): string => (name === '*' ? 'every backup vault (*)' : `backup vault ${name}`);

export class TieringService {
  readonly configs;
  private readonly byVault;
  private readonly vaults;

  constructor(private readonly deps: ServiceDeps) {
    this.configs = deps.store.docs<TieringRecord>(TIERING_KIND);
    this.byVault = deps.store.docs<TieringByVault>(TIERING_BY_VAULT_KIND);
    this.vaults = deps.store.docs<VaultRecord>(VAULT_KIND);
  }

  readonly taggable: TaggableType = backupTaggable(TIERING_ARN_TYPE, async (scope, arn, parsed) => {
    // The name has no '-' (letters, digits, _), so it ends at the first one: NAME-ID.
    const name = parsed.resource.slice(TIERING_ARN_TYPE.length + 1).split('-', 1)[0]!;
    return (await this.configs.get(scope, name))?.arn === arn;
  });

  private async require(scope: Scope, name: string): Promise<TieringRecord> {
    const config = await this.configs.get(scope, checkConfigName(name));
    if (!config) throw notFound(`Tiering configuration ${name} does not exist.`, { Type: 'User' });
    return config;
  }

  /**
   * A configuration names an existing vault that holds backups, or `*`. CreateTieringConfiguration
   * lists no ResourceNotFoundException, so a missing vault is an invalid parameter (the stricter
   * reading: AWS does not say whether it accepts a vault that does not exist yet).
   */
  private async checkVault(scope: Scope, name: string): Promise<void> {
    if (name === '*') return;
    const vault = await this.vaults.get(scope, name);
    if (!vault) throw invalidParameter(`Backup vault ${name} does not exist; create it first or use * for every vault.`);
    if (vault.vaultType === 'RESTORE_ACCESS_BACKUP_VAULT') {
      throw invalidParameter(`Backup vault ${name} is a restore access backup vault, which holds no backups to tier.`);
    }
  }

  /** Claims the vault for the configuration: AWS allows one configuration per vault (and one `*`). */
  private async claimVault(scope: Scope, vaultName: string, configName: string): Promise<void> {
    if (await this.byVault.insert(scope, vaultName, { name: configName })) return;
    const holder = await this.byVault.get(scope, vaultName);
    const other = holder && (await this.configs.get(scope, holder.name));
    throw alreadyExists(`${describeVault(vaultName)} already has tiering configuration ${holder?.name}; a vault can have only one.`, {
      Arn: other?.arn,
      CreatorRequestId: other?.creatorRequestId,
    });
  }

  handlers(): Handlers {
    return {
      CreateTieringConfiguration: async (input, ctx) => {
        const body = input.TieringConfiguration!;
        const name = checkConfigName(body.TieringConfigurationName!);
        const vaultName = checkVaultName(body.BackupVaultName!);
        const selections = checkSelections(body.ResourceSelection!);
        const token = checkCreatorRequestId(input.CreatorRequestId);
        if (input.TieringConfigurationTags) validateTags(input.TieringConfigurationTags);
        const now = ctx.now.getTime();
        const created = await this.deps.store.atomically(async () => {
          const existing = await this.configs.get(ctx, name);
          if (existing) {
            if (token !== undefined && existing.creatorRequestId === token) return existing; // a retry of the same request
            throw alreadyExists(`Tiering configuration ${name} already exists.`, { Arn: existing.arn, CreatorRequestId: existing.creatorRequestId });
          }
          await this.checkVault(ctx, vaultName);
          await this.claimVault(ctx, vaultName, name);
          const record: TieringRecord = {
            name,
            arn: backupArn(ctx, TIERING_ARN_TYPE, `${name}-${randomUUID()}`),
            backupVaultName: vaultName,
            selections,
            creatorRequestId: token,
            creationTime: now,
            lastUpdatedTime: now,
          };
          await this.configs.insert(ctx, name, record);
          if (input.TieringConfigurationTags) await this.deps.store.tags.put(ctx, record.arn, input.TieringConfigurationTags);
          return record;
        });
        return { TieringConfigurationArn: created.arn, TieringConfigurationName: created.name, CreationTime: new Date(created.creationTime) };
      },

      GetTieringConfiguration: async (input, ctx) => {
        const c = await this.require(ctx, input.TieringConfigurationName!);
        const configuration: TieringConfiguration = {
          TieringConfigurationName: c.name,
          TieringConfigurationArn: c.arn,
          BackupVaultName: c.backupVaultName,
          ResourceSelection: c.selections.map((s) => ({
            Resources: s.resources,
            TieringDownSettingsInDays: s.tieringDownSettingsInDays,
            ResourceType: s.resourceType,
          })),
          CreatorRequestId: c.creatorRequestId,
          CreationTime: new Date(c.creationTime),
          LastUpdatedTime: new Date(c.lastUpdatedTime),
        };
        return { TieringConfiguration: configuration };
      },

      UpdateTieringConfiguration: async (input, ctx) => {
        const name = checkConfigName(input.TieringConfigurationName!);
        const body = input.TieringConfiguration!;
        const vaultName = checkVaultName(body.BackupVaultName!);
        const selections = checkSelections(body.ResourceSelection!);
        const now = ctx.now.getTime();
        const updated = await this.deps.store.atomically(async () => {
          const current = await this.require(ctx, name);
          if (vaultName !== current.backupVaultName) {
            await this.checkVault(ctx, vaultName);
            await this.claimVault(ctx, vaultName, name);
            await this.byVault.delete(ctx, current.backupVaultName);
          }
          const record: TieringRecord = { ...current, backupVaultName: vaultName, selections, lastUpdatedTime: now };
          await this.configs.update(ctx, name, record);
          return record;
        });
        return {
          TieringConfigurationArn: updated.arn,
          TieringConfigurationName: updated.name,
          CreationTime: new Date(updated.creationTime),
          LastUpdatedTime: new Date(updated.lastUpdatedTime),
        };
      },

      DeleteTieringConfiguration: async (input, ctx) => {
        await this.deps.store.atomically(async () => {
          const c = await this.require(ctx, input.TieringConfigurationName!);
          await this.configs.delete(ctx, c.name);
          await this.byVault.delete(ctx, c.backupVaultName);
          await this.deps.store.tags.delete(c.arn);
        });
        return {};
      },

      ListTieringConfigurations: async (input, ctx) => {
        const page = await pageBySeq(
          this.deps.tokens,
          'ListTieringConfigurations',
          input.NextToken,
          pageSize(input.MaxResults),
          (after, batch) => this.configs.list(ctx, { afterSeq: after, limit: batch }),
        );
        return {
          TieringConfigurations: page.items.map((c) => ({
            TieringConfigurationArn: c.arn,
            TieringConfigurationName: c.name,
            BackupVaultName: c.backupVaultName,
            CreationTime: new Date(c.creationTime),
            LastUpdatedTime: new Date(c.lastUpdatedTime),
          })),
          NextToken: page.nextToken,
        };
      },
    };
  }
}

/**
 * What is configured on an existing backup vault: Vault Lock, the access policy and the
 * notification settings. Every change is a read-modify-write of the vault record in one
 * transaction.
 */
import { invalidParameter, invalidRequest, missingParameter, notFound } from '../../protocol/errors.js';
import type { BackupVaultEvent } from '@aws-sdk/client-backup';
import type { Handlers } from '../registry.js';
import { validateAccessPolicy } from './access-policy.js';
import { assertLockChangeable, buildLock } from './vault-lock.js';
import type { VaultService } from './vault-service.js';
import { assertVaultAvailable } from './vault-creation.js';

const SNS_TOPIC_ARN = /^arn:aws:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/;

export class VaultConfigService {
  constructor(private readonly vaults: VaultService) {}


  handlers(): Handlers {
    return {
      PutBackupVaultLockConfiguration: async (input, ctx) => {
        const now = ctx.now.getTime();
        const lock = buildLock(input, now);
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => {
          if (vault.vaultType !== 'BACKUP_VAULT') {
            throw invalidRequest(`Backup vault ${vault.name} is a ${vault.vaultType}; its retention range is fixed at creation.`);
          }
          assertLockChangeable(vault, now, 'changed');
          vault.lock = lock;
        }, now);
        return {};
      },

      DeleteBackupVaultLockConfiguration: async (input, ctx) => {
        const now = ctx.now.getTime();
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => {
          if (vault.vaultType !== 'BACKUP_VAULT') {
            throw invalidRequest(`Backup vault ${vault.name} is a ${vault.vaultType}; its lock cannot be deleted.`);
          }
          assertLockChangeable(vault, now, 'deleted');
          delete vault.lock;
        }, now);
        return {};
      },

      PutBackupVaultAccessPolicy: async (input, ctx) => {
        // Policy is optional in the model, but a vault policy without a document means nothing.
        if (input.Policy === undefined) throw missingParameter('Missing required parameter: Policy.');
        const policy = validateAccessPolicy(input.Policy);
        // The model lists no InvalidRequestException here; refusing a CREATING vault is the stricter reading (vault-creation.ts).
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => {
          assertVaultAvailable(vault, 'an access policy can be set on it');
          vault.accessPolicy = policy;
        });
        return {};
      },

      GetBackupVaultAccessPolicy: async (input, ctx) => {
        const vault = await this.vaults.requireVault(ctx, input.BackupVaultName!);
        if (vault.accessPolicy === undefined) {
          // AWS's text (docs/error-messages.md).
          throw notFound(`Backup Vault ${vault.arn} has no associated POLICY`, { Type: 'User' });
        }
        return { BackupVaultName: vault.name, BackupVaultArn: vault.arn, Policy: vault.accessPolicy };
      },

      DeleteBackupVaultAccessPolicy: async (input, ctx) => {
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => void delete vault.accessPolicy);
        return {};
      },

      PutBackupVaultNotifications: async (input, ctx) => {
        const topicArn = input.SNSTopicArn!;
        if (topicArn.startsWith('arn:aws:sns:') && topicArn.endsWith('.fifo')) {
          // "AWS Backup does not currently support SNS FIFO topics" (developer guide, Notification options).
          throw invalidParameter(`SNSTopicArn '${topicArn}' is a FIFO topic; AWS Backup publishes only to standard SNS topics.`);
        }
        if (!SNS_TOPIC_ARN.test(topicArn)) {
          throw invalidParameter(`SNSTopicArn '${topicArn}' is not an SNS topic ARN such as arn:aws:sns:us-west-2:111122223333:MyVaultTopic.`);
        }
        // "AWS Backup does not currently support [cross-account notifications]. You must specify
        // your own AWS account ID" (developer guide). AWS says nothing of other Regions: the
        // stricter reading refuses them too (docs/events.md).
        const [, , , topicRegion, topicAccount] = topicArn.split(':');
        if (topicAccount !== ctx.accountId || topicRegion !== ctx.region) {
          throw invalidParameter(
            `SNSTopicArn '${topicArn}' must name a topic of this account (${ctx.accountId}) in this Region (${ctx.region}); AWS Backup does not support cross-account notifications.`,
          );
        }
        // The protocol layer has already checked every event against the SDK's BackupVaultEvent
        // enum, with AWS's message (protocol/constraints.ts). Deprecated values are kept and notify
        // nothing, as AWS says ("no longer supported and will not return statuses or notifications").
        const events = [...new Set(input.BackupVaultEvents)];
        if (events.length === 0) throw invalidParameter('BackupVaultEvents must name at least one event.');
        // As for the access policy: the stricter reading (vault-creation.ts).
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => {
          assertVaultAvailable(vault, 'notifications can be set on it');
          vault.notifications = { topicArn, events };
        });
        return {};
      },

      GetBackupVaultNotifications: async (input, ctx) => {
        const vault = await this.vaults.requireVault(ctx, input.BackupVaultName!);
        if (!vault.notifications) {
          // AWS's text (docs/error-messages.md).
          throw notFound(`Failed reading notifications from database for Backup vault ${vault.name}`, { Type: 'User' });
        }
        return {
          BackupVaultName: vault.name,
          BackupVaultArn: vault.arn,
          SNSTopicArn: vault.notifications.topicArn,
          BackupVaultEvents: vault.notifications.events as BackupVaultEvent[],
        };
      },

      DeleteBackupVaultNotifications: async (input, ctx) => {
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => void delete vault.notifications);
        return {};
      },
    };
  }
}

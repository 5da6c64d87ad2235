/** One set of lifecycle rules for every input that carries a lifecycle (services/common/lifecycle.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  DescribeBackupJobCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
  UpdateRecoveryPointLifecycleCommand,
  type Lifecycle,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { completedBackup, ROLE } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { VOLUME } from './fixtures.js';

const V2_ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v2`;

describe('lifecycle rules', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'] });

  it('are the same for StartBackupJob, StartCopyJob, UpdateRecoveryPointLifecycle and plan rules and copy actions', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: VOLUME });
    let plans = 0;
    const plan = (rule: Record<string, unknown>) =>
      t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: `p${plans++}`, Rules: [{ RuleName: 'r1', TargetBackupVaultName: 'v1', ...rule }] } }));
    /** Each entry point, and the message it answers for AWS's reason. */
    const entries: [string, (l: Lifecycle) => Promise<unknown>, (reason: string) => string][] = [
      ['StartBackupJob', (l) => t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE, Lifecycle: l })), (r) => `Invalid lifecycle. ${r}`],
      [
        'StartCopyJob',
        (l) => t.client.send(new StartCopyJobCommand({ SourceBackupVaultName: 'v1', RecoveryPointArn, DestinationBackupVaultArn: V2_ARN, IamRoleArn: ROLE, Lifecycle: l })),
        (r) => `Invalid lifecycle. ${r}`,
      ],
      [
        'UpdateRecoveryPointLifecycle',
        (l) => t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn, Lifecycle: l })),
        (r) => `Invalid lifecycle. ${r}`,
      ],
      ['CreateBackupPlan rule', (l) => plan({ Lifecycle: l }), (r) => `Error in rule r1 : Invalid lifecycle. ${r}`],
      [
        'CreateBackupPlan copy action',
        (l) => plan({ CopyActions: [{ DestinationBackupVaultArn: V2_ARN, Lifecycle: l }] }),
        (r) => `Error in rule r1 : Invalid lifecycle in the copy action to ${V2_ARN}. ${r}`,
      ],
    ];
    const refused: [Lifecycle, string][] = [
      [{ DeleteAfterDays: 36_501 }, 'DeleteAfterDays cannot be less than 1 or more than 36500 days'],
      [{ MoveToColdStorageAfterDays: 36_501 }, 'MoveToColdStorageAfterDays cannot be less than 1 or more than 36500 days'],
      [{ DeleteAfterDays: 0 }, 'DeleteAfterDays cannot be less than 1 or more than 36500 days'],
      [{ MoveToColdStorageAfterDays: 10, DeleteAfterDays: 99 }, 'DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays'],
      [{ DeleteAfterDays: 30, DeleteAfterEvent: 'DELETE_AFTER_COPY' }, 'DeleteAfterEvent is set by AWS Backup and is not valid as an input.'],
    ];
    const accepted: Lifecycle = { MoveToColdStorageAfterDays: 10, DeleteAfterDays: 36_500, OptInToArchiveForSupportedResources: true };
    for (const [entry, call, message] of entries) {
      for (const [lifecycle, reason] of refused) {
        const e = await errorOf(() => call(lifecycle));
        assert.deepEqual([e.name, e.message], ['InvalidParameterValueException', message(reason)], `${entry} ${JSON.stringify(lifecycle)}`);
      }
      await call(accepted);
    }
    const job = await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE, Lifecycle: accepted }));
    assert.deepEqual((await t.client.send(new DescribeBackupJobCommand({ BackupJobId: job.BackupJobId }))).RecoveryPointLifecycle, accepted);
  });
});

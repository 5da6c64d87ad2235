/** A stack's template recovery point: restored as a new stack with a change set, disassociated and copied like any nested point. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  DisassociateRecoveryPointFromParentCommand,
  GetRestoreJobMetadataCommand,
  ListBackupJobsCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { completedStack, ROLE, STACK, stackInventory } from './fixtures.js';

describe('the template recovery point of a stack', () => {
  const t = suiteServer({ vaults: ['v1'], each: stackInventory });
  const { at } = t;
  /** A completed stack backup; `at` counts from its end. */
  const composite = async () => {
    const done = await completedStack(t);
    t.rebase();
    return done;
  };
  const restore = (arn: string, Metadata: Record<string, string>) => t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: arn, IamRoleArn: ROLE, Metadata }));
  const restoreJob = (id: string) => t.client.send(new DescribeRestoreJobCommand({ RestoreJobId: id }));
  const inventory = async (): Promise<{ arn: string; stackMembers?: unknown[]; backupOutcome?: string; failureMessage?: string }[]> => (await t.admin('GET', '/resources')).json.resources;

  it('restores as a new stack: CreatedResourceArn is its ARN, and the inventory holds it, REVIEW_IN_PROGRESS', async () => {
    const { template } = await composite();
    const metadata = { StackName: 'shop-restored', ChangeSetName: 'restore-1', ChangeSetDescription: 'from backup', StackParameters: '[{"ParameterKey":"Env","ParameterValue":"dr"}]' };
    const { RestoreJobId } = await restore(template, metadata);
    await t.advance(30);
    const job = await restoreJob(RestoreJobId!);
    assert.deepEqual([job.Status, job.ResourceType, job.SourceResourceArn, job.CompletionDate], ['COMPLETED', 'CloudFormation', STACK, at(30)]);
    assert.match(job.CreatedResourceArn ?? '', new RegExp(`^arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/shop-restored/[0-9a-f-]{36}$`));
    assert.deepEqual((await t.client.send(new GetRestoreJobMetadataCommand({ RestoreJobId }))).Metadata, metadata);
    assert.deepEqual((await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: template }))).LastRestoreTime, at(30));

    // The new stack has no resources until its change set runs; a backup of it fails, saying so.
    const created = (await inventory()).find((e) => e.arn === job.CreatedResourceArn);
    assert.deepEqual(created?.stackMembers, []);
    assert.equal(created?.backupOutcome, 'FAILED');
    const backup = await completedBackup(t, { ResourceArn: job.CreatedResourceArn! }, { state: 'FAILED' });
    const [child] = (await t.client.send(new ListBackupJobsCommand({ ByParentJobId: backup.BackupJobId }))).BackupJobs ?? [];
    assert.deepEqual([child?.ResourceArn, child?.State], [job.CreatedResourceArn, 'FAILED']);
    assert.match(child?.StatusMessage ?? '', new RegExp(`^Stack shop-restored is REVIEW_IN_PROGRESS \\(created by restore job ${RestoreJobId}\\): only a stack whose status ends in COMPLETE can be backed up\\. Execute its change set restore-1`));
  });

  it('fails at the change set when a stack of that name exists: the original, or one an earlier restore made', async () => {
    const { template } = await composite();
    const original = await restore(template, { StackName: 'shop', ChangeSetName: 'cs' });
    await t.advance(30);
    const failed = await restoreJob(original.RestoreJobId!);
    assert.equal(failed.Status, 'FAILED');
    assert.equal(failed.CreatedResourceArn, undefined);
    assert.equal(failed.StatusMessage, `CloudFormation could not create change set cs: Stack [shop] already exists (${STACK}). Restore with another StackName, or delete that stack first.`);

    const first = await restore(template, { StackName: 'shop-dr', ChangeSetName: 'cs' });
    const second = await restore(template, { StackName: 'shop-dr', ChangeSetName: 'cs' });
    await t.advance(30);
    assert.equal((await restoreJob(first.RestoreJobId!)).Status, 'COMPLETED');
    const again = await restoreJob(second.RestoreJobId!);
    assert.equal(again.Status, 'FAILED');
    assert.match(again.StatusMessage ?? '', /Stack \[shop-dr\] already exists/);
    assert.equal((await inventory()).filter((e) => e.arn.includes(':stack/shop-dr/')).length, 1);
  });

  it('refuses a restore without the metadata AWS requires, or with keys and values it does not accept', async () => {
    const { template } = await composite();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{}, 'MissingParameterValueException', /needs Metadata ChangeSetName and StackName/],
      [{ StackName: 'a' }, 'MissingParameterValueException', /needs Metadata ChangeSetName:/],
      [{ StackName: '1st', ChangeSetName: 'cs' }, 'InvalidParameterValueException', /Invalid StackName '1st': stack names are 1 to 128 letters, digits and hyphens, starting with a letter/],
      [{ StackName: 's', ChangeSetName: 'c_s' }, 'InvalidParameterValueException', /Invalid ChangeSetName 'c_s'/],
      [{ StackName: 's', ChangeSetName: 'cs', StackParameters: '{' }, 'InvalidParameterValueException', /Invalid StackParameters: it is the JSON/],
      [{ StackName: 's', ChangeSetName: 'cs', targetTableName: 'x' }, 'InvalidParameterValueException', /Metadata key 'targetTableName' is not accepted for a CloudFormation restore; the accepted keys are ChangeSetName, StackName, /],
    ];
    for (const [metadata, name, message] of cases) {
      const e = await errorOf(() => restore(template, metadata));
      assert.equal(e.name, name, JSON.stringify(metadata));
      assert.match(e.message, message);
    }
  });

  it('is disassociated and restored alone like any nested point', async () => {
    const { parent, template } = await composite();
    await t.client.send(new DisassociateRecoveryPointFromParentCommand({ BackupVaultName: 'v1', RecoveryPointArn: template }));
    const alone = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: template }));
    assert.deepEqual([alone.ParentRecoveryPointArn, alone.ResourceType, alone.IsParent], [undefined, 'CloudFormation', false]);
    assert.equal((await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: parent }))).Status, 'PARTIAL');
    const { RestoreJobId } = await restore(template, { StackName: 'alone', ChangeSetName: 'cs' });
    await t.advance(60);
    assert.equal((await restoreJob(RestoreJobId!)).Status, 'COMPLETED');
  });
});

/**
 * A backup, its recovery point, a cross-region copy and a legal hold through each AWS CLI on the
 * machine (their timestamp and path serializers differ from the JS SDK's): the clock is moved with
 * Holdfast's admin API, as a user's CI script would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsBackup, awsClients } from '../helpers/aws-clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('jobs end to end with the AWS CLI', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  for (const [index, cli] of awsClients.entries()) {
    it(`${cli.label}: backup, recovery point, cross-region copy, legal hold`, { skip: cli.skip }, async () => {
      const account = `44444444444${index}`;
      const east = awsBackup(cli.bin!, t.url, account, 'us-east-1');
      const west = awsBackup(cli.bin!, t.url, account, 'us-west-2');
      const role = `arn:aws:iam::${account}:role/AWSBackupDefaultServiceRole`;
      const volume = `arn:aws:ec2:us-east-1:${account}:volume/vol-0e2e${index}`;
      await east.json('create-backup-vault', '--backup-vault-name', 'main');
      await west.json('create-backup-vault', '--backup-vault-name', 'dr');

      const started = await east.json('start-backup-job', '--backup-vault-name', 'main', '--resource-arn', volume, '--iam-role-arn', role, '--lifecycle', 'DeleteAfterDays=30');
      assert.equal(started.RecoveryPointArn, undefined, 'AWS answers it only for EFS and advanced DynamoDB');
      assert.equal((await east.json('describe-backup-job', '--backup-job-id', started.BackupJobId)).State, 'CREATED');
      await t.advance(3600);
      const job = await east.json('describe-backup-job', '--backup-job-id', started.BackupJobId);
      assert.equal(job.State, 'COMPLETED');
      const since = new Date(t.hf.clock.nowMs() - 86_400_000).toISOString();
      const listed = await east.json('list-backup-jobs', '--by-state', 'COMPLETED', '--by-created-after', since);
      assert.deepEqual(listed.BackupJobs.map((j: { BackupJobId: string }) => j.BackupJobId), [started.BackupJobId]);

      const points = (await east.json('list-recovery-points-by-backup-vault', '--backup-vault-name', 'main')).RecoveryPoints;
      assert.equal(points.length, 1);
      const point = points[0].RecoveryPointArn as string;
      assert.match(point, /^arn:aws:ec2:us-east-1::snapshot\/snap-/);
      assert.equal((await east.json('describe-recovery-point', '--backup-vault-name', 'main', '--recovery-point-arn', point)).Status, 'COMPLETED');

      const copy = await east.json(
        'start-copy-job', '--recovery-point-arn', point, '--source-backup-vault-name', 'main',
        '--destination-backup-vault-arn', `arn:aws:backup:us-west-2:${account}:backup-vault:dr`, '--iam-role-arn', role,
      );
      await t.advance(3600);
      const copied = await east.json('describe-copy-job', '--copy-job-id', copy.CopyJobId);
      assert.equal(copied.CopyJob.State, 'COMPLETED');
      const inDr = (await west.json('list-recovery-points-by-backup-vault', '--backup-vault-name', 'dr')).RecoveryPoints;
      assert.deepEqual(inDr.map((p: { RecoveryPointArn: string }) => p.RecoveryPointArn), [copied.CopyJob.DestinationRecoveryPointArn]);
      assert.equal(inDr[0].SourceBackupVaultArn, `arn:aws:backup:us-east-1:${account}:backup-vault:main`);

      const hold = await east.json('create-legal-hold', '--title', 'case', '--description', 'keep', '--recovery-point-selection', 'VaultNames=main');
      await t.advance(60);
      assert.equal((await east.json('get-legal-hold', '--legal-hold-id', hold.LegalHoldId)).Status, 'ACTIVE');
      const refused = await east.aws('delete-recovery-point', '--backup-vault-name', 'main', '--recovery-point-arn', point);
      assert.notEqual(refused.code, 0);
      // AWS's text (docs/error-messages.md), as the CLI prints it.
      assert.match(
        refused.stderr,
        /An error occurred \(InvalidRequestException\) when calling the DeleteRecoveryPoint operation: The recovery point cannot be deleted because it has active legal hold\(s\)\s*$/,
      );
      await east.json('cancel-legal-hold', '--legal-hold-id', hold.LegalHoldId, '--cancel-description', 'settled');
      await t.advance(60);
      await east.json('delete-recovery-point', '--backup-vault-name', 'main', '--recovery-point-arn', point);
    });
  }
});

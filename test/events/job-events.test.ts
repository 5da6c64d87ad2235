/**
 * Job State Change events and the vault notifications of jobs, as AWS writes them: a backup job
 * failed through the inventory, a completed one, a copy and a restore; each event stamped with the
 * business instant of its transition.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  PutBackupVaultNotificationsCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { suiteServer } from '../helpers/suite.js';
import { completedBackup, ROLE } from '../helpers/backups.js';

const VOLUME = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcdef0';
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:backup-events';

describe('job events', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'] });
  const log = async (query = ''): Promise<any[]> => (await t.admin('GET', `/events?maxResults=1000${query}`)).json.events;
  const notify = (events: string[], vault = 'v1') =>
    t.client.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: vault, SNSTopicArn: TOPIC, BackupVaultEvents: events as any }));

  it('a backup job failed through the inventory: CREATED, RUNNING, FAILED and BACKUP_JOB_COMPLETED with State FAILED', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, backupOutcome: 'FAILED', failureMessage: 'The volume is gone.', backupDurationSeconds: 120 }] });
    await notify(['BACKUP_JOB_STARTED', 'BACKUP_JOB_COMPLETED', 'BACKUP_JOB_FAILED']);
    const { BackupJobId } = await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE }));
    await t.advance(600);
    const jobs = await log(`&resource=${BackupJobId}`);
    const events = jobs.filter((e) => e.channel === 'eventbridge').map((e) => e.payload);
    assert.deepEqual(events.map((e) => [e['detail-type'], e.detail.state, e.time]), [
      ['Backup Job State Change', 'CREATED', t.at(0).toISOString().replace('.000Z', 'Z')],
      ['Backup Job State Change', 'RUNNING', events[1].time],
      ['Backup Job State Change', 'FAILED', events[2].time],
    ]);
    assert.deepEqual(events[0].detail, { backupJobId: BackupJobId, state: 'CREATED', creationDate: t.at(0).toISOString() });
    const failed = events[2].detail;
    assert.equal(failed.backupVaultName, 'v1');
    assert.equal(failed.backupVaultArn, 'arn:aws:backup:us-east-1:111111111111:backup-vault:v1');
    assert.equal(failed.resourceArn, VOLUME);
    assert.equal(failed.resourceType, 'EBS');
    assert.equal(failed.iamRoleArn, ROLE);
    assert.equal(failed.statusMessage, 'The volume is gone.');
    assert.equal(failed.bytesTransferred, '0');
    assert.equal(typeof failed.percentDone, 'number');
    assert.ok(Date.parse(failed.completionDate) > Date.parse(failed.creationDate));
    assert.deepEqual(events[2].resources, []);
    assert.equal(Date.parse(events[2].time), Math.floor(Date.parse(failed.completionDate) / 1000) * 1000);

    const sns = jobs.filter((e) => e.channel === 'sns');
    assert.deepEqual(sns.map((e) => [e.target, e.detailType, e.payload.MessageAttributes.State.StringValue]), [
      [TOPIC, 'BACKUP_JOB_STARTED', 'RUNNING'],
      [TOPIC, 'BACKUP_JOB_COMPLETED', 'FAILED'],
    ]);
    const n = sns[1].payload;
    assert.equal(n.Subject, 'Notification from AWS Backup');
    assert.equal(n.Message, `An AWS Backup job failed. Resource ARN : ${VOLUME}. BackupJob ID : ${BackupJobId}`);
    assert.deepEqual(n.MessageAttributes, {
      EventType: { DataType: 'String', StringValue: 'BACKUP_JOB' },
      State: { DataType: 'String', StringValue: 'FAILED' },
      AccountId: { DataType: 'String', StringValue: '111111111111' },
      Id: { DataType: 'String', StringValue: BackupJobId },
      StartTime: { DataType: 'String', StringValue: t.at(0).toISOString() },
    });
  });

  it('a completed backup names its recovery point; a copy and a restore announce theirs', async () => {
    await notify(['BACKUP_JOB_COMPLETED', 'COPY_JOB_SUCCESSFUL', 'RESTORE_JOB_STARTED', 'RESTORE_JOB_COMPLETED']);
    const done = await completedBackup(t, { ResourceArn: VOLUME });
    const completed = (await log(`&resource=${done.BackupJobId}&detailType=Backup%20Job%20State%20Change`)).at(-1).payload;
    assert.equal(completed.detail.state, 'COMPLETED');
    assert.equal(completed.detail.percentDone, 100);
    assert.deepEqual(completed.resources, [done.RecoveryPointArn]);
    const okNote = (await log(`&resource=${done.BackupJobId}&detailType=BACKUP_JOB_COMPLETED`))[0].payload;
    assert.equal(okNote.Message, `An AWS Backup job was completed successfully. Recovery point ARN: ${done.RecoveryPointArn}. Resource ARN : ${VOLUME}. BackupJob ID : ${done.BackupJobId}`);

    const { CopyJobId } = await t.client.send(
      new StartCopyJobCommand({
        SourceBackupVaultName: 'v1',
        RecoveryPointArn: done.RecoveryPointArn,
        DestinationBackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:v2',
        IamRoleArn: ROLE,
      }),
    );
    await t.advance(600);
    const copy = (await log(`&resource=${CopyJobId}`)).filter((e) => e.channel === 'eventbridge').map((e) => e.payload);
    assert.deepEqual(copy.map((e) => e.detail.state), ['CREATED', 'RUNNING', 'COMPLETED']);
    assert.deepEqual(copy[0].detail, {
      creationDate: copy[0].detail.creationDate,
      state: 'CREATED',
      sourceBackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:v1',
      destinationBackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:v2',
    });
    assert.deepEqual(copy[1].detail.destinationRecoveryPointArn, {});
    assert.match(copy[2].detail.destinationRecoveryPointArn, /^arn:aws:ec2:us-east-1::snapshot\//);
    assert.deepEqual(copy[2].resources, [done.RecoveryPointArn]);
    assert.equal((await log(`&resource=${CopyJobId}&detailType=COPY_JOB_SUCCESSFUL`)).length, 1);

    const { RestoreJobId } = await t.client.send(
      new StartRestoreJobCommand({ RecoveryPointArn: done.RecoveryPointArn, IamRoleArn: ROLE, Metadata: { AvailabilityZone: 'us-east-1a' } }),
    );
    await t.advance(600);
    const restore = (await log(`&resource=${RestoreJobId}`)).filter((e) => e.channel === 'eventbridge').map((e) => e.payload.detail);
    // AWS: CREATED says "state", every later one "status".
    assert.deepEqual(restore.map((d) => d.state ?? `status ${d.status}`), ['CREATED', 'status PENDING', 'status RUNNING', 'status COMPLETED']);
    assert.equal(restore[3].recoveryPointArn, done.RecoveryPointArn);
    assert.match(restore[3].createdResourceArn, /^arn:aws:ec2:us-east-1:111111111111:volume\//);
    const notes = (await log(`&resource=${RestoreJobId}`)).filter((e) => e.channel === 'sns').map((e) => e.detailType);
    assert.deepEqual(notes, ['RESTORE_JOB_STARTED', 'RESTORE_JOB_COMPLETED']);
  });

  it('an S3 backup that completes with issues notifies S3_BACKUP_OBJECT_FAILED; one without issues does not', async () => {
    const bucket = (name: string): string => `arn:aws:s3:::${name}`;
    await t.admin('PUT', '/resources', { resources: [{ arn: bucket('partly'), failureMessage: '3 objects could not be read (AccessDenied).' }, { arn: bucket('whole') }] });
    await notify(['S3_BACKUP_OBJECT_FAILED']);
    const partly = await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: bucket('partly'), IamRoleArn: ROLE }));
    const whole = await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: bucket('whole'), IamRoleArn: ROLE }));
    await t.advance(600);
    const notes = await log('&detailType=S3_BACKUP_OBJECT_FAILED');
    assert.deepEqual(notes.map((e) => e.resources[0]), [partly.BackupJobId]);
    const n = notes[0].payload;
    const completedEvent = (await log(`&resource=${partly.BackupJobId}&detailType=${encodeURIComponent('Backup Job State Change')}`)).at(-1).payload;
    const [completedPoint] = completedEvent.resources;
    assert.equal(
      n.Message,
      `An AWS Backup job completed with objects that failed to back up. Recovery point ARN: ${completedPoint}. Resource ARN : ${bucket('partly')}. BackupJob ID : ${partly.BackupJobId}. Status message: 3 objects could not be read (AccessDenied).`,
    );
    assert.deepEqual([n.MessageAttributes.EventType.StringValue, n.MessageAttributes.State.StringValue], ['S3_BACKUP_OBJECT_FAILED', 'COMPLETED']);
    // The job itself completed: its EventBridge event says COMPLETED, with the status message.
    const completed = completedEvent.detail;
    assert.deepEqual([completed.state, completed.statusMessage], ['COMPLETED', '3 objects could not be read (AccessDenied).']);
    assert.equal((await log(`&resource=${whole.BackupJobId}&detailType=S3_BACKUP_OBJECT_FAILED`)).length, 0);
  });

  it('a continuous backup job that fails notifies CONTINUOUS_BACKUP_INTERRUPTED; a snapshot job that fails does not', async () => {
    const db = 'arn:aws:rds:us-east-1:111111111111:db:orders';
    const other = 'arn:aws:rds:us-east-1:111111111111:db:ledger';
    await t.admin('PUT', '/resources', { resources: [db, other].map((arn) => ({ arn, backupOutcome: 'FAILED', failureMessage: 'Backup permissions were removed.' })) });
    await notify(['CONTINUOUS_BACKUP_INTERRUPTED', 'BACKUP_JOB_COMPLETED'], 'v2');
    const rule = (name: string, continuous: boolean) => ({ RuleName: name, TargetBackupVaultName: 'v2', ScheduleExpression: 'cron(0 5 ? * * *)', EnableContinuousBackup: continuous, Lifecycle: { DeleteAfterDays: 35 } });
    for (const [name, continuous, arn] of [['pitr', true, db], ['daily', false, other]] as const) {
      const plan = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: name, Rules: [rule(name, continuous)] } }));
      await t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 'sel', IamRoleArn: ROLE, Resources: [arn] } }));
    }
    await t.advance(86400);
    const interrupted = await log('&detailType=CONTINUOUS_BACKUP_INTERRUPTED');
    assert.deepEqual(interrupted.map((e) => e.resources[1]), [db]);
    const n = interrupted[0].payload;
    const jobId = interrupted[0].resources[0];
    assert.equal(n.Message, `An AWS Backup continuous backup was interrupted. Resource ARN : ${db}. BackupJob ID : ${jobId}`);
    assert.deepEqual([n.MessageAttributes.EventType.StringValue, n.MessageAttributes.State.StringValue], ['CONTINUOUS_BACKUP_INTERRUPTED', 'FAILED']);
    // Both failures are notified as BACKUP_JOB_COMPLETED too.
    assert.deepEqual((await log('&detailType=BACKUP_JOB_COMPLETED')).filter((e) => e.target === TOPIC && [db, other].includes(e.resources[1])).length, 2);
  });

  it('the deprecated BackupVaultEvents values are accepted and notify nothing, as AWS says', async () => {
    const deprecated = ['BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_FAILED', 'BACKUP_JOB_EXPIRED', 'RESTORE_JOB_SUCCESSFUL', 'RESTORE_JOB_FAILED', 'BACKUP_PLAN_CREATED', 'BACKUP_PLAN_MODIFIED'];
    await notify(deprecated);
    const plan = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'p', Rules: [{ RuleName: 'r', TargetBackupVaultName: 'v1' }] } }));
    const done = await completedBackup(t, { ResourceArn: VOLUME });
    const failing = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcdef1';
    await t.admin('PUT', '/resources', { resources: [{ arn: failing, backupOutcome: 'FAILED' }] });
    await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: failing, IamRoleArn: ROLE }));
    await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: done.RecoveryPointArn, IamRoleArn: ROLE, Metadata: { AvailabilityZone: 'us-east-1a' } }));
    await t.advance(600);
    const all = await log();
    assert.ok(all.some((e) => e.payload['detail-type'] === 'Backup Plan State Change' && e.resources.includes(plan.BackupPlanArn)), 'the plan was announced on EventBridge');
    assert.ok(all.some((e) => e.payload.detail?.state === 'FAILED'), 'a backup job failed');
    assert.ok(all.some((e) => e.payload.detail?.status === 'COMPLETED'), 'a restore job completed');
    assert.deepEqual(all.filter((e) => e.channel === 'sns'), []);
  });
});

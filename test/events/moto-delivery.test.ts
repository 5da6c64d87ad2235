/**
 * Delivery to real SNS and EventBridge peers (moto's server): a backup job failure injected
 * through the inventory reaches an SQS queue subscribed to the vault's SNS topic as AWS Backup's
 * BACKUP_JOB_COMPLETED notification, and an SQS queue targeted by an EventBridge rule on
 * source aws.backup as the Backup Job State Change event; an S3 restore that leaves objects out
 * reaches the subscriber as S3_RESTORE_OBJECT_FAILED.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutBackupVaultNotificationsCommand, StartBackupJobCommand, StartRestoreJobCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { motoMissing, startMoto, type Moto } from '../helpers/moto.js';
import { completedBackup, ROLE } from '../helpers/backups.js';

/** moto's default account: its resources live there whatever key signs. */
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const VOLUME = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0fa11ed0000000000`;
const missing = motoMissing();

describe('delivery to moto', { skip: missing && `skipped: ${missing}` }, () => {
  let moto: Moto;
  let t: TestServer;
  let sqs: SQSClient;
  const peer = { accessKeyId: 'test', secretAccessKey: 'test' };
  before(async () => {
    moto = await startMoto();
    t = await startTestServer({ events: { eventBridge: { endpoint: moto.url, ...peer }, sns: { endpoint: moto.url, ...peer } } });
    sqs = new SQSClient({ endpoint: moto.url, region: REGION, credentials: peer });
  });
  after(async () => {
    sqs?.destroy();
    await t?.close();
    await moto?.close();
  });

  const queue = async (name: string): Promise<{ url: string; arn: string }> => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return { url, arn: attrs.Attributes!.QueueArn! };
  };
  /** Bodies received on the queue until `until` holds (long polls of 1 s, bounded). */
  const receive = async (url: string, until: (bodies: any[]) => boolean): Promise<any[]> => {
    const bodies: any[] = [];
    for (let i = 0; i < 30 && !until(bodies); i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of out.Messages ?? []) bodies.push(JSON.parse(m.Body!));
    }
    return bodies;
  };

  it('a backup job failure reaches the vault topic subscriber and the EventBridge rule target', async () => {
    const sns = new SNSClient({ endpoint: moto.url, region: REGION, credentials: peer });
    const events = new EventBridgeClient({ endpoint: moto.url, region: REGION, credentials: peer });
    try {
      const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'backup-notifications' }))).TopicArn!;
      const notes = await queue('backup-notifications');
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: notes.arn }));
      const bus = await queue('backup-events');
      await events.send(new PutRuleCommand({ Name: 'backup-failures', EventPattern: JSON.stringify({ source: ['aws.backup'], 'detail-type': ['Backup Job State Change'] }) }));
      await events.send(new PutTargetsCommand({ Rule: 'backup-failures', Targets: [{ Id: 'q', Arn: bus.arn }] }));

      const backup = t.clientFor(ACCOUNT, REGION);
      await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault' }));
      await backup.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'vault', SNSTopicArn: topicArn, BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] }));
      await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, backupOutcome: 'FAILED', failureMessage: 'Injected failure.' }] });
      const { BackupJobId } = await backup.send(new StartBackupJobCommand({ BackupVaultName: 'vault', ResourceArn: VOLUME, IamRoleArn: ROLE.replace('111111111111', ACCOUNT) }));
      await t.advance(3600);

      const [note] = await receive(notes.url, (b) => b.length >= 1);
      assert.ok(note, 'the SNS subscriber queue got the notification');
      assert.equal(note.Type, 'Notification');
      assert.equal(note.TopicArn, topicArn);
      assert.equal(note.Subject, 'Notification from AWS Backup');
      assert.equal(note.Message, `An AWS Backup job failed. Resource ARN : ${VOLUME}. BackupJob ID : ${BackupJobId}`);
      assert.deepEqual(note.MessageAttributes.State, { Type: 'String', Value: 'FAILED' });
      assert.deepEqual(note.MessageAttributes.EventType, { Type: 'String', Value: 'BACKUP_JOB' });
      assert.deepEqual(note.MessageAttributes.Id, { Type: 'String', Value: BackupJobId });

      const received = await receive(bus.url, (b) => b.some((e) => e.detail?.state === 'FAILED'));
      const failed = received.find((e) => e.detail?.state === 'FAILED');
      assert.ok(failed, `the rule's queue got the FAILED event (got ${JSON.stringify(received.map((e) => e.detail?.state))})`);
      assert.equal(failed.source, 'aws.backup');
      assert.equal(failed['detail-type'], 'Backup Job State Change');
      // (moto leaves `account` out of what it forwards to SQS; PutEvents signs for ACCOUNT's default bus.)
      assert.equal(failed.region, REGION);
      assert.equal(failed.detail.backupJobId, BackupJobId);
      assert.equal(failed.detail.statusMessage, 'Injected failure.');
      const logged = (await t.admin('GET', `/events?resource=${BackupJobId}`)).json.events;
      const failedEntry = logged.find((e: any) => e.channel === 'eventbridge' && e.payload.detail.state === 'FAILED');
      assert.equal(failed.time, failedEntry.payload.time, 'the business instant of the failure');
      assert.deepEqual(new Set(logged.map((e: any) => e.delivery.state)), new Set(['delivered']));
    } finally {
      sns.destroy();
      events.destroy();
    }
  });

  it('an S3 restore that leaves objects out reaches the topic subscriber as S3_RESTORE_OBJECT_FAILED', async () => {
    const sns = new SNSClient({ endpoint: moto.url, region: REGION, credentials: peer });
    try {
      const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'restore-notifications' }))).TopicArn!;
      const notes = await queue('restore-notifications');
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: notes.arn }));
      const backup = t.clientFor(ACCOUNT, REGION);
      await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'objects' }));
      await backup.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'objects', SNSTopicArn: topicArn, BackupVaultEvents: ['S3_RESTORE_OBJECT_FAILED'] }));
      const bucket = 'arn:aws:s3:::moto-restores';
      await t.admin('PUT', '/resources', { resources: [{ arn: bucket, restoreFailureMessage: '1 object was not restored.' }] });
      const role = ROLE.replace('111111111111', ACCOUNT);
      const point = await completedBackup(t, { ResourceArn: bucket, BackupVaultName: 'objects', IamRoleArn: role }, { client: backup });
      const { RestoreJobId } = await backup.send(new StartRestoreJobCommand({ RecoveryPointArn: point.RecoveryPointArn, IamRoleArn: role, Metadata: {} }));
      await t.advance(600);

      const [note] = await receive(notes.url, (b) => b.length >= 1);
      assert.ok(note, 'the SNS subscriber queue got the notification');
      assert.match(note.Message, /^An AWS Backup restore job completed with objects that failed to restore\. .*Status message: 1 object was not restored\.$/);
      assert.deepEqual(note.MessageAttributes.EventType, { Type: 'String', Value: 'S3_RESTORE_OBJECT_FAILED' });
      assert.deepEqual(note.MessageAttributes.Id, { Type: 'String', Value: RestoreJobId });
    } finally {
      sns.destroy();
    }
  });
});

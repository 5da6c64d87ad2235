import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteBackupVaultAccessPolicyCommand,
  DeleteBackupVaultNotificationsCommand,
  GetBackupVaultAccessPolicyCommand,
  GetBackupVaultNotificationsCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultNotificationsCommand,
  type BackupVaultEvent,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { VAULT_KIND, type VaultRecord } from '../../src/services/vaults/vault-record.js';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'backup:DeleteRecoveryPoint', Resource: '*' }],
});
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:vault-events`;

describe('backup vault access policy', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const get = () => t.client.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1' }));

  it('stores, returns and deletes the policy document', async () => {
    const none = await errorOf(get);
    assert.equal(none.name, 'ResourceNotFoundException');
    assert.equal(none.message, `Backup Vault arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1 has no associated POLICY`);
    await t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1', Policy: POLICY }));
    const got = await get();
    assert.equal(got.Policy, POLICY);
    assert.equal(got.BackupVaultName, 'v1');
    assert.equal(got.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    // Copy jobs of other domains read it from the vault record.
    const record = await t.hf.store.docs<VaultRecord>(VAULT_KIND).get({ accountId: ACCOUNT, region: 'us-east-1' }, 'v1');
    assert.equal(record?.accessPolicy, POLICY);
    await t.client.send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1' }));
    assert.equal((await errorOf(get)).name, 'ResourceNotFoundException');
    // Deleting again is harmless.
    await t.client.send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1' }));
  });

  it('refuses documents that are not JSON object policies', async () => {
    const bad: [string, RegExp][] = [
      ['{not json', /not valid JSON/],
      ['[]', /must be a JSON object/],
      ['"text"', /must be a JSON object/],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*' }] }), /Version must be "2012-10-17"/],
      [JSON.stringify({ Version: '2012-10-17' }), /must have a Statement/],
      [JSON.stringify({ Version: '2012-10-17', Statement: [] }), /must have a Statement/],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*' }] }), /Statement 0 .* Effect of "Allow" or "Deny"/],
      [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow' } }), /Statement 0 .* Action or NotAction/],
    ];
    for (const [policy, message] of bad) {
      const e = await errorOf(() => t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1', Policy: policy })));
      assert.equal(e.name, 'InvalidParameterValueException', policy);
      assert.match(e.message, message);
    }
    const missing = await errorOf(() => t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1' })));
    assert.equal(missing.name, 'MissingParameterValueException');
    assert.equal((await errorOf(get)).name, 'ResourceNotFoundException');
  });

  it('answers ResourceNotFoundException for a missing vault', async () => {
    for (const cmd of [
      new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'nope', Policy: POLICY }),
      new GetBackupVaultAccessPolicyCommand({ BackupVaultName: 'nope' }),
      new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: 'nope' }),
    ]) {
      assert.equal((await errorOf(() => t.client.send(cmd as never))).name, 'ResourceNotFoundException');
    }
  });
});

describe('backup vault notifications', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const put = (SNSTopicArn: string, BackupVaultEvents: string[]) =>
    t.client.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'v1', SNSTopicArn, BackupVaultEvents: BackupVaultEvents as BackupVaultEvent[] }));
  const get = () => t.client.send(new GetBackupVaultNotificationsCommand({ BackupVaultName: 'v1' }));

  it('stores, returns and deletes the topic and events', async () => {
    const none = await errorOf(get);
    assert.equal(none.name, 'ResourceNotFoundException');
    assert.equal(none.message, 'Failed reading notifications from database for Backup vault v1');
    await put(TOPIC, ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'BACKUP_JOB_COMPLETED']);
    const got = await get();
    assert.equal(got.SNSTopicArn, TOPIC);
    assert.deepEqual(got.BackupVaultEvents, ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED']);
    assert.equal(got.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    await put(TOPIC, ['RESTORE_JOB_COMPLETED']);
    assert.deepEqual((await get()).BackupVaultEvents, ['RESTORE_JOB_COMPLETED']);
    await t.client.send(new DeleteBackupVaultNotificationsCommand({ BackupVaultName: 'v1' }));
    assert.equal((await errorOf(get)).name, 'ResourceNotFoundException');
  });

  it('checks the topic ARN and the events', async () => {
    for (const topic of ['not-an-arn', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, 'arn:aws:sns:us-east-1:123:t', `arn:aws:sns:us-east-1:${ACCOUNT}:bad.name`]) {
      const e = await errorOf(() => put(topic, ['BACKUP_JOB_COMPLETED']));
      assert.equal(e.name, 'InvalidParameterValueException', topic);
      assert.match(e.message, /is not an SNS topic ARN/);
    }
    for (const topic of ['arn:aws:sns:us-east-1:222222222222:t', `arn:aws:sns:eu-west-1:${ACCOUNT}:t`]) {
      const e = await errorOf(() => put(topic, ['BACKUP_JOB_COMPLETED']));
      assert.equal(e.name, 'InvalidParameterValueException', topic);
      assert.match(e.message, /must name a topic of this account \(111111111111\) in this Region \(us-east-1\)/);
    }
    assert.match((await errorOf(() => put(`arn:aws:sns:us-east-1:${ACCOUNT}:t.fifo`, ['BACKUP_JOB_COMPLETED']))).message, /is a FIFO topic/);
    // The event enum is checked by the protocol layer against the SDK's BackupVaultEvent values, with AWS's text.
    const unknown = await errorOf(() => put(TOPIC, ['BACKUP_JOB_COMPLETED', 'BACKUP_JOB_EXPLODED']));
    assert.equal(unknown.name, 'InvalidParameterValueException');
    assert.match(unknown.message, /^Please select from the following list of notifications BACKUP_JOB_STARTED, BACKUP_JOB_COMPLETED, /);
    const empty = await errorOf(() => put(TOPIC, []));
    assert.equal(empty.name, 'InvalidParameterValueException');
    const missing = await errorOf(() => t.client.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'v1', SNSTopicArn: TOPIC } as never)));
    assert.equal(missing.name, 'MissingParameterValueException');
    assert.equal((await errorOf(get)).name, 'ResourceNotFoundException');
  });

  it('answers ResourceNotFoundException for a missing vault', async () => {
    const e = await errorOf(() =>
      t.client.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'nope', SNSTopicArn: TOPIC, BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] })),
    );
    assert.equal(e.name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => t.client.send(new DeleteBackupVaultNotificationsCommand({ BackupVaultName: 'nope' })))).name, 'ResourceNotFoundException');
  });
});

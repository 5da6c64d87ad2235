/**
 * End to end through the clients people use: the AWS CLI found on PATH, Debian's awscli package
 * (/usr/bin/aws) when installed, and boto3 on python3. Each does a vault round trip and sees a
 * missing vault as ResourceNotFoundException. A client that is absent is skipped, saying so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsBackup, awsClients, hasBoto3, python, run } from '../helpers/aws-clients.js';
import { startTestServer, T0, type TestServer } from '../helpers/server.js';

describe('end to end with the AWS CLI and boto3', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  for (const [index, cli] of awsClients.entries()) {
    it(`${cli.label}: vault round trip, and a missing vault is ResourceNotFoundException`, { skip: cli.skip }, async () => {
      const account = `22222222222${index}`;
      const { aws, json } = awsBackup(cli.bin!, t.url, account, 'eu-central-1');
      const arn = `arn:aws:backup:eu-central-1:${account}:backup-vault:e2e-vault`;
      const created = await json('create-backup-vault', '--backup-vault-name', 'e2e-vault', '--backup-vault-tags', 'team=core');
      assert.equal(created.BackupVaultArn, arn);
      const described = await json('describe-backup-vault', '--backup-vault-name', 'e2e-vault');
      assert.equal(described.BackupVaultName, 'e2e-vault');
      assert.equal(described.BackupVaultArn, arn);
      assert.equal(described.NumberOfRecoveryPoints, 0);
      const creation = typeof described.CreationDate === 'number' ? described.CreationDate * 1000 : Date.parse(described.CreationDate);
      assert.equal(creation, T0.getTime());
      const listed = await json('list-backup-vaults');
      assert.deepEqual(listed.BackupVaultList.map((v: { BackupVaultName: string }) => v.BackupVaultName), ['e2e-vault']);
      await json('delete-backup-vault', '--backup-vault-name', 'e2e-vault');
      const missing = await aws('describe-backup-vault', '--backup-vault-name', 'e2e-vault');
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /An error occurred \(ResourceNotFoundException\) when calling the DescribeBackupVault operation: Backup vault e2e-vault does not exist/);
      assert.deepEqual((await json('list-backup-vaults')).BackupVaultList, []);
    });
  }

  it('boto3: vault round trip, and a missing vault is ResourceNotFoundException', { skip: hasBoto3 ? false : 'python3 with boto3 not found' }, async () => {
    const script = `
import json, sys, boto3
c = boto3.client('backup', endpoint_url=sys.argv[1], region_name='ap-southeast-2',
                 aws_access_key_id='333333333333', aws_secret_access_key='secret')
out = {}
out['created'] = c.create_backup_vault(BackupVaultName='boto-vault', CreatorRequestId='req-1')['BackupVaultArn']
out['again'] = c.create_backup_vault(BackupVaultName='boto-vault', CreatorRequestId='req-1')['BackupVaultArn']
try:
    c.create_backup_vault(BackupVaultName='boto-vault', CreatorRequestId='req-2')
    out['duplicate'] = 'no error'
except c.exceptions.AlreadyExistsException as e:
    out['duplicate'] = str(e)
d = c.describe_backup_vault(BackupVaultName='boto-vault')
out['described'] = [d['BackupVaultName'], d['CreationDate'].timestamp(), d['VaultType'], d['Locked']]
out['listed'] = [v['BackupVaultName'] for v in c.get_paginator('list_backup_vaults').paginate().build_full_result()['BackupVaultList']]
c.delete_backup_vault(BackupVaultName='boto-vault')
try:
    c.describe_backup_vault(BackupVaultName='boto-vault')
    out['missing'] = 'no error'
except c.exceptions.ResourceNotFoundException as e:
    out['missing'] = [type(e).__name__, e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const r = await run(python!, ['-c', script, t.url], { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const arn = 'arn:aws:backup:ap-southeast-2:333333333333:backup-vault:boto-vault';
    assert.equal(out.created, arn);
    assert.equal(out.again, arn, 'same CreatorRequestId: idempotent');
    // AWS's text (docs/error-messages.md), as botocore formats it: scripts match on 'already exists'.
    assert.equal(out.duplicate, 'An error occurred (AlreadyExistsException) when calling the CreateBackupVault operation: Backup vault with the same name already exists');
    assert.deepEqual(out.described, ['boto-vault', T0.getTime() / 1000, 'BACKUP_VAULT', false]);
    assert.deepEqual(out.listed, ['boto-vault']);
    assert.deepEqual(out.missing, ['ResourceNotFoundException', 'Backup vault boto-vault does not exist.', 400]);
  });
});

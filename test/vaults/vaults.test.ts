import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  DescribeBackupVaultCommand,
  ListBackupVaultsCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, T0, type TestServer } from '../helpers/server.js';

describe('backup vaults', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => void (await t.admin('POST', '/reset')));

  it('creates, describes and deletes a vault', async () => {
    const created = await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1', CreatorRequestId: 'r1' }));
    assert.equal(created.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    assert.deepEqual(created.CreationDate, T0);
    const d = await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }));
    assert.equal(d.BackupVaultName, 'v1');
    assert.equal(d.VaultType, 'BACKUP_VAULT');
    assert.equal(d.VaultState, 'AVAILABLE');
    assert.equal(d.NumberOfRecoveryPoints, 0);
    assert.equal(d.Locked, false);
    assert.match(d.EncryptionKeyArn ?? '', new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT}:key/[0-9a-f-]{36}$`));
    assert.equal(d.CreatorRequestId, 'r1');
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'v1' }));
    const e = await errorOf(() => t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' })));
    assert.equal(e.name, 'ResourceNotFoundException');
  });

  it('is idempotent on CreatorRequestId and refuses a duplicate name otherwise', async () => {
    const a = await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1', CreatorRequestId: 'same' }));
    const b = await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1', CreatorRequestId: 'same' }));
    assert.equal(a.BackupVaultArn, b.BackupVaultArn);
    const e = await errorOf(() => t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1', CreatorRequestId: 'other' })));
    assert.equal(e.name, 'AlreadyExistsException');
    // AWS's text (docs/error-messages.md).
    assert.equal(e.message, 'Backup vault with the same name already exists');
  });

  it('checks vault names', async () => {
    for (const name of ['a', 'x'.repeat(51), 'bad.name', 'sp ace']) {
      const e = await errorOf(() => t.client.send(new CreateBackupVaultCommand({ BackupVaultName: name })));
      assert.equal(e.name, 'InvalidParameterValueException', name);
    }
  });

  it('scopes vaults by account and region', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    const other = t.clientFor('222222222222');
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    assert.equal((await errorOf(() => other.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' })))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => west.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' })))).name, 'ResourceNotFoundException');
    const w = await west.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    assert.equal(w.BackupVaultArn, `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:v1`);
  });

  it('lists vaults in pages with opaque tokens', async () => {
    for (let i = 0; i < 25; i++) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: `vault-${String(i).padStart(2, '0')}` }));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListBackupVaultsCommand({ MaxResults: 10, NextToken: token }));
      assert.ok((page.BackupVaultList ?? []).length <= 10);
      names.push(...(page.BackupVaultList ?? []).map((v) => v.BackupVaultName!));
      token = page.NextToken;
      // A vault created mid-pagination does not disturb the order of what was already listed.
      if (names.length === 10) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'late' }));
    } while (token);
    assert.equal(names.length, 26);
    assert.equal(new Set(names).size, 26);
    const forged = await errorOf(() => t.client.send(new ListBackupVaultsCommand({ NextToken: 'eyJmb28iOjF9.AAAA' })));
    assert.equal(forged.name, 'InvalidParameterValueException');
    const range = await errorOf(() => t.client.send(new ListBackupVaultsCommand({ MaxResults: 1001 })));
    assert.equal(range.name, 'InvalidParameterValueException');
  });
});

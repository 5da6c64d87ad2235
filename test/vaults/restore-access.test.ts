import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AssociateBackupVaultMpaApprovalTeamCommand,
  CreateBackupVaultCommand,
  CreateRestoreAccessBackupVaultCommand,
  DeleteBackupVaultCommand,
  DescribeBackupVaultCommand,
  ListBackupVaultsCommand,
  ListRestoreAccessBackupVaultsCommand,
  ListTagsCommand,
  RevokeRestoreAccessBackupVaultCommand,
  type BackupClient,
  ListRecoveryPointsByBackupVaultCommand,
} from '@aws-sdk/client-backup';
import { completedBackup } from '../helpers/backups.js';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { createAirGappedVault } from '../helpers/air-gapped.js';

const OWNER = ACCOUNT;
const REQUESTER = '222222222222';
const TEAM = 'arn:aws:mpa:us-east-1:999999999999:approval-team/teamA1';
const LAG_ARN = `arn:aws:backup:us-east-1:${OWNER}:backup-vault:lag`;
const ravArn = (name: string, account = REQUESTER): string => `arn:aws:backup:us-east-1:${account}:backup-vault:${name}`;

describe('restore access backup vaults', () => {
  let t: TestServer;
  let owner: BackupClient;
  let requester: BackupClient;
  before(async () => {
    t = await startTestServer();
    owner = t.client;
    requester = t.clientFor(REQUESTER);
  });
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    await createAirGappedVault(t, { BackupVaultName: 'lag' }, owner);
    await owner.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: TEAM }));
  });

  const request = (extra: Partial<ConstructorParameters<typeof CreateRestoreAccessBackupVaultCommand>[0]> = {}, client = requester) =>
    client.send(new CreateRestoreAccessBackupVaultCommand({ SourceBackupVaultArn: LAG_ARN, ...extra }));
  const listFor = async (name = 'lag') => (await owner.send(new ListRestoreAccessBackupVaultsCommand({ BackupVaultName: name }))).RestoreAccessBackupVaults!;

  it('creates a read-only view of the source vault that turns AVAILABLE on the clock', async () => {
    await completedBackup(
      t,
      { BackupVaultName: 'lag', ResourceArn: `arn:aws:dynamodb:us-east-1:${OWNER}:table/orders`, IamRoleArn: `arn:aws:iam::${OWNER}:role/AWSBackupDefaultServiceRole`, Lifecycle: { DeleteAfterDays: 14 } },
      { client: owner },
    );
    const sourcePoints = (await owner.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag' }))).NumberOfRecoveryPoints;
    assert.equal(sourcePoints, 1);

    const created = new Date(t.hf.clock.nowMs());
    const out = await request({ BackupVaultName: 'recovery', BackupVaultTags: { purpose: 'dr' }, RequesterComment: 'incident 42' });
    assert.deepEqual(
      { ...out, $metadata: undefined },
      { RestoreAccessBackupVaultArn: ravArn('recovery'), RestoreAccessBackupVaultName: 'recovery', VaultState: 'CREATING', CreationDate: created, $metadata: undefined },
    );

    const d = await requester.send(new DescribeBackupVaultCommand({ BackupVaultName: 'recovery' }));
    assert.equal(d.VaultType, 'RESTORE_ACCESS_BACKUP_VAULT');
    assert.equal(d.VaultState, 'CREATING');
    assert.equal(d.SourceBackupVaultArn, LAG_ARN);
    assert.match(d.MpaSessionArn ?? '', /^arn:aws:mpa:us-east-1:999999999999:session\/teamA1\/[0-9a-f-]{36}$/);
    assert.equal(d.NumberOfRecoveryPoints, sourcePoints, "the source vault's recovery points");
    const ownPoints = (await owner.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'lag' }))).RecoveryPoints!;
    const shown = (await requester.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'recovery' }))).RecoveryPoints!;
    assert.deepEqual(shown.map((p) => p.RecoveryPointArn), ownPoints.map((p) => p.RecoveryPointArn), "it lists the source vault's recovery points");
    assert.deepEqual((await requester.send(new ListTagsCommand({ ResourceArn: ravArn('recovery') }))).Tags, { purpose: 'dr' });
    const listed = (await requester.send(new ListBackupVaultsCommand({ ByVaultType: 'RESTORE_ACCESS_BACKUP_VAULT' }))).BackupVaultList!;
    assert.deepEqual(listed.map((v) => [v.BackupVaultName, v.VaultType, v.VaultState]), [['recovery', 'RESTORE_ACCESS_BACKUP_VAULT', 'CREATING']]);

    assert.deepEqual(await listFor(), [{ RestoreAccessBackupVaultArn: ravArn('recovery'), CreationDate: created, VaultState: 'CREATING' }]);
    await t.advance(59);
    assert.equal((await requester.send(new DescribeBackupVaultCommand({ BackupVaultName: 'recovery' }))).VaultState, 'CREATING');
    await t.advance(1);
    assert.equal((await requester.send(new DescribeBackupVaultCommand({ BackupVaultName: 'recovery' }))).VaultState, 'AVAILABLE');
    const approved = new Date(created.getTime() + 60_000);
    assert.deepEqual(await listFor(), [{ RestoreAccessBackupVaultArn: ravArn('recovery'), CreationDate: created, ApprovalDate: approved, VaultState: 'AVAILABLE' }]);
    // The owner's vault is untouched, and nobody else sees the restore access vault.
    assert.equal((await errorOf(() => owner.send(new DescribeBackupVaultCommand({ BackupVaultName: 'recovery' })))).name, 'ResourceNotFoundException');
  });

  it('is idempotent on CreatorRequestId, with or without a name', async () => {
    const a = await request({ CreatorRequestId: 'tok-1' });
    const b = await request({ CreatorRequestId: 'tok-1' });
    assert.match(a.RestoreAccessBackupVaultName ?? '', /^restore-access-[0-9a-f]{8}$/);
    assert.equal(b.RestoreAccessBackupVaultArn, a.RestoreAccessBackupVaultArn);
    const c = await request({ CreatorRequestId: 'tok-2' });
    assert.notEqual(c.RestoreAccessBackupVaultArn, a.RestoreAccessBackupVaultArn);
    await request({ BackupVaultName: 'named', CreatorRequestId: 'tok-3' });
    assert.equal((await request({ BackupVaultName: 'named', CreatorRequestId: 'tok-3' })).RestoreAccessBackupVaultName, 'named');
    const dup = await errorOf(() => request({ BackupVaultName: 'named', CreatorRequestId: 'tok-4' }));
    assert.equal(dup.name, 'AlreadyExistsException');
    await requester.send(new CreateBackupVaultCommand({ BackupVaultName: 'plain' }));
    assert.equal((await errorOf(() => request({ BackupVaultName: 'plain' }))).name, 'AlreadyExistsException');
    assert.equal((await listFor()).length, 3);
  });

  it('checks the source vault and the request', async () => {
    await owner.send(new CreateBackupVaultCommand({ BackupVaultName: 'std' }));
    await createAirGappedVault(t, { BackupVaultName: 'lag2' }, owner);
    const cases: [string, () => Promise<unknown>, string, RegExp][] = [
      ['not an ARN', () => request({ SourceBackupVaultArn: 'lag' }), 'InvalidParameterValueException', /not a backup vault ARN/],
      ['plan ARN', () => request({ SourceBackupVaultArn: `arn:aws:backup:us-east-1:${OWNER}:backup-plan:x` }), 'InvalidParameterValueException', /not a backup vault ARN/],
      ['other region', () => request({ SourceBackupVaultArn: `arn:aws:backup:us-west-2:${OWNER}:backup-vault:lag` }), 'InvalidParameterValueException', /in us-west-2/],
      ['not a Region', () => request({ SourceBackupVaultArn: `arn:aws:backup:moon:${OWNER}:backup-vault:lag` }), 'InvalidParameterValueException', /not a backup vault ARN/],
      ['missing', () => request({ SourceBackupVaultArn: `arn:aws:backup:us-east-1:${OWNER}:backup-vault:nope` }), 'ResourceNotFoundException', /does not exist/],
      ['standard', () => request({ SourceBackupVaultArn: `arn:aws:backup:us-east-1:${OWNER}:backup-vault:std` }), 'InvalidRequestException', /std is a BACKUP_VAULT/],
      // A backup vault ARN in any aws* partition (the model's ARN patterns), but Holdfast's vaults are all in aws.
      ['aws-us-gov partition', () => request({ SourceBackupVaultArn: `arn:aws-us-gov:backup:us-east-1:${OWNER}:backup-vault:std` }), 'ResourceNotFoundException', /does not exist/],
      ['no team', () => request({ SourceBackupVaultArn: `arn:aws:backup:us-east-1:${OWNER}:backup-vault:lag2` }), 'InvalidRequestException', /no MPA approval team/],
      ['bad name', () => request({ BackupVaultName: 'x' }), 'InvalidParameterValueException', /Invalid backup vault name/],
      ['bad tag', () => request({ BackupVaultTags: { 'aws:k': 'v' } }), 'InvalidParameterValueException', /reserved/],
      ['no source', () => request({ SourceBackupVaultArn: undefined }), 'MissingParameterValueException', /SourceBackupVaultArn/],
    ];
    for (const [label, send, name, message] of cases) {
      const e = await errorOf(send);
      assert.equal(e.name, name, label);
      assert.match(e.message, message, label);
    }
    assert.deepEqual(await listFor(), []);
    assert.equal((await errorOf(() => listFor('std'))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => listFor('nope'))).name, 'ResourceNotFoundException');
  });

  it('revokes access at once, deleting the restore access vault', async () => {
    await request({ BackupVaultName: 'r1', BackupVaultTags: { a: 'b' } });
    await request({ BackupVaultName: 'r2' });
    await createAirGappedVault(t, { BackupVaultName: 'lag2' }, owner);
    const wrongSource = await errorOf(() => owner.send(new RevokeRestoreAccessBackupVaultCommand({ BackupVaultName: 'lag2', RestoreAccessBackupVaultArn: ravArn('r1') })));
    assert.equal(wrongSource.name, 'ResourceNotFoundException');
    assert.match(wrongSource.message, /does not exist for backup vault lag2/);
    const unknown = await errorOf(() => owner.send(new RevokeRestoreAccessBackupVaultCommand({ BackupVaultName: 'lag', RestoreAccessBackupVaultArn: ravArn('zz') })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
    // Only the source's owner can revoke: the requester has no vault named lag.
    const byRequester = await errorOf(() => requester.send(new RevokeRestoreAccessBackupVaultCommand({ BackupVaultName: 'lag', RestoreAccessBackupVaultArn: ravArn('r1') })));
    assert.equal(byRequester.name, 'ResourceNotFoundException');

    await owner.send(new RevokeRestoreAccessBackupVaultCommand({ BackupVaultName: 'lag', RestoreAccessBackupVaultArn: ravArn('r1'), RequesterComment: 'over' }));
    assert.equal((await errorOf(() => requester.send(new DescribeBackupVaultCommand({ BackupVaultName: 'r1' })))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => requester.send(new ListTagsCommand({ ResourceArn: ravArn('r1') })))).name, 'ResourceNotFoundException');
    assert.deepEqual((await listFor()).map((v) => v.RestoreAccessBackupVaultArn), [ravArn('r2')]);
    // The revoked vault never turns AVAILABLE; the other one does.
    await t.advance(60);
    assert.deepEqual((await listFor()).map((v) => v.VaultState), ['AVAILABLE']);
    await assert.rejects(requester.send(new DescribeBackupVaultCommand({ BackupVaultName: 'r1' })));
  });

  it('keeps the source vault while restore access vaults use it; the requester may delete its vault', async () => {
    await request({ BackupVaultName: 'r1' });
    const refused = await errorOf(() => owner.send(new DeleteBackupVaultCommand({ BackupVaultName: 'lag' })));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.match(refused.message, /restore access backup vaults use it/);
    await requester.send(new DeleteBackupVaultCommand({ BackupVaultName: 'r1' }));
    assert.deepEqual(await listFor(), []);
    await owner.send(new DeleteBackupVaultCommand({ BackupVaultName: 'lag' }));
  });

  it('lists in pages with opaque tokens', async () => {
    for (let i = 0; i < 7; i++) await request({ BackupVaultName: `r${i}` });
    const arns: string[] = [];
    let token: string | undefined;
    do {
      const page = await owner.send(new ListRestoreAccessBackupVaultsCommand({ BackupVaultName: 'lag', MaxResults: 3, NextToken: token }));
      assert.ok(page.RestoreAccessBackupVaults!.length <= 3);
      arns.push(...page.RestoreAccessBackupVaults!.map((v) => v.RestoreAccessBackupVaultArn!));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(arns, Array.from({ length: 7 }, (_, i) => ravArn(`r${i}`)));
    const forged = await errorOf(() => owner.send(new ListRestoreAccessBackupVaultsCommand({ BackupVaultName: 'lag', NextToken: 'x.AAAA' })));
    assert.equal(forged.name, 'InvalidParameterValueException');
    const range = await errorOf(() => owner.send(new ListRestoreAccessBackupVaultsCommand({ BackupVaultName: 'lag', MaxResults: 1001 })));
    assert.equal(range.name, 'InvalidParameterValueException');
  });
});
